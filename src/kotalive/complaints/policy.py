"""Who may see and do what with LAKSA cases. Views, API, Open311 and tasks all ask here.

- TLR (the command centre): staff of Diskominfo with the operator, supervisor or admin role, and
  superusers. They see every case in the city and do everything: triage, assign, merge, reject,
  forward, reply, enter cases taken by phone or from social media.
- An office (OPD, kecamatan or kelurahan office): its admins, supervisors and officers work the
  cases assigned to it (start, reply, note, resolve with evidence, approve photos, hand back to
  TLR); its viewers read them. A membership narrowed to a kecamatan or kelurahan sees only cases
  there. An office never sees another office's queue, nor cases not yet assigned to it.
- A resident sees their own cases and those they follow, and the public view of every case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.accounts.policy import memberships_of

Role = Membership.Role
Kind = Organisation.Kind

_TLR_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR})
_WORK_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OFFICER})
_READ_ROLES = _WORK_ROLES | {Role.VIEWER}
_OFFICE_KINDS = frozenset({Kind.OPD, Kind.KECAMATAN, Kind.KELURAHAN, Kind.DISKOMINFO})

# States in which a case belongs to an office's queue.
OFFICE_STATES = ("assigned", "in_progress", "resolved", "closed", "rejected", "forwarded")


def _staff(actor: Any) -> User | None:
    if (
        isinstance(actor, User)
        and actor.pk is not None
        and actor.is_active
        and (actor.is_superuser or actor.is_staff_member)
    ):
        return actor
    return None


def is_tlr(actor: Any) -> bool:
    user = _staff(actor)
    if user is None:
        return False
    if user.is_superuser:
        return True
    return any(
        m.role in _TLR_ROLES and m.organisation.kind == Kind.DISKOMINFO
        for m in memberships_of(user)
    )


@dataclass(frozen=True)
class OfficeScope:
    """The offices (and, per office, the areas) whose queues a staff member reads or works."""

    # office id -> None (its whole queue) or (kecamatan ids, kelurahan ids) it is narrowed to
    offices: dict[int, tuple[frozenset[int], frozenset[int]] | None] = field(default_factory=dict)

    def filter(self) -> Q:
        if not self.offices:
            return Q(pk__in=[])
        q = Q(pk__in=[])
        for office_id, area in self.offices.items():
            part = Q(office_id=office_id, state__in=OFFICE_STATES)
            if area is not None:
                kecamatan, kelurahan = area
                part &= Q(kelurahan_id__in=kelurahan) | Q(kelurahan__kecamatan_id__in=kecamatan)
            q |= part
        return q

    def covers(self, complaint: Any) -> bool:
        if complaint.office_id not in self.offices or complaint.state not in OFFICE_STATES:
            return False
        area = self.offices[complaint.office_id]
        if area is None:
            return True
        kecamatan, kelurahan = area
        return complaint.kelurahan_id in kelurahan or complaint.kelurahan.kecamatan_id in kecamatan


def office_scope(actor: Any, *, work: bool = False) -> OfficeScope:
    user = _staff(actor)
    if user is None:
        return OfficeScope()
    roles = _WORK_ROLES if work else _READ_ROLES
    offices: dict[int, tuple[frozenset[int], frozenset[int]] | None] = {}
    for m in memberships_of(user):
        if m.role not in roles or m.organisation.kind not in _OFFICE_KINDS:
            continue
        if m.scope_kelurahan_id is not None:
            area: tuple[frozenset[int], frozenset[int]] | None = (
                frozenset(),
                frozenset({m.scope_kelurahan_id}),
            )
        elif m.scope_kecamatan_id is not None:
            area = (frozenset({m.scope_kecamatan_id}), frozenset())
        else:
            area = None
        # Several roles in one office add up: the whole queue wins, areas are joined.
        if m.organisation_id in offices:
            known = offices[m.organisation_id]
            if known is None or area is None:
                area = None
            else:
                area = (known[0] | area[0], known[1] | area[1])
        offices[m.organisation_id] = area
    return OfficeScope(offices)


def can_read(actor: Any, complaint: Any) -> bool:
    """Staff read (with personal data): TLR, or the office whose queue holds it."""
    return is_tlr(actor) or office_scope(actor).covers(complaint)


def can_work(actor: Any, complaint: Any) -> bool:
    """Office work on a case: start, reply, note, resolve, approve photos, hand back."""
    return is_tlr(actor) or office_scope(actor, work=True).covers(complaint)


def follows(actor: Any, complaint: Any) -> bool:
    if not isinstance(actor, User) or actor.pk is None or not actor.is_active:
        return False
    if complaint.reporter_id == actor.pk:
        return True
    return bool(complaint.followers.filter(user=actor).exists())
