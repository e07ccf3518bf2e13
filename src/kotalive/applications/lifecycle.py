"""The life of an application as one table, the same for every service.

Which office acts at which step, and with which roles, is data (each version's steps); the states
and actions are code, so the policy, the docs and the lifecycle matrix do not depend on data.
An officer of the office at the current step holds `step_officer` there, or `final_officer` at
the last step: `pass` moves to the next step, `approve` ends the checking and `issue` makes the
document (`policy.application_roles`). docs/applications.md shows the diagram
(`kotalive lifecycle_docs`).
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from kotalive.applications.models import Application
from kotalive.core.lifecycle import Action, Lifecycle, Refusal

State = Application.State


class Role(StrEnum):
    APPLICANT = "applicant"  # the resident who applied
    STEP_OFFICER = "step_officer"  # a worker of the office at a step before the last
    FINAL_OFFICER = "final_officer"  # a worker of the office at the last step


OFFICERS = frozenset({Role.STEP_OFFICER, Role.FINAL_OFFICER})
APPLICANT = frozenset({Role.APPLICANT})
EDITABLE = frozenset({State.DRAFT, State.CORRECTION})

NOT_APPLICANT = Refusal("not_applicant", _("Only the person who applied can do this."), status=403)
NOT_YOUR_STEP = Refusal(
    "not_your_step",
    _("This application is not waiting for your office, or your role does not act on it."),
    status=403,
)

APPLICATION = Lifecycle(
    name="application",
    states=dict(State.choices),
    initial=State.DRAFT,
    denied=NOT_YOUR_STEP,
    wrong_state=Refusal(
        "application_wrong_state",
        _("This application is %(state)s: that step is not possible now."),
        status=409,
    ),
    actions=(
        Action(
            "edit",
            sources=EDITABLE,
            target=None,
            roles=APPLICANT,
            label=_("Save"),
            denied=NOT_APPLICANT,
            wrong_state=Refusal(
                "application_not_editable",
                _("This application was sent and can no longer be changed (%(state)s)."),
                status=409,
            ),
        ),
        Action(
            "submit",
            sources={State.DRAFT},
            target=State.SUBMITTED,
            roles=APPLICANT,
            label=_("Send application"),
            denied=NOT_APPLICANT,
        ),
        Action(
            "resubmit",
            sources={State.CORRECTION},
            target=State.SUBMITTED,
            roles=APPLICANT,
            label=_("Send the correction"),
            denied=NOT_APPLICANT,
        ),
        Action(
            "withdraw",
            sources={State.DRAFT, State.SUBMITTED, State.CORRECTION},
            target=State.WITHDRAWN,
            roles=APPLICANT,
            label=_("Withdraw"),
            denied=NOT_APPLICANT,
        ),
        Action(
            "request_correction",
            sources={State.SUBMITTED},
            target=State.CORRECTION,
            roles=OFFICERS,
            label=_("Ask for a correction"),
        ),
        Action(
            "pass",
            sources={State.SUBMITTED},
            target=None,
            roles={Role.STEP_OFFICER},
            label=_("Checked: send to the next step"),
        ),
        Action(
            "approve",
            sources={State.SUBMITTED},
            target=State.APPROVED,
            roles={Role.FINAL_OFFICER},
            label=_("Approve"),
        ),
        Action(
            "reject",
            sources={State.SUBMITTED},
            target=State.REJECTED,
            roles=OFFICERS,
            label=_("Reject"),
        ),
        Action(
            "issue",
            sources={State.APPROVED},
            target=State.ISSUED,
            roles={Role.FINAL_OFFICER},
            label=_("Issue the document"),
        ),
    ),
)

LIFECYCLES = (APPLICATION,)
