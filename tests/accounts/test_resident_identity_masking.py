"""NIK and KK masks reveal nothing that, with what is shown beside them, rebuilds the number.

The old mask `3671********0001` hid the kecamatan and the birth date (both shown beside it, the
date with the sex offset) and showed the serial: the whole NIK could be rebuilt. The test world
is two heads of family of one kelurahan, both men born on 17 August 1985, whose NIKs and KKs
differ in the serial only: every place that shows a number must show the two the same.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.test import Client
from django.urls import reverse

from kotalive.accounts.models import Membership, Organisation, ResidentIdentity, User
from kotalive.accounts.services import identity_verify
from kotalive.civil_registry.models import Family, Person
from kotalive.civil_registry.services import family_register
from kotalive.core import crypto
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan
from tests.accounts.conftest import FAMILY, KK
from tests.world import make_staff, resident_client, staff_client

pytestmark = pytest.mark.django_db

MASK = "3671************"
TWIN_KK = "3671012001120002"
TWIN_NIK = "3671011708850002"  # Budi's NIK (…0001) with the next serial
BIRTH = dt.date(1985, 8, 17)
BACKEND = "kotalive.accounts.backends.StaffBackend"


@pytest.fixture
def twins(family, make_resident, bearer, settings) -> tuple[User, User]:
    """Budi (the `family` fixture's head) and Bayu: same kelurahan, same birthday, both verified."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    kelurahan = Kelurahan.objects.get(code="36.71.01.1001")
    family_register(
        kk=TWIN_KK,
        kelurahan=kelurahan,
        address="Jl. Merdeka No. 19",
        members=[(TWIN_NIK, "Bayu Santoso", BIRTH, "head")],
    )
    budi, bayu = make_resident(), make_resident()
    head = FAMILY[0]
    assert head.birth_date == BIRTH
    identity_verify(
        actor=budi, nik=head.nik, kk=KK, full_name=head.full_name, birth_date=BIRTH, ip=None
    )
    identity_verify(
        actor=bayu, nik=TWIN_NIK, kk=TWIN_KK, full_name="Bayu Santoso", birth_date=BIRTH, ip=None
    )
    return budi, bayu


def shown(html: str, label: str) -> str:
    """The value shown for the first label containing `label` (pages open in Indonesian)."""
    match = re.search(rf"<dt>[^<]*{re.escape(label)}[^<]*</dt>\s*<dd>(.*?)</dd>", html)
    assert match is not None, f"{label} not shown"
    return match.group(1)


def officer_client() -> Client:
    org = Organisation.objects.create(
        kind=Organisation.Kind.KELURAHAN,
        slug="kel-sukarasa",
        name="Kel. Sukarasa",
        kelurahan=Kelurahan.objects.get(code="36.71.01.1001"),
    )
    return staff_client(make_staff("lurah.sukarasa", org, Membership.Role.OFFICER))


def test_the_mask_hides_the_kecamatan_the_date_and_the_serial():
    for number in (FAMILY[0].nik, FAMILY[1].nik, KK, TWIN_KK):
        masked = crypto.mask_identity_number(number)
        assert masked == number[:4] + "*" * 12
        hidden = [i for i, ch in enumerate(masked) if ch == "*"]
        assert set(range(4, 6)) <= set(hidden)  # kecamatan
        assert set(range(6, 12)) <= set(hidden)  # birth (or recording) date
        assert set(range(12, 16)) <= set(hidden)  # serial
    assert crypto.mask_identity_number(FAMILY[0].nik) == crypto.mask_identity_number(TWIN_NIK)


def test_stored_masks_and_their_labels_do_not_tell_the_twins_apart(twins):
    budi, bayu = (ResidentIdentity.objects.get(user=u) for u in twins)
    for identity in (budi, bayu):
        assert (identity.nik_masked, identity.kk_masked) == (MASK, MASK)
    assert str(budi) == f"{MASK} Budi Santoso"
    people = Person.objects.filter(full_name__in=["Budi Santoso", "Bayu Santoso"])
    assert {p.nik_masked for p in people} == {MASK}
    assert {str(f) for f in Family.objects.all()} == {f"KK {MASK}"}
    verified = AuditEvent.objects.filter(action="resident.identity_verified")
    assert [e.data for e in verified] == [{"nik_masked": MASK, "kk_masked": MASK}] * 2
    registered = AuditEvent.objects.filter(action="registry.family_registered")
    assert {e.data["kk_masked"] for e in registered} == {MASK}


def test_profile_page_and_api_show_the_twins_the_same(twins, bearer):
    pages = [resident_client(u).get(reverse("accounts:profile")).content.decode() for u in twins]
    assert [shown(p, "NIK") for p in pages] == [MASK, MASK]
    assert [shown(p, "KK") for p in pages] == [MASK, MASK]
    for user in twins:
        client = Client(**{f"HTTP_{k.upper()}": v for k, v in bearer(user).items()})
        me = client.get("/api/v1/me").json()["identity"]
        assert (me["nik_masked"], me["kk_masked"], me["birth_date"]) == (MASK, MASK, "1985-08-17")
        household = client.get("/api/v1/me/household").json()
        assert {m["nik_masked"] for m in household} == {MASK}
        exported: dict[str, Any] = client.get("/api/v1/me/export").json()
        assert {m["nik_masked"] for m in exported["household"]} == {MASK}


def test_staff_pages_and_api_show_the_twins_the_same(twins, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    budi, bayu = (ResidentIdentity.objects.get(user=u) for u in twins)
    client = officer_client()
    listing = client.get(reverse("staff:resident_list")).content.decode()
    assert re.findall(r"<tr><td>(.*?)</td>", listing) == [MASK, MASK]
    for label in ("NIK", "KK"):
        details = [
            shown(client.get(reverse("staff:resident_detail", args=[r.pk])).content.decode(), label)
            for r in (budi, bayu)
        ]
        assert details == [MASK, MASK]
    items = client.get("/api/v1/staff/residents").json()["items"]
    assert [i["nik_masked"] for i in items] == [MASK, MASK]
    for r in (budi, bayu):
        one = client.get(f"/api/v1/staff/residents/{r.pk}").json()
        assert (one["nik_masked"], one["kk_masked"]) == (MASK, MASK)
        assert (one["birth_date"], one["sex"]) == ("1985-08-17", "M")


def _migration(app: str) -> Any:
    return importlib.import_module(f"kotalive.{app}.migrations.0002_remask_identity_numbers")


def test_data_migrations_remask_what_was_stored_with_the_old_mask(twins):
    old_nik, old_kk = "3671********0002", "3671********0002"
    ResidentIdentity.objects.filter(user=twins[1]).update(nik_masked=old_nik, kk_masked=old_kk)
    Person.objects.filter(full_name="Bayu Santoso").update(nik_masked=old_nik)
    Family.objects.update(kk_masked=old_kk)
    _migration("accounts").forwards(django_apps, None)
    _migration("civil_registry").forwards(django_apps, None)
    identity = ResidentIdentity.objects.get(user=twins[1])
    assert (identity.nik_masked, identity.kk_masked) == (MASK, MASK)
    assert set(Person.objects.values_list("nik_masked", flat=True)) == {MASK}
    assert set(Family.objects.values_list("kk_masked", flat=True)) == {MASK}
