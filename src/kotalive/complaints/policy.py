"""Who may see and do what with LAKSA cases. Views, API, Open311 and tasks all ask here.

- TLR (the command centre): staff of Diskominfo with the operator, supervisor or admin role, and
  superusers. They see every case in the city and do everything: triage, assign, merge, reject,
  forward, reply, enter cases taken by phone or from social media.
- An office (OPD, kecamatan or kelurahan office): its admins, supervisors and officers work the
  cases assigned to it (start, reply, note, resolve with evidence, approve photos, hand back to
  TLR); its viewers read them. A membership narrowed to a kecamatan or kelurahan sees only cases
  there. An office never sees another office's queue, nor cases not yet assigned to it.
- A resident sees their own cases and those they follow, and the public view of every case.
- Deadlines: a warning goes to TLR while a case is theirs, else to the office's workers; an
  escalation to TLR and the office's admins and supervisors (`deadline_recipients`).

The permissions declared here (`core.permissions.allowed`): `complaint.console` (the LAKSA
console: TLR or an office's queue), `complaint.command_centre` (TLR's own work: every case,
bulk assignment, cases taken by phone), `complaint.read` and `complaint.work` (a case, with its
personal data; office work on it) and `complaint.track` (a reporter's or follower's own view of
a case). Without a case, the three case permissions are refused.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from kotalive.accounts.models import Membership, Organisation, User
from kotalive.accounts.policy import (
    MANAGER_ROLES,
    is_staff,
    memberships_of,
    office_areas,
    staff_users,
)
from kotalive.complaints.lifecycle import Role as CaseRole
from kotalive.core.permissions import Rule, permissions_declare

CONSOLE = "complaint.console"
COMMAND_CENTRE = "complaint.command_centre"
READ = "complaint.read"
WORK = "complaint.work"
TRACK = "complaint.track"

Role = Membership.Role
Kind = Organisation.Kind

_TLR_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OPERATOR})
_WORK_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.OFFICER})
_READ_ROLES = _WORK_ROLES | {Role.VIEWER}
# The organisations that work cases: city offices and TLR itself, never a hospital, an employer
# or a vendor (they have back-office roles for their own services, not LAKSA queues).
CASE_OFFICE_KINDS = frozenset({Kind.OPD, Kind.KECAMATAN, Kind.KELURAHAN, Kind.DISKOMINFO})

# States in which a case belongs to an office's queue.
OFFICE_STATES = ("assigned", "in_progress", "resolved", "closed", "rejected", "forwarded")


def command_centre_organisations() -> QuerySet[Organisation]:
    """The organisations that are the Tangerang Live Room: every active Diskominfo."""
    return Organisation.objects.filter(kind=Kind.DISKOMINFO, is_active=True)


def is_tlr(actor: Any) -> bool:
    if not is_staff(actor):
        return False
    user = actor
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
    roles = _WORK_ROLES if work else _READ_ROLES
    return OfficeScope(office_areas(actor, roles=roles, kinds=CASE_OFFICE_KINDS))


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


def works_cases(org: Organisation) -> bool:
    """May cases be routed or assigned to this organisation? An active office of a case kind."""
    return org.is_active and org.kind in CASE_OFFICE_KINDS


def case_roles(actor: Any, complaint: Any) -> frozenset[CaseRole]:
    """The roles of `complaints.lifecycle` this person holds on this case (never `system`)."""
    if not isinstance(actor, User) or actor.pk is None or not actor.is_active:
        return frozenset()
    roles = {CaseRole.SIGNED_IN}
    if is_tlr(actor):
        roles.add(CaseRole.COMMAND_CENTRE)
    if office_scope(actor, work=True).covers(complaint):
        roles.add(CaseRole.OFFICE)
    if complaint.reporter_id is not None and complaint.reporter_id == actor.pk:
        roles.add(CaseRole.REPORTER)
    return frozenset(roles)


def uses_console(actor: Any) -> bool:
    """The LAKSA console (TLR's or an office's queue): TLR, or whoever reads an office's queue."""
    return is_tlr(actor) or bool(office_scope(actor).offices)


def console_org_ids(actor: Any) -> list[int]:
    """The organisations whose live events the console shows: the offices whose queue the
    staff member reads and, for TLR, their own Diskominfo organisations."""
    tlr = is_tlr(actor)
    offices = office_scope(actor).offices
    return sorted(
        {
            m.organisation_id
            for m in memberships_of(actor)
            if m.organisation_id in offices or (tlr and m.organisation.kind == Kind.DISKOMINFO)
        }
    )


def _staff_of(org_ids: Iterable[int], roles: Collection[str]) -> list[User]:
    return list(
        staff_users()
        .filter(memberships__organisation_id__in=list(org_ids), memberships__role__in=list(roles))
        .distinct()
    )


def deadline_recipients(
    *, tlr_org_ids: Iterable[int], office_id: int | None, escalate: bool
) -> list[User]:
    """Who hears that a case's deadline nears (`escalate` False) or has passed (True).

    `office_id` is the office whose clock runs, None while the case is TLR's (new or not yet
    assigned). A warning goes to whoever works the case now: TLR, or the office's workers. An
    escalation goes to TLR and, when an office has it, that office's admins and supervisors.
    Membership scopes do not narrow these: a deadline concerns the whole office.
    """
    tlr = list(tlr_org_ids)
    if not escalate:
        if office_id is None:
            return _staff_of(tlr, _TLR_ROLES)
        return _staff_of([office_id], _WORK_ROLES)
    users = _staff_of(tlr, _TLR_ROLES)
    if office_id is not None:
        users += _staff_of([office_id], MANAGER_ROLES)
    return users


def _with_case(check: Callable[[Any, Any], bool]) -> Rule:
    """A rule about one case: refused when asked without one."""

    def rule(actor: Any, obj: Any) -> bool:
        return obj is not None and bool(check(actor, obj))

    return rule


permissions_declare(
    "complaints",
    {
        CONSOLE: lambda actor, obj: uses_console(actor),
        COMMAND_CENTRE: lambda actor, obj: is_tlr(actor),
        READ: _with_case(can_read),
        WORK: _with_case(can_work),
        TRACK: _with_case(follows),
    },
)
