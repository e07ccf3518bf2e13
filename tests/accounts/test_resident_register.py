"""The resident register (`/staff/warga/`, `/api/v1/staff/residents`): least privilege, the area
scope, and an audit row for every list and every read (issue 9, point 6)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kotalive.accounts import policy
from kotalive.accounts.models import Membership, Organisation, User
from kotalive.core.models import AuditEvent
from kotalive.core.permissions import allowed
from tests.world import World, make_staff, staff_client

pytestmark = pytest.mark.django_db

LIST_API = "/api/v1/staff/residents"
NAMES = ("Ahmad Sukarasa", "Budi Sukaasih", "Citra Cipondoh")


def member(username: str, org: Organisation, role: str, **scope: object) -> User:
    user = make_staff(username, None)
    Membership.objects.create(user=user, organisation=org, role=role, **scope)
    return user


def refused_personas(world: World) -> dict[str, User]:
    """Everyone who must not see the register, with the reason in the key."""
    kind, role = Organisation.Kind, Membership.Role
    kominfo = Organisation.objects.get(slug="diskominfo")
    kel = Organisation.objects.get(slug="kel-1")
    kec = Organisation.objects.get(slug="kec-1")
    dukcapil = Organisation.objects.create(kind=kind.OPD, slug="disdukcapil", name="Disdukcapil")
    dpupr = Organisation.objects.create(kind=kind.OPD, slug="dpupr", name="DPUPR")
    pt_tng = Organisation.objects.create(kind=kind.OPD, slug="pt-tng", name="PT TNG")
    pdam = Organisation.objects.create(kind=kind.OPD, slug="pdam", name="PDAM Tirta Benteng")
    return {
        "disdukcapil officer": member("dukcapil", dukcapil, role.OFFICER),
        "dinas supervisor": member("dpupr.kabid", dpupr, role.SUPERVISOR),
        "dinas admin": member("dpupr.admin", dpupr, role.ADMIN),
        "city company officer": member("pt-tng", pt_tng, role.OFFICER),
        "city company admin": member("pdam.admin", pdam, role.ADMIN),
        "TLR operator": member("tlr", kominfo, role.OPERATOR),
        "Diskominfo supervisor": member("kominfo.spv", kominfo, role.SUPERVISOR),
        "Diskominfo officer": member("kominfo.officer", kominfo, role.OFFICER),
        "Diskominfo viewer": world.viewer,
        "kelurahan admin": member("kel.admin", kel, role.ADMIN),
        "kelurahan operator": member("kel.operator", kel, role.OPERATOR),
        "kelurahan viewer": member("kel.viewer", kel, role.VIEWER),
        "kecamatan admin": member("kec.admin", kec, role.ADMIN),
        "hospital admin": world.hospital_admin,
    }


def listed(actor: User, channel: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action="resident.listed", actor=actor, channel=channel))


def test_every_refused_persona_gets_403_with_nothing_listed_and_nothing_audited(world):
    for why, user in refused_personas(world).items():
        assert not allowed(user, policy.RESIDENT_VIEW), why
        client = staff_client(user)
        page = client.get(reverse("staff:resident_list"))
        assert page.status_code == 403, why
        detail = client.get(reverse("staff:resident_detail", args=[world.r_sukarasa.pk]))
        assert detail.status_code == 403, why
        api = client.get(LIST_API)
        assert api.status_code == 403, why
        assert api["Content-Type"] == "application/problem+json"
        assert api.json()["code"] == "forbidden"
        one = client.get(f"{LIST_API}/{world.r_sukarasa.pk}")
        assert one.status_code == 403, why
        for body in (page, detail, api, one):
            assert not any(name in body.content.decode() for name in NAMES), why
        dashboard = client.get(reverse("staff:dashboard")).content.decode()
        assert reverse("staff:resident_list") not in dashboard, why
    assert not AuditEvent.objects.filter(action__in=["resident.listed", "resident.viewed"]).exists()


def test_kelurahan_officer_and_supervisor_list_and_read_their_kelurahan_only(world):
    lurah = member("lurah", Organisation.objects.get(slug="kel-1"), Membership.Role.SUPERVISOR)
    for user in (world.lurah_sukarasa, lurah):
        client = staff_client(user)
        page = client.get(reverse("staff:resident_list"))
        assert page.status_code == 200
        body = page.content.decode()
        assert "Ahmad Sukarasa" in body
        assert "Budi Sukaasih" not in body
        assert "Citra Cipondoh" not in body
        api = client.get(LIST_API).json()
        assert [r["full_name"] for r in api["items"]] == ["Ahmad Sukarasa"]
        assert api["count"] == 1
        assert client.get(f"{LIST_API}/{world.r_sukarasa.pk}").status_code == 200
        assert client.get(f"{LIST_API}/{world.r_sukaasih.pk}").status_code == 404


def test_kecamatan_officer_lists_their_kecamatan_and_city_admin_the_whole_city(world):
    camat = staff_client(world.camat_tangerang).get(LIST_API).json()
    assert [r["full_name"] for r in camat["items"]] == ["Ahmad Sukarasa", "Budi Sukaasih"]
    admin = staff_client(world.city_admin).get(LIST_API).json()
    assert [r["full_name"] for r in admin["items"]] == list(NAMES)


def test_a_membership_scope_narrows_an_office_but_never_widens_it(world):
    kec = Organisation.objects.get(slug="kec-1")
    kel = Organisation.objects.get(slug="kel-1")
    narrowed = member(
        "camat.sukaasih", kec, Membership.Role.OFFICER, scope_kelurahan=world.kel_sukaasih
    )
    widened_kel = member(
        "lurah.wide", kel, Membership.Role.OFFICER, scope_kecamatan=world.kel_cipondoh.kecamatan
    )
    elsewhere = member(
        "lurah.elsewhere", kel, Membership.Role.OFFICER, scope_kelurahan=world.kel_cipondoh
    )
    own_kecamatan = member(
        "lurah.kec", kel, Membership.Role.OFFICER, scope_kecamatan=world.kel_sukarasa.kecamatan
    )

    def names(user: User) -> list[str]:
        return [r["full_name"] for r in staff_client(user).get(LIST_API).json().get("items", [])]

    assert names(narrowed) == ["Budi Sukaasih"]
    assert names(own_kecamatan) == ["Ahmad Sukarasa"]
    for user in (widened_kel, elsewhere):
        assert not allowed(user, policy.RESIDENT_VIEW)
        assert staff_client(user).get(LIST_API).status_code == 403


def test_every_listing_is_audited_with_who_channel_slice_and_residents_shown(world):
    client = staff_client(world.camat_tangerang)
    assert client.get(reverse("staff:resident_list"), {"page": "1"}).status_code == 200
    (web,) = listed(world.camat_tangerang, "web")
    assert web.actor_label == "staff:camat.tangerang"
    assert web.data == {
        "offset": 0,
        "limit": 25,
        "count": 2,
        "shown": [world.r_sukarasa.pk, world.r_sukaasih.pk],
    }
    assert client.get(LIST_API, {"limit": "1", "offset": "1"}).status_code == 200
    (api,) = listed(world.camat_tangerang, "api")
    assert api.data == {"offset": 1, "limit": 1, "count": 2, "shown": [world.r_sukaasih.pk]}
    assert api.target_type == ""


def test_a_page_past_the_end_is_audited_and_shows_no_one(world):
    client = staff_client(world.lurah_sukarasa)
    body = client.get(reverse("staff:resident_list"), {"page": "7"}).content.decode()
    assert "Ahmad Sukarasa" not in body
    (event,) = listed(world.lurah_sukarasa, "web")
    assert event.data == {"offset": 150, "limit": 25, "count": 1, "shown": []}


def test_every_read_is_audited_on_both_front_ends(world):
    client = staff_client(world.lurah_sukarasa)
    client.get(reverse("staff:resident_detail", args=[world.r_sukarasa.pk]))
    client.get(f"{LIST_API}/{world.r_sukarasa.pk}")
    reads = AuditEvent.objects.filter(
        action="resident.viewed",
        actor=world.lurah_sukarasa,
        target_type="accounts.residentidentity",
        target_id=str(world.r_sukarasa.pk),
    )
    assert sorted(reads.values_list("channel", flat=True)) == ["api", "web"]
