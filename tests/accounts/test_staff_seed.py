"""The demo organisations and staff, and the dev-only TOTP helper."""

from __future__ import annotations

from io import StringIO

import pyotp
import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from kotalive.accounts import policy, seed, totp
from kotalive.accounts.models import Membership, Organisation, User
from kotalive.accounts.staff_selectors import residents_visible_to
from kotalive.core.permissions import allowed
from kotalive.regions.services import regions_load
from tests.world import make_verified_resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    regions_load()
    seed.seed(log=lambda message: None)


def test_seed_creates_every_office_kecamatan_and_kelurahan(seeded):
    kinds = Organisation.Kind
    assert Organisation.objects.filter(kind=kinds.KECAMATAN).count() == 13
    assert Organisation.objects.filter(kind=kinds.KELURAHAN).count() == 104
    for slug in ("diskominfo", "disdukcapil", "bapenda", "pdam-tirta-benteng", "satpol-pp"):
        assert Organisation.objects.filter(slug=slug).exists()
    for kind in (kinds.HOSPITAL, kinds.EMPLOYER, kinds.VENDOR, kinds.DISKOMINFO):
        assert Organisation.objects.filter(kind=kind).exists()
    sukarasa = Organisation.objects.get(slug="kelurahan-3671011001")
    assert sukarasa.kelurahan is not None
    assert sukarasa.kelurahan.name == "Sukarasa"
    assert sukarasa.parent is not None
    assert sukarasa.parent.slug == "kecamatan-367101"


def test_seed_is_idempotent(seeded):
    before = (Organisation.objects.count(), User.objects.count(), Membership.objects.count())
    seed.seed(log=lambda message: None)
    assert (Organisation.objects.count(), User.objects.count(), Membership.objects.count()) == (
        before
    )


def test_demo_staff_sign_in_with_the_documented_password_and_totp(seeded):
    for username in ("admin", "tlr", "lurah.sukarasa", "lurah.sukaasih", "camat.tangerang"):
        user = authenticate(None, username=username, password=seed.DEMO_PASSWORD_DEFAULT)
        assert isinstance(user, User), username
        assert totp.totp_is_confirmed(user)
        assert totp.totp_secret_of(user) == seed.DEMO_TOTP_SECRET
    admin = User.objects.get(username="admin")
    assert admin.is_superuser
    assert admin.is_staff


def test_demo_staff_scopes_match_their_offices(seeded):
    from kotalive.regions.models import Kelurahan

    sukarasa = make_verified_resident("Warga Sukarasa", Kelurahan.objects.get(code="36.71.01.1001"))
    sukaasih = make_verified_resident("Warga Sukaasih", Kelurahan.objects.get(code="36.71.01.1002"))
    other = make_verified_resident("Warga Cipondoh", Kelurahan.objects.get(code="36.71.05.1001"))

    def seen(username: str) -> set[int]:
        actor = User.objects.get(username=username)
        return set(residents_visible_to(actor=actor).values_list("pk", flat=True))

    assert seen("lurah.sukarasa") == {sukarasa.pk}
    assert seen("lurah.sukaasih") == {sukaasih.pk}
    assert seen("camat.tangerang") == {sukarasa.pk, sukaasih.pk}
    assert seen("dukcapil") == set()  # a city office: residents only through its own cases
    assert seen("tlr") == set()
    assert seen("admin") == {sukarasa.pk, sukaasih.pk, other.pk}
    assert allowed(User.objects.get(username="tlr"), policy.STAFF_ACCESS)


def test_demo_password_comes_from_the_environment_when_set(settings, monkeypatch):
    monkeypatch.setenv("KOTALIVE_DEMO_PASSWORD", "another-local-password")
    regions_load()
    seed.seed(log=lambda message: None)
    assert authenticate(None, username="tlr", password="another-local-password") is not None
    assert authenticate(None, username="tlr", password=seed.DEMO_PASSWORD_DEFAULT) is None


def test_prod_seed_creates_offices_but_no_staff_with_a_known_password(settings):
    settings.PROD = True
    regions_load()
    lines: list[str] = []
    seed.seed(log=lines.append)
    assert Organisation.objects.filter(kind="kelurahan").count() == 104
    assert not User.objects.filter(kind="staff").exists()
    assert any("kotalive createsuperuser" in line for line in lines)


def test_demo_totp_prints_the_current_code(seeded):
    out = StringIO()
    call_command("demo_totp", "lurah.sukarasa", stdout=out)
    assert out.getvalue().strip() == pyotp.TOTP(seed.DEMO_TOTP_SECRET).now()


def test_demo_totp_refuses_in_prod(seeded, settings):
    settings.PROD = True
    with pytest.raises(CommandError):
        call_command("demo_totp", "admin", stdout=StringIO())


def test_demo_totp_refuses_unknown_users(seeded):
    with pytest.raises(CommandError):
        call_command("demo_totp", "nobody", stdout=StringIO())
