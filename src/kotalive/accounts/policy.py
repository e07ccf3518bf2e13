"""Who counts as staff, and the identity permissions: residents, organisations, the audit log,
the back office and the Django admin. Other apps declare theirs in their own `policy.py` on the
same memberships (LAKSA cases: `complaints.policy`; the catalog: `catalog.policy`).

Every view, API handler and selector asks `core.permissions.allowed(actor, permission, obj)` or
`require(...)`; nothing else compares roles. Area scope (which residents a staff member may see)
is computed by `area_of`.

Rules, in short:
- Only active staff members count (`is_staff`, the one definition; `staff_users` is the same as
  a queryset); residents and anonymous users may do nothing here. A superuser counts only as a
  staff account (`createsuperuser` makes one).
- A Django superuser and an admin of Diskominfo may do everything here, for the whole city.
- `staff.access` (the back office): a superuser or a member of an active organisation.
- `admin.open` (the Django admin, which also wants a TOTP-verified session): staff with the
  admin flag (`User.is_staff`).
- `resident.view` (the register of NIK-verified residents, `/staff/warga/` and
  `/api/v1/staff/residents`): least privilege, because it lists names, birth dates, sex and
  kelurahan. Only those whose daily work is serving residents of a place see it:
  - officers and supervisors (the lurah, the camat) of a kelurahan or kecamatan office, for their
    own office's area only (a membership scope may narrow that area, never widen it);
  - Diskominfo admins (and Django superusers), for the whole city: they run the platform and
    answer residents' data-rights requests.
  Refused: every other role of those offices (admin, operator, viewer); every role of a city
  office (OPD/dinas, Disdukcapil included) and of the city companies (PDAM, Perumda Pasar, PT
  TNG), which reach a resident only through the case or application they work on, under that
  domain's policy; the command centre (TLR operators: LAKSA's policy shows them the reporter);
  other Diskominfo roles; hospitals, employers and market vendors. Every list and every read is
  audited (`resident.listed`, `resident.viewed`, in `staff_services`).
- `organisation.manage`: Diskominfo admins for every organisation; an organisation's own
  admin for it.
- `audit.view`: Diskominfo admins and supervisors.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any, TypeGuard

from django.db.models import Q, QuerySet

from kotalive.accounts.models import Membership, Organisation, ResidentIdentity, User
from kotalive.core.permissions import Rule, permissions_declare

Role = Membership.Role
Kind = Organisation.Kind

STAFF_ACCESS = "staff.access"
ADMIN_OPEN = "admin.open"
RESIDENT_VIEW = "resident.view"
ORGANISATION_MANAGE = "organisation.manage"
AUDIT_VIEW = "audit.view"

# Who sees the resident register besides city admins (see the module docstring for why).
_RESIDENT_ROLES = frozenset({Role.SUPERVISOR, Role.OFFICER})
_RESIDENT_ORG_KINDS = frozenset({Kind.KECAMATAN, Kind.KELURAHAN})
# Those who run an organisation (its menus, its escalations).
MANAGER_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


@dataclass(frozen=True)
class Area:
    """The part of the city a staff member covers: the whole city, or kecamatan/kelurahan."""

    city: bool = False
    kecamatan_ids: frozenset[int] = field(default_factory=frozenset)
    kelurahan_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.city or self.kecamatan_ids or self.kelurahan_ids)

    def resident_filter(self) -> Q:
        """A filter on ResidentIdentity; an empty area matches nothing."""
        if self.city:
            return Q()
        return Q(kelurahan_id__in=self.kelurahan_ids) | Q(
            kelurahan__kecamatan_id__in=self.kecamatan_ids
        )

    def covers_kelurahan(self, kelurahan_id: int | None, kecamatan_id: int | None) -> bool:
        if self.city:
            return True
        if kelurahan_id is None:
            return False
        return kelurahan_id in self.kelurahan_ids or kecamatan_id in self.kecamatan_ids


NOWHERE = Area()
CITY = Area(city=True)


def is_staff(actor: Any) -> TypeGuard[User]:
    """Does `actor` count as staff? The one definition: a saved, active user of the staff kind.

    `User.is_staff_member` only says how an account signs in (username, password and TOTP);
    `User.is_staff` only opens the Django admin. A superuser counts as staff only with a staff
    account (the stricter of the two definitions this replaced: LAKSA's policy also admitted a
    superuser of the resident kind, which `createsuperuser` never makes).
    """
    return bool(
        isinstance(actor, User)
        and actor.pk is not None
        and actor.is_active
        and actor.kind == User.Kind.STAFF
    )


def staff_users() -> QuerySet[User]:
    """`is_staff` as a queryset: every active staff account."""
    return User.objects.filter(kind=User.Kind.STAFF, is_active=True)


def staff_rule(check: Callable[[User, Any], bool]) -> Rule:
    """A rule for a permission of staff only: anyone else (residents, anonymous users, inactive
    accounts) is refused before `check(user, obj)` is asked."""

    def rule(actor: Any, obj: Any) -> bool:
        return is_staff(actor) and check(actor, obj)

    return rule


def memberships_of(user: User) -> list[Membership]:
    """Active memberships, cached on the user object for the request."""
    cached: list[Membership] | None = getattr(user, "_kotalive_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user, organisation__is_active=True).select_related(
                "organisation__kelurahan", "scope_kecamatan", "scope_kelurahan"
            )
        )
        user._kotalive_memberships = cached  # type: ignore[attr-defined]
    return cached


OfficeArea = tuple[frozenset[int], frozenset[int]] | None


def office_areas(
    actor: Any, *, roles: Collection[str], kinds: Collection[str]
) -> dict[int, OfficeArea]:
    """The offices (of `kinds`) where `actor` holds one of `roles`, each with the area its
    memberships narrow it to: None for the office's whole intake, else (kecamatan ids,
    kelurahan ids). Several roles in one office add up: the whole intake wins, areas are joined.
    The domains' queues (LAKSA cases, applications) are scoped by it."""
    if not is_staff(actor):
        return {}
    offices: dict[int, OfficeArea] = {}
    for m in memberships_of(actor):
        if m.role not in roles or m.organisation.kind not in kinds:
            continue
        area: OfficeArea
        if m.scope_kelurahan_id is not None:
            area = (frozenset(), frozenset({m.scope_kelurahan_id}))
        elif m.scope_kecamatan_id is not None:
            area = (frozenset({m.scope_kecamatan_id}), frozenset())
        else:
            area = None
        if m.organisation_id in offices:
            known = offices[m.organisation_id]
            area = (
                None if known is None or area is None else (known[0] | area[0], known[1] | area[1])
            )
        offices[m.organisation_id] = area
    return offices


def is_member_of(actor: Any, organisation_id: int) -> bool:
    """Is `actor` staff holding a role (any) in this active organisation? Asked afresh, not from
    the per-request cache, because a live-event stream outlasts requests."""
    return is_staff(actor) and (
        Membership.objects.filter(
            user=actor, organisation_id=organisation_id, organisation__is_active=True
        ).exists()
    )


def holds_role(
    user: User,
    roles: Collection[str],
    *,
    kinds: Collection[str] | None = None,
    organisation_id: int | None = None,
) -> bool:
    """Does `user` hold one of `roles` in an active organisation (of one of `kinds`; or the one
    with `organisation_id`)?"""
    return any(
        m.role in roles
        and (kinds is None or m.organisation.kind in kinds)
        and (organisation_id is None or m.organisation_id == organisation_id)
        for m in memberships_of(user)
    )


def is_city_admin(user: User) -> bool:
    """A superuser or an admin of Diskominfo: may do everything, for the whole city."""
    return user.is_superuser or holds_role(user, {Role.ADMIN}, kinds={Kind.DISKOMINFO})


def _office_area(org: Organisation) -> Area:
    if org.kind == Kind.KELURAHAN and org.kelurahan_id is not None:
        return Area(kelurahan_ids=frozenset({org.kelurahan_id}))
    if org.kind == Kind.KECAMATAN and org.kecamatan_id is not None:
        return Area(kecamatan_ids=frozenset({org.kecamatan_id}))
    return NOWHERE


def _membership_area(m: Membership) -> Area:
    """The office's own area, narrowed by the membership's scope; a scope outside it gives none."""
    office = _office_area(m.organisation)
    if m.scope_kelurahan_id is not None:
        scope = m.scope_kelurahan
        inside = office.covers_kelurahan(
            m.scope_kelurahan_id, scope.kecamatan_id if scope is not None else None
        )
        return Area(kelurahan_ids=frozenset({m.scope_kelurahan_id})) if inside else NOWHERE
    if m.scope_kecamatan_id is not None:
        if m.scope_kecamatan_id in office.kecamatan_ids:
            return office
        # A kelurahan office scoped to its own kecamatan still covers its kelurahan only.
        org = m.organisation
        kelurahan = org.kelurahan if org.kind == Kind.KELURAHAN else None
        if kelurahan is not None and kelurahan.kecamatan_id == m.scope_kecamatan_id:
            return office
        return NOWHERE
    return office


def area_of(actor: Any, action: str = RESIDENT_VIEW) -> Area:
    """The residents' area `actor` may see for `action` (the union over their memberships)."""
    if not is_staff(actor):
        return NOWHERE
    user = actor
    if is_city_admin(user):
        return CITY
    if action != RESIDENT_VIEW:
        return NOWHERE
    kecamatan: set[int] = set()
    kelurahan: set[int] = set()
    for m in memberships_of(user):
        if m.role not in _RESIDENT_ROLES or m.organisation.kind not in _RESIDENT_ORG_KINDS:
            continue
        area = _membership_area(m)
        kecamatan |= area.kecamatan_ids
        kelurahan |= area.kelurahan_ids
    return Area(kecamatan_ids=frozenset(kecamatan), kelurahan_ids=frozenset(kelurahan))


def owner_org_id(obj: Any) -> int | None:
    """The organisation that owns `obj` (an organisation, or an object with `office_id`,
    `owner_id` or `organisation_id`), or None."""
    if isinstance(obj, Organisation):
        return obj.pk
    for attr in ("office_id", "owner_id", "organisation_id"):
        value = getattr(obj, attr, None)
        if isinstance(value, int):
            return value
    return None


def _staff_access(user: User, obj: Any) -> bool:
    return user.is_superuser or bool(memberships_of(user))


def _admin_open(user: User, obj: Any) -> bool:
    return user.is_staff


def _resident_view(user: User, obj: Any) -> bool:
    if is_city_admin(user):
        return True
    area = area_of(user, RESIDENT_VIEW)
    if obj is None:
        return not area.is_empty
    if not isinstance(obj, ResidentIdentity):
        return False
    kelurahan = obj.kelurahan
    return area.covers_kelurahan(
        obj.kelurahan_id, kelurahan.kecamatan_id if kelurahan is not None else None
    )


def _organisation_manage(user: User, obj: Any) -> bool:
    if is_city_admin(user):
        return True
    if obj is None:
        return holds_role(user, {Role.ADMIN})
    owner = owner_org_id(obj)
    return owner is not None and holds_role(user, {Role.ADMIN}, organisation_id=owner)


def _audit_view(user: User, obj: Any) -> bool:
    return is_city_admin(user) or holds_role(user, MANAGER_ROLES, kinds={Kind.DISKOMINFO})


permissions_declare(
    "accounts",
    {
        STAFF_ACCESS: staff_rule(_staff_access),
        ADMIN_OPEN: staff_rule(_admin_open),
        RESIDENT_VIEW: staff_rule(_resident_view),
        ORGANISATION_MANAGE: staff_rule(_organisation_manage),
        AUDIT_VIEW: staff_rule(_audit_view),
    },
)
