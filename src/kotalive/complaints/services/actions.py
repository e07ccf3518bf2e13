"""The lifecycle table applied to a person and a case: may they take this step now, and which
steps may they take. The services call `require_action`; pages and APIs call `case_actions`."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _

from kotalive.complaints import policy
from kotalive.complaints.lifecycle import COMPLAINT, Role
from kotalive.complaints.models import Complaint, Photo
from kotalive.complaints.services.common import reopen_window_open
from kotalive.core.errors import NotFound, PermissionDenied


def require_action(actor: Any, complaint: Complaint, action: str) -> None:
    """Refuse unless the table lets this person take `action` on the case in its state now.

    Office work asked by someone who may not even read the case (another office's queue) is told
    the case does not exist (404), as the getters answer.
    """
    roles = policy.case_roles(actor, complaint)
    try:
        COMPLAINT.check(action, state=complaint.state, roles=roles)
    except PermissionDenied:
        if Role.OFFICE in COMPLAINT[action].roles and not policy.can_read(actor, complaint):
            raise NotFound("complaint_not_found", _("No such report.")) from None
        raise


def require_system(complaint: Complaint, action: str) -> None:
    """Scheduled work (deadlines, auto-close) follows the same table."""
    COMPLAINT.check(action, state=complaint.state, roles={Role.SYSTEM})


def _condition_holds(action: str, complaint: Complaint) -> bool:
    # Conditions beyond state and role, each checked again by its service with its own code.
    if action == "reopen":
        return reopen_window_open(complaint)
    if action == "rate":
        return complaint.rating is None
    if action == "approve_photo":  # only while a report photo waits (prefetched photos are used)
        return any(
            p.kind == Photo.Kind.REPORT and p.approved_at is None for p in complaint.photos.all()
        )
    return True


def case_actions(
    actor: Any, complaint: Complaint, *, acting_as: Collection[Role] | None = None
) -> list[str]:
    """The actions this person may take on the case now, in the table's order; `acting_as`
    keeps those of some roles only (the staff API lists staff work, not "me too")."""
    roles = policy.case_roles(actor, complaint)
    if acting_as is not None:
        roles = roles & frozenset(acting_as)
    return [
        a.name
        for a in COMPLAINT.available(state=complaint.state, roles=roles)
        if _condition_holds(a.name, complaint)
    ]
