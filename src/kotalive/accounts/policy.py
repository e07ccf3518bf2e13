"""The one place that decides which staff member may do what to residents, organisations, the
catalog and the audit log (LAKSA cases: `kotalive.complaints.policy`, on the same memberships).

Every view, API handler and selector asks `can(actor, action, obj)` or `require(...)`; nothing else
compares roles. Area scope (which residents a staff member may see) is computed by `area_of`.

Rules, in short:
- Only active staff members count; residents and anonymous users may do nothing here.
- A Django superuser and an admin of Diskominfo may do everything, for the whole city.
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
- `catalog.manage`: Diskominfo admins and supervisors for every menu; an office's admin or
  supervisor for the menus it owns (an object with `office_id`, `owner_id` or
  `organisation_id`).
- `audit.view`: Diskominfo admins and supervisors.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Membership, Organisation, ResidentIdentity, User
from kotalive.core.errors import PermissionDenied

Role = Membership.Role
Kind = Organisation.Kind

STAFF_ACCESS = "staff.access"
RESIDENT_VIEW = "resident.view"
ORGANISATION_MANAGE = "organisation.manage"
CATALOG_MANAGE = "catalog.manage"
AUDIT_VIEW = "audit.view"
ACTIONS = frozenset({STAFF_ACCESS, RESIDENT_VIEW, ORGANISATION_MANAGE, CATALOG_MANAGE, AUDIT_VIEW})

# Who sees the resident register besides city admins (see the module docstring for why).
_RESIDENT_ROLES = frozenset({Role.SUPERVISOR, Role.OFFICER})
_RESIDENT_ORG_KINDS = frozenset({Kind.KECAMATAN, Kind.KELURAHAN})
_MANAGER_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR})


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


def _active_staff(actor: Any) -> User | None:
    if (
        isinstance(actor, User)
        and actor.pk is not None
        and actor.is_active
        and actor.is_staff_member
    ):
        return actor
    return None


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


def _is_city_admin(user: User) -> bool:
    if user.is_superuser:
        return True
    return any(
        m.role == Role.ADMIN and m.organisation.kind == Kind.DISKOMINFO
        for m in memberships_of(user)
    )


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
    user = _active_staff(actor)
    if user is None:
        return NOWHERE
    if _is_city_admin(user):
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


def _owner_org_id(obj: Any) -> int | None:
    if isinstance(obj, Organisation):
        return obj.pk
    for attr in ("office_id", "owner_id", "organisation_id"):
        value = getattr(obj, attr, None)
        if isinstance(value, int):
            return value
    return None


def can(actor: Any, action: str, obj: Any = None) -> bool:
    """May `actor` do `action` (to `obj`, when given)? Unknown actions are refused."""
    if action not in ACTIONS:
        return False
    user = _active_staff(actor)
    if user is None:
        return False
    if action == STAFF_ACCESS:
        return user.is_superuser or bool(memberships_of(user))
    if _is_city_admin(user):
        return True
    memberships = memberships_of(user)
    if action == RESIDENT_VIEW:
        area = area_of(user, RESIDENT_VIEW)
        if obj is None:
            return not area.is_empty
        if not isinstance(obj, ResidentIdentity):
            return False
        kelurahan = obj.kelurahan
        return area.covers_kelurahan(
            obj.kelurahan_id, kelurahan.kecamatan_id if kelurahan is not None else None
        )
    if action == AUDIT_VIEW:
        return any(
            m.role in _MANAGER_ROLES and m.organisation.kind == Kind.DISKOMINFO for m in memberships
        )
    if action in (ORGANISATION_MANAGE, CATALOG_MANAGE):
        roles = {Role.ADMIN} if action == ORGANISATION_MANAGE else _MANAGER_ROLES
        if action == CATALOG_MANAGE and any(
            m.role in roles and m.organisation.kind == Kind.DISKOMINFO for m in memberships
        ):
            return True
        owner = _owner_org_id(obj)
        if obj is None:
            return any(m.role in roles for m in memberships)
        return owner is not None and any(
            m.role in roles and m.organisation_id == owner for m in memberships
        )
    return False


def require(actor: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403, code `forbidden`) unless `can(actor, action, obj)`."""
    if not can(actor, action, obj):
        raise PermissionDenied("forbidden", _("You do not have permission to do this."))
