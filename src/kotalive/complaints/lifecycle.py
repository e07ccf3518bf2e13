"""The life of a LAKSA case as one table: every action, where it may start, where it leads and
who may take it. The services check it, the console's forms and the resident's buttons are drawn
from it, the staff API lists what the caller may do now, and docs/complaints.md shows its diagram
(`kotalive lifecycle_docs`). Which roles a person holds on a case is `policy.case_roles`.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from kotalive.complaints.models import Complaint
from kotalive.core.lifecycle import Action, Lifecycle, Refusal

State = Complaint.State


class Role(StrEnum):
    COMMAND_CENTRE = "command_centre"  # the Tangerang Live Room (policy.is_tlr)
    OFFICE = "office"  # a worker of the office whose queue and area hold the case
    REPORTER = "reporter"  # the resident who filed it
    SIGNED_IN = "signed_in"  # anyone signed in ("me too")
    SYSTEM = "system"  # scheduled work (deadlines, auto-close)


ALL = frozenset(State.values)
OPEN = frozenset(Complaint.OPEN_STATES)
UNTRIAGED = {State.NEW, State.TRIAGED}
RUNNING = {State.NEW, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS}
STAFF = frozenset({Role.COMMAND_CENTRE, Role.OFFICE})
TLR = frozenset({Role.COMMAND_CENTRE})

NOT_REPORTER = Refusal(
    "not_reporter", _("Only the person who reported it can do this."), status=403
)

COMPLAINT = Lifecycle(
    name="complaint",
    states=dict(State.choices),
    initial=State.NEW,
    wrong_state=Refusal(
        "complaint_wrong_state",
        _("This report is %(state)s: that step is not possible now."),
        status=409,
    ),
    actions=(
        Action("triage", sources={State.NEW}, target=State.TRIAGED, roles=TLR, label=_("Triage")),
        Action(
            "assign",
            sources={*UNTRIAGED, State.ASSIGNED},
            target=State.ASSIGNED,
            roles=TLR,
            label=_("Assign to an office"),
        ),
        Action(
            "start",
            sources={State.ASSIGNED},
            target=State.IN_PROGRESS,
            roles=STAFF,
            label=_("Start work"),
        ),
        Action("reply", sources=OPEN, target=None, roles=STAFF, label=_("Reply")),
        Action("note", sources=ALL, target=None, roles=STAFF, label=_("Internal note")),
        Action(
            "resolve",
            sources={State.ASSIGNED, State.IN_PROGRESS},
            target=State.RESOLVED,
            roles=STAFF,
            label=_("Resolve with evidence"),
        ),
        Action("reject", sources=RUNNING, target=State.REJECTED, roles=TLR, label=_("Reject")),
        Action(
            "forward",
            sources={*UNTRIAGED, State.ASSIGNED},
            target=State.FORWARDED,
            roles=TLR,
            label=_("Forward outside the city"),
        ),
        Action(
            "merge",
            sources=OPEN,
            target=State.MERGED,
            roles=TLR,
            label=_("Merge into another report"),
            wrong_state=Refusal("merge_closed", _("Only open reports can be merged."), status=409),
        ),
        Action(
            "approve_photo",
            sources=ALL,
            target=None,
            roles=STAFF,
            label=_("Approve for the public"),
        ),
        # On a merged case "me too" applies to the case it joined (services.complaint_support).
        Action(
            "support",
            sources=OPEN,
            target=None,
            roles={Role.SIGNED_IN},
            label=_("Me too"),
            wrong_state=Refusal(
                "complaint_closed",
                _("This report is already closed; please file a new one."),
                status=409,
            ),
        ),
        Action(
            "confirm",
            sources={State.RESOLVED},
            target=State.CLOSED,
            roles={Role.REPORTER},
            label=_("Yes, it is fixed"),
            denied=NOT_REPORTER,
        ),
        Action(
            "auto_close",
            sources={State.RESOLVED},
            target=State.CLOSED,
            roles={Role.SYSTEM},
            label=_("Closed automatically"),
        ),
        # Within the closure window only (services.reopen_window_open).
        Action(
            "reopen",
            sources={State.RESOLVED, State.CLOSED},
            target=State.ASSIGNED,
            roles={Role.REPORTER},
            label=_("Reopen the report"),
            denied=NOT_REPORTER,
        ),
        # Once (services.complaint_rate).
        Action(
            "rate",
            sources={State.CLOSED},
            target=None,
            roles={Role.REPORTER},
            label=_("Send my rating"),
            denied=NOT_REPORTER,
        ),
        Action(
            "warn",
            sources=RUNNING,
            target=None,
            roles={Role.SYSTEM},
            label=_("Service level nearly reached"),
        ),
        Action(
            "escalate",
            sources=RUNNING,
            target=None,
            roles={Role.SYSTEM},
            label=_("Service level breached: escalated"),
        ),
    ),
)

LIFECYCLES = (COMPLAINT,)
