"""Service levels over time: warn the office at 80 %, escalate at breach, close stale fixes.

Run by Celery beat (`complaints.tasks`); each case is handled in its own short transaction,
locked and checked again, so two beat runs or a retried task never warn or escalate twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from kotalive.accounts.models import User
from kotalive.complaints.lifecycle import COMPLAINT
from kotalive.complaints.models import Complaint, Event
from kotalive.complaints.policy import deadline_recipients
from kotalive.complaints.services.common import (
    State,
    lock,
    record_event,
    service_settings,
    tlr_org_ids,
)
from kotalive.complaints.services.resident import complaint_close
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent
from kotalive.notifications.services import Text, notification_send

# The states whose clocks run: where the table lets the system warn and escalate.
_RUNNING = tuple(sorted(COMPLAINT["warn"].sources | COMPLAINT["escalate"].sources))


@dataclass
class SlaRun:
    warned: int = 0
    escalated: int = 0


def _due(complaint: Complaint) -> datetime | None:
    """The deadline that runs now: triage while new (or not yet assigned), else resolution."""
    if complaint.state == State.NEW or complaint.resolve_due_at is None:
        return complaint.triage_due_at
    return complaint.resolve_due_at


def _clock_office(complaint: Complaint) -> int | None:
    """The office whose clock runs, None while the case is still TLR's (new or unassigned)."""
    if complaint.state == State.NEW:
        return None
    return complaint.office_id


def _tell(users: Iterable[User], complaint: Complaint, kind: str, title: str, body: str) -> None:
    # By source and values: the staff inbox shows it in the language of the page being read.
    values = {"ref": complaint.ref, "office": str(complaint.office or "TLR")}
    for user in users:
        with translation.override(user.language or "id"):
            notification_send(
                user=user,
                kind=f"complaint.{kind}",
                dedupe_key=f"complaint:{complaint.ref}:{kind}:{complaint.reopened_count}",
                title=Text(title, values),
                body=Text(body, values),
                url=f"/staff/laksa/{complaint.ref}/",
                channels=(),
            )


def _warn(complaint: Complaint, now: datetime) -> None:
    complaint.warned_at = now
    complaint.save(update_fields=["warned_at"])
    record_event(
        complaint,
        Event.Kind.WARNED,
        actor=None,
        public=False,
        channel=AuditEvent.Channel.TASK,
    )
    users = deadline_recipients(
        tlr_org_ids=tlr_org_ids(), office_id=_clock_office(complaint), escalate=False
    )
    _tell(
        users,
        complaint,
        "warned",
        gettext_noop("Report %(ref)s is nearly due"),
        gettext_noop("%(office)s has used most of the time allowed for report %(ref)s."),
    )


def _escalate(complaint: Complaint, now: datetime) -> None:
    complaint.escalated_at = now
    complaint.save(update_fields=["escalated_at"])
    record_event(
        complaint,
        Event.Kind.ESCALATED,
        actor=None,
        public=False,
        channel=AuditEvent.Channel.TASK,
    )
    users = deadline_recipients(
        tlr_org_ids=tlr_org_ids(), office_id=_clock_office(complaint), escalate=True
    )
    _tell(
        users,
        complaint,
        "escalated",
        gettext_noop("Report %(ref)s is overdue"),
        gettext_noop("The time allowed for report %(ref)s has passed (%(office)s)."),
    )


def complaints_sla_check(*, now: datetime | None = None) -> SlaRun:
    """Warn once the warning time has come, escalate once the deadline has passed.

    Only the cases with something due are read (by index on the stored times), not every open
    case: with a hundred thousand cases the check stays a few queries when nothing is due.
    """
    now = now or timezone.now()
    run = SlaRun()
    running = Complaint.objects.filter(state__in=_RUNNING, escalated_at__isnull=True)
    due = running.filter(
        Q(warned_at__isnull=True, warn_at__lte=now)
        | Q(state=State.NEW, triage_due_at__lte=now)
        | Q(resolve_due_at__lte=now)
        | Q(resolve_due_at__isnull=True, triage_due_at__lte=now)
    )
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            complaint = lock(Complaint(pk=pk))
            if complaint.state not in _RUNNING or complaint.escalated_at is not None:
                continue
            deadline = _due(complaint)
            if deadline is not None and now >= deadline:
                _escalate(complaint, now)
                run.escalated += 1
            elif (
                complaint.warned_at is None
                and complaint.warn_at is not None
                and now >= complaint.warn_at
            ):
                _warn(complaint, now)
                run.warned += 1
    return run


def complaints_auto_close(*, now: datetime | None = None) -> int:
    """Close resolved cases whose reporter neither confirmed nor reopened within the window."""
    now = now or timezone.now()
    days = service_settings().auto_close_days
    closed = 0
    stale = Complaint.objects.filter(
        state=State.RESOLVED, resolved_at__lt=now - timedelta(days=days)
    )
    for pk in stale.values_list("pk", flat=True).iterator():
        try:
            complaint_close(
                actor=None, complaint=Complaint(pk=pk), now=now, channel=AuditEvent.Channel.TASK
            )
        except DomainError:
            continue  # confirmed or reopened meanwhile
        closed += 1
    return closed
