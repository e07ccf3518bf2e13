"""The policy: one place deciding who may do what; area scope per membership."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kotalive.accounts import policy
from kotalive.accounts.models import Membership, Organisation, User
from kotalive.accounts.staff_selectors import resident_get_for, residents_visible_to
from kotalive.complaints import policy as complaints_policy
from kotalive.core.errors import NotFound, PermissionDenied
from kotalive.core.permissions import allowed, declared, require
from tests.world import make_staff

pytestmark = pytest.mark.django_db


def names(actor) -> list[str]:
    return [r.full_name for r in residents_visible_to(actor=actor)]


def test_anonymous_and_residents_may_do_nothing(world):
    for actor in (None, AnonymousUser(), world.resident_user):
        for action in declared():
            assert not allowed(actor, action)
        assert policy.area_of(actor).is_empty


def test_require_raises_permission_denied_with_a_stable_code(world):
    with pytest.raises(PermissionDenied) as exc:
        require(world.resident_user, policy.RESIDENT_VIEW)
    assert exc.value.code == "forbidden"
    assert exc.value.status == 403


def test_unknown_actions_are_refused_even_for_the_city_admin(world):
    assert not allowed(world.city_admin, "resident.delete")


def test_inactive_staff_may_do_nothing(world):
    world.city_admin.is_active = False
    assert not allowed(world.city_admin, policy.RESIDENT_VIEW)
    assert names(world.city_admin) == []


def test_kelurahan_officer_is_scoped_to_their_kelurahan(world):
    assert names(world.lurah_sukarasa) == ["Ahmad Sukarasa"]
    assert allowed(world.lurah_sukarasa, policy.RESIDENT_VIEW, world.r_sukarasa)
    assert not allowed(world.lurah_sukarasa, policy.RESIDENT_VIEW, world.r_sukaasih)


def test_resident_get_for_out_of_scope_is_not_found(world):
    with pytest.raises(NotFound):
        resident_get_for(actor=world.lurah_sukarasa, id=world.r_sukaasih.pk)
    assert resident_get_for(actor=world.lurah_sukarasa, id=world.r_sukarasa.pk) == world.r_sukarasa


def test_city_offices_never_see_the_register_even_with_a_scope(world):
    dukcapil = Organisation.objects.create(kind="opd", slug="disdukcapil", name="Disdukcapil")
    whole_city = make_staff("dukcapil", dukcapil)
    assert names(whole_city) == []
    narrowed = make_staff("dukcapil.cipondoh", None)
    Membership.objects.create(
        user=narrowed,
        organisation=dukcapil,
        role=Membership.Role.OFFICER,
        scope_kecamatan=world.kel_cipondoh.kecamatan,
    )
    assert names(narrowed) == []
    assert not allowed(narrowed, policy.RESIDENT_VIEW)


def test_membership_scope_narrows_a_kecamatan_office(world):
    kec = Organisation.objects.get(slug="kec-1")
    narrowed = make_staff("camat.sukaasih", None)
    Membership.objects.create(
        user=narrowed,
        organisation=kec,
        role=Membership.Role.OFFICER,
        scope_kelurahan=world.kel_sukaasih,
    )
    assert names(narrowed) == ["Budi Sukaasih"]


def test_memberships_add_up(world):
    org = Organisation.objects.get(slug="kel-2")
    Membership.objects.create(user=world.lurah_sukarasa, organisation=org, role="supervisor")
    assert names(world.lurah_sukarasa) == ["Ahmad Sukarasa", "Budi Sukaasih"]


def test_residents_without_a_kelurahan_are_seen_only_city_wide(world):
    world.r_sukarasa.kelurahan = None
    world.r_sukarasa.save()
    assert names(world.lurah_sukarasa) == []
    assert "Ahmad Sukarasa" in names(world.city_admin)


def test_hospital_employer_vendor_and_viewers_never_see_residents(world):
    for kind in ("hospital", "employer", "vendor"):
        org = Organisation.objects.create(kind=kind, slug=f"o-{kind}", name=kind)
        user = make_staff(f"u-{kind}", org, Membership.Role.ADMIN)
        assert not allowed(user, policy.RESIDENT_VIEW)
        assert names(user) == []
    assert names(world.viewer) == []


def test_organisation_manage_for_city_admin_and_own_admin_only(world):
    rsud = Organisation.objects.get(slug="rsud")
    kel = Organisation.objects.get(slug="kel-1")
    assert allowed(world.city_admin, policy.ORGANISATION_MANAGE, kel)
    assert allowed(world.hospital_admin, policy.ORGANISATION_MANAGE, rsud)
    assert not allowed(world.hospital_admin, policy.ORGANISATION_MANAGE, kel)
    assert not allowed(world.lurah_sukarasa, policy.ORGANISATION_MANAGE, kel)


def test_audit_view_is_for_diskominfo_managers(world):
    assert allowed(world.city_admin, policy.AUDIT_VIEW)
    assert not allowed(world.viewer, policy.AUDIT_VIEW)
    assert not allowed(world.lurah_sukarasa, policy.AUDIT_VIEW)


def test_superuser_without_membership_is_a_city_admin(world):
    root = make_staff("root", None, is_superuser=True)
    assert allowed(root, policy.STAFF_ACCESS)
    assert len(names(root)) == 3


def test_staff_without_membership_has_no_access(world):
    nobody = make_staff("nobody", None)
    assert not allowed(nobody, policy.STAFF_ACCESS)
    assert names(nobody) == []


def test_a_superuser_counts_as_staff_only_with_a_staff_account(world):
    # One definition of staff for every app: LAKSA's policy used to admit a superuser of the
    # resident kind too (an account `createsuperuser` never makes).
    odd = User.objects.create_user(phone="+6281299990001", kind=User.Kind.RESIDENT)
    odd.is_superuser = True
    odd.save()
    assert not policy.is_staff(odd)
    assert not [name for name in declared() if allowed(odd, name)]
    assert not complaints_policy.is_tlr(odd)


def test_staff_users_is_is_staff_as_a_queryset(world):
    world.viewer.is_active = False
    world.viewer.save()
    every = list(User.objects.all())
    assert set(policy.staff_users()) == {u for u in every if policy.is_staff(u)}
