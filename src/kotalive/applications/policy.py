"""Who sees and works which application. Pages, API, queue and services all ask here.

- The applicant sees their own applications, drafts included, and acts on them as the lifecycle
  allows (edit, send, correct, withdraw).
- An office sees the applications waiting at it (or that it decided): the office of the current
  step, by the step's rule (the applicant's kelurahan office, its kecamatan office, or a named
  organisation). A membership narrowed to a kecamatan or kelurahan sees only applicants there.
  Its admins, supervisors and officers work a step when the step names their role; viewers read.
  Another office, or another kelurahan's office, sees nothing of it, and a draft is nobody's but
  the applicant's.

Permissions declared here: `application.queue` (the officers' queue), `application.read` and
`application.work` (an application, with the applicant's answers and files) and `application.own`
(the applicant's own view), `application.define` (manage a service's definitions: city admins
for every one; an office's admins and supervisors for those their office owns).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from kotalive.accounts.models import Membership, Organisation
from kotalive.accounts.policy import (
    holds_role,
    is_city_admin,
    is_staff,
    office_areas,
    staff_rule,
)
from kotalive.applications.lifecycle import Role
from kotalive.applications.models import Application, ServiceDefinition
from kotalive.applications.spec import ServiceSpec
from kotalive.core.permissions import permissions_declare

QUEUE = "application.queue"
READ = "application.read"
WORK = "application.work"
OWN = "application.own"
DEFINE = "application.define"

MRole = Membership.Role
Kind = Organisation.Kind

WORK_ROLES = frozenset({MRole.ADMIN, MRole.SUPERVISOR, MRole.OFFICER})
READ_ROLES = WORK_ROLES | {MRole.VIEWER}
DEFINE_ROLES = frozenset({MRole.ADMIN, MRole.SUPERVISOR})
# The organisations that take applications: city offices, never a hospital, employer or vendor.
DESK_KINDS = frozenset({Kind.OPD, Kind.KECAMATAN, Kind.KELURAHAN, Kind.DISKOMINFO})
# An office keeps sight of what it decided; drafts never reach an office.
SEEN_STATES = tuple(s for s in Application.State.values if s != Application.State.DRAFT)


@dataclass(frozen=True)
class Desks:
    """The offices (and, per office, the areas) whose applications a staff member reads or works."""

    # office id -> None (its whole intake) or (kecamatan ids, kelurahan ids) it is narrowed to
    offices: dict[int, tuple[frozenset[int], frozenset[int]] | None] = field(default_factory=dict)

    def filter(self) -> Q:
        q = Q(pk__in=[])
        for office_id, area in self.offices.items():
            part = Q(office_id=office_id, state__in=SEEN_STATES)
            if area is not None:
                kecamatan, kelurahan = area
                part &= Q(kelurahan_id__in=kelurahan) | Q(kelurahan__kecamatan_id__in=kecamatan)
            q |= part
        return q

    def covers(self, application: Application) -> bool:
        if application.office_id not in self.offices or application.state not in SEEN_STATES:
            return False
        area = self.offices[application.office_id]
        if area is None:
            return True
        kecamatan, kelurahan = area
        place = application.kelurahan
        return place is not None and (place.pk in kelurahan or place.kecamatan_id in kecamatan)


def desks(actor: Any, *, roles: Collection[str] = READ_ROLES) -> Desks:
    return Desks(office_areas(actor, roles=roles, kinds=DESK_KINDS))


def application_roles(actor: Any, application: Application, spec: ServiceSpec) -> set[str]:
    """The lifecycle roles `actor` holds on `application` now."""
    roles: set[str] = set()
    if (
        getattr(actor, "pk", None) is not None
        and actor.is_active
        and application.applicant_id == actor.pk
    ):
        roles.add(Role.APPLICANT)
    if is_staff(actor) and application.step < len(spec.steps):
        step = spec.steps[application.step]
        if desks(actor, roles=set(step.roles)).covers(application):
            last = application.step == len(spec.steps) - 1
            roles.add(Role.FINAL_OFFICER if last else Role.STEP_OFFICER)
    return roles


def _queue(user: Any, obj: Any) -> bool:
    return bool(desks(user).offices)


def _read(user: Any, obj: Any) -> bool:
    return isinstance(obj, Application) and desks(user).covers(obj)


def _work(user: Any, obj: Any) -> bool:
    return isinstance(obj, Application) and desks(user, roles=WORK_ROLES).covers(obj)


def _own(actor: Any, obj: Any) -> bool:
    return (
        isinstance(obj, Application)
        and getattr(actor, "pk", None) is not None
        and actor.is_active
        and obj.applicant_id == actor.pk
    )


def _define(user: Any, obj: Any) -> bool:
    """City admins: every definition. An office's admins and supervisors: the definitions their
    office owns (`obj` a ServiceDefinition, or the owning Organisation of one being imported);
    with no object, whether they may manage any."""
    if is_city_admin(user):
        return True
    if obj is None:
        return holds_role(user, DEFINE_ROLES, kinds=DESK_KINDS)
    if isinstance(obj, ServiceDefinition):
        office_id = obj.office_id
    elif isinstance(obj, Organisation):
        office_id = obj.pk
    else:
        return False
    return holds_role(user, DEFINE_ROLES, kinds=DESK_KINDS, organisation_id=office_id)


permissions_declare(
    "applications",
    {
        QUEUE: staff_rule(_queue),
        READ: staff_rule(_read),
        WORK: staff_rule(_work),
        OWN: _own,
        DEFINE: staff_rule(_define),
    },
)
