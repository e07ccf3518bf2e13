"""LAKSA writes: one function per step of a case's life (docs/complaints.md).

Every function takes the acting user, validates, changes the case in one transaction, writes the
timeline and the audit trail, and after commit tells followers (inbox + SMS) and the live consoles
(event bus). Views, the JSON API, Open311, the admin and the Celery tasks all call these.
"""

from __future__ import annotations

from kotalive.complaints.services.actions import case_actions
from kotalive.complaints.services.common import route_office, service_settings
from kotalive.complaints.services.resident import (
    complaint_close,
    complaint_confirm,
    complaint_rate,
    complaint_reopen,
    complaint_submit,
    complaint_support,
)
from kotalive.complaints.services.staff import (
    complaint_assign,
    complaint_forward,
    complaint_merge,
    complaint_photo_approve,
    complaint_reject,
    complaint_reply,
    complaint_resolve,
    complaint_start,
    complaint_triage,
    complaint_viewed,
)

__all__ = [
    "case_actions",
    "complaint_assign",
    "complaint_close",
    "complaint_confirm",
    "complaint_forward",
    "complaint_merge",
    "complaint_photo_approve",
    "complaint_rate",
    "complaint_reject",
    "complaint_reopen",
    "complaint_reply",
    "complaint_resolve",
    "complaint_start",
    "complaint_submit",
    "complaint_support",
    "complaint_triage",
    "complaint_viewed",
    "route_office",
    "service_settings",
]
