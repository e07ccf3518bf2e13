"""Service levels with a frozen clock: warn at 80 %, escalate at breach, close stale fixes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import translation

from kotalive.complaints.models import Complaint, Event, Holiday
from kotalive.complaints.services import complaint_assign, complaint_reopen, complaint_resolve
from kotalive.complaints.services.deadlines import complaints_auto_close, complaints_sla_check
from kotalive.notifications.models import Notification
from tests.complaints.conftest import upload

pytestmark = pytest.mark.django_db
State = Complaint.State

# Monday 2 March 2026, 09:00 in Jakarta (02:00 UTC): a working morning.
MONDAY_9 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)


def test_triage_clock_counts_working_hours_only(make_complaint, laksa):
    # Friday 15:00 WIB with 4 working hours to triage: one hour left on Friday, three on Monday.
    friday_3pm = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    with time_machine.travel(friday_3pm, tick=False):
        case = make_complaint()
    assert case.triage_due_at == datetime(2026, 3, 9, 4, 0, tzinfo=UTC)  # Monday 11:00 WIB


def test_a_holiday_is_not_a_working_day(make_complaint, laksa):
    Holiday.objects.create(date=datetime(2026, 3, 9).date(), name="Libur uji")
    friday_3pm = datetime(2026, 3, 6, 8, 0, tzinfo=UTC)
    with time_machine.travel(friday_3pm, tick=False):
        case = make_complaint()
    assert case.triage_due_at == datetime(2026, 3, 10, 4, 0, tzinfo=UTC)  # Tuesday 11:00 WIB


def test_escalation_fires_at_breach_once_and_tells_tlr_and_the_supervisor(
    make_complaint, tlr, dpupr_officer, dpupr_supervisor, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_9, tick=False):
        case = complaint_assign(actor=tlr, complaint=make_complaint())
    due = case.resolve_due_at
    assert due is not None
    # Just before the deadline: warned (past 80 %), not escalated.
    with (
        time_machine.travel(due - timedelta(minutes=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = complaints_sla_check()
    assert (run.warned, run.escalated) == (1, 0)
    case.refresh_from_db()
    assert case.warned_at is not None
    assert case.escalated_at is None
    assert Notification.objects.filter(user=dpupr_officer, kind="complaint.warned").exists()
    # At the deadline: escalated, to the supervisor and TLR but not the officer.
    with (
        time_machine.travel(due + timedelta(seconds=1), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = complaints_sla_check()
        again = complaints_sla_check()
    assert (run.warned, run.escalated) == (0, 1)
    assert (again.warned, again.escalated) == (0, 0)
    case.refresh_from_db()
    assert case.escalated_at is not None
    assert case.events.filter(kind=Event.Kind.ESCALATED).count() == 1
    escalated_to = set(
        Notification.objects.filter(kind="complaint.escalated").values_list("user", flat=True)
    )
    assert escalated_to == {tlr.pk, dpupr_supervisor.pk}


def test_nothing_happens_early_in_the_service_level(make_complaint, tlr):
    with time_machine.travel(MONDAY_9, tick=False):
        complaint_assign(actor=tlr, complaint=make_complaint())
    with time_machine.travel(MONDAY_9 + timedelta(hours=1), tick=False):
        run = complaints_sla_check()
    assert (run.warned, run.escalated) == (0, 0)


def test_an_untriaged_case_escalates_to_tlr(make_complaint, tlr, dpupr_supervisor):
    with time_machine.travel(MONDAY_9, tick=False):
        case = make_complaint()
    with time_machine.travel(case.triage_due_at + timedelta(minutes=1), tick=False):
        run = complaints_sla_check()
    assert run.escalated == 1
    assert set(
        Notification.objects.filter(kind="complaint.escalated").values_list("user", flat=True)
    ) == {tlr.pk}


def test_a_resolved_case_closes_by_itself_after_the_window(
    make_complaint, tlr, dpupr_officer, laksa
):
    with time_machine.travel(MONDAY_9, tick=False):
        case = complaint_assign(actor=tlr, complaint=make_complaint())
        complaint_resolve(actor=dpupr_officer, complaint=case, note="Beres.", evidence=[upload()])
    days = laksa.settings.auto_close_days
    with time_machine.travel(MONDAY_9 + timedelta(days=days) - timedelta(minutes=1), tick=False):
        assert complaints_auto_close() == 0
    with time_machine.travel(MONDAY_9 + timedelta(days=days, minutes=1), tick=False):
        assert complaints_auto_close() == 1
        assert complaints_auto_close() == 0
    case.refresh_from_db()
    assert case.state == State.CLOSED
    assert case.events.filter(kind=Event.Kind.CLOSED, data__by="timeout").exists()


def test_after_reopening_the_warning_follows_the_new_clock(
    make_complaint, tlr, dpupr_officer, resident, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY_9, tick=False):
        case = complaint_assign(actor=tlr, complaint=make_complaint())
        case = complaint_resolve(
            actor=dpupr_officer, complaint=case, note="Beres.", evidence=[upload()]
        )
    reopened_at = MONDAY_9 + timedelta(days=1)
    with time_machine.travel(reopened_at, tick=False):
        case = complaint_reopen(actor=resident, complaint=case, reason="Belum beres.")
    assert case.warn_at is not None
    assert case.resolve_due_at is not None
    assert reopened_at < case.warn_at < case.resolve_due_at
    # Just before the new warning time: nothing, although the first clock would have warned.
    with time_machine.travel(case.warn_at - timedelta(minutes=1), tick=False):
        assert complaints_sla_check().warned == 0
    with time_machine.travel(case.warn_at + timedelta(minutes=1), tick=False):
        assert complaints_sla_check().warned == 1


def test_the_check_reads_only_cases_with_something_due(
    make_complaint, tlr, settings, django_assert_max_num_queries
):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "complaint_submit": "1000/60"}
    with time_machine.travel(MONDAY_9, tick=False):
        for _ in range(12):
            complaint_assign(actor=tlr, complaint=make_complaint())
    with (
        time_machine.travel(MONDAY_9 + timedelta(hours=1), tick=False),
        django_assert_max_num_queries(2),
    ):
        run = complaints_sla_check()
    assert (run.warned, run.escalated) == (0, 0)


def test_a_deadline_warning_reads_in_the_language_of_the_page(
    make_complaint, tlr, dpupr_officer, django_capture_on_commit_callbacks
):
    # It was stored in the officer's language as finished text, so it stayed Indonesian on an
    # English page; it is kept by source, as the residents' messages are.
    assert dpupr_officer.language in ("", "id")
    with time_machine.travel(MONDAY_9, tick=False):
        case = complaint_assign(actor=tlr, complaint=make_complaint())
    assert case.resolve_due_at is not None
    with (
        time_machine.travel(case.resolve_due_at - timedelta(minutes=30), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        complaints_sla_check()
    warning = Notification.objects.get(user=dpupr_officer, kind="complaint.warned")
    with translation.override("en"):
        assert warning.shown_title == f"Report {case.ref} is nearly due"
        assert warning.shown_body.startswith(str(case.office))
    with translation.override("id"):
        assert warning.shown_title == f"Laporan {case.ref} hampir melewati batas waktu"
