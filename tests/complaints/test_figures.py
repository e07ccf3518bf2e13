"""Public per-office figures: medians in working time, share within the service level, ranking."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import F
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotalive.complaints.beat import BEAT_SCHEDULE
from kotalive.complaints.models import Complaint, FiguresSnapshot
from kotalive.complaints.stats import PERIODS, office_figures, office_figures_stored
from kotalive.complaints.tasks import figures_refresh
from kotalive.complaints.views.figures import office_figures as figures_page

pytestmark = pytest.mark.django_db

WIB = ZoneInfo("Asia/Jakarta")
MONDAY = datetime(2026, 11, 2, 9, 0, tzinfo=WIB)  # a working day, 09:00 local
PERIOD = {"since": MONDAY - timedelta(days=1), "until": MONDAY + timedelta(days=30)}


def _case(
    make_complaint: Callable[..., Complaint],
    *,
    office: Any,
    triage_h: float | None = 1,
    resolved: datetime | None = None,
    due: datetime | None = None,
    reopened: int = 0,
    state: str = Complaint.State.CLOSED,
) -> Complaint:
    c = make_complaint(photos=[])
    Complaint.objects.filter(pk=c.pk).update(
        office=office,
        state=state if resolved else Complaint.State.IN_PROGRESS,
        created_at=MONDAY,
        triaged_at=MONDAY + timedelta(hours=triage_h) if triage_h is not None else None,
        assigned_at=MONDAY + timedelta(hours=3),
        resolved_at=resolved,
        resolve_due_at=due or MONDAY + timedelta(days=5),
        reopened_count=reopened,
    )
    return c


def test_medians_are_in_working_hours_and_share_within_the_service_level(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    tuesday_9 = MONDAY + timedelta(days=1)  # 7 working hours on Monday + 1 on Tuesday = 8
    wednesday_9 = MONDAY + timedelta(days=2)  # 16 working hours
    friday_9 = MONDAY + timedelta(days=4)  # 32 working hours
    for triage_h, resolved, due in [
        (1, tuesday_9, MONDAY + timedelta(days=5)),
        (2, wednesday_9, MONDAY + timedelta(days=5)),
        (6, friday_9, MONDAY + timedelta(days=3)),  # late
    ]:
        _case(make_complaint, office=laksa.dpupr, triage_h=triage_h, resolved=resolved, due=due)
    _case(make_complaint, office=laksa.dpupr, triage_h=None, resolved=None)  # still open
    laksa.settings.min_cases_for_ranking = 3
    laksa.settings.save()
    [dpupr] = office_figures(**PERIOD)
    assert dpupr.office == laksa.dpupr
    assert (dpupr.cases, dpupr.closed) == (4, 3)
    assert dpupr.median_triage_hours == 2.0
    assert dpupr.median_resolve_hours == 16.0
    assert dpupr.within_sla == pytest.approx(2 / 3)
    assert dpupr.rank == 1


def test_night_and_weekend_do_not_count(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    friday_15 = MONDAY + timedelta(days=4, hours=6)
    next_monday_9 = MONDAY + timedelta(days=7)
    c = _case(make_complaint, office=laksa.dpupr, resolved=next_monday_9)
    Complaint.objects.filter(pk=c.pk).update(created_at=friday_15, triaged_at=next_monday_9)
    [dpupr] = office_figures(**PERIOD)
    assert dpupr.median_triage_hours == 2.0  # Friday 15-16 and Monday 8-9
    assert dpupr.median_resolve_hours == 2.0


def test_offices_below_the_threshold_are_listed_but_not_ranked(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    laksa.settings.min_cases_for_ranking = 2
    laksa.settings.save()
    tuesday_9 = MONDAY + timedelta(days=1)
    for _ in range(2):
        _case(make_complaint, office=laksa.dpupr, resolved=tuesday_9)
    _case(make_complaint, office=laksa.dlh, resolved=tuesday_9, reopened=1)
    rows = office_figures(**PERIOD)
    assert [(r.office, r.rank) for r in rows] == [(laksa.dpupr, 1), (laksa.dlh, None)]
    assert rows[1].reopened == 1.0
    assert rows[0].reopened == 0.0


def test_ranking_orders_by_share_within_the_service_level(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    laksa.settings.min_cases_for_ranking = 1
    laksa.settings.save()
    tuesday_9 = MONDAY + timedelta(days=1)
    _case(make_complaint, office=laksa.dpupr, resolved=tuesday_9, due=MONDAY)  # late
    _case(make_complaint, office=laksa.dlh, resolved=tuesday_9)
    rows = office_figures(**PERIOD)
    assert [(r.office, r.rank) for r in rows] == [(laksa.dlh, 1), (laksa.dpupr, 2)]


def test_cases_outside_the_period_and_never_assigned_are_left_out(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    old = _case(make_complaint, office=laksa.dpupr, resolved=MONDAY + timedelta(days=1))
    Complaint.objects.filter(pk=old.pk).update(created_at=MONDAY - timedelta(days=40))
    make_complaint(photos=[])  # new, routed to DPUPR but never assigned
    assert office_figures(**PERIOD) == []


def _page(query: dict[str, str]) -> str:
    request = RequestFactory().get("/laporan/kinerja/", query, HTTP_ACCEPT_LANGUAGE="en")
    request.user = AnonymousUser()
    response = figures_page(request)
    assert response.status_code == 200
    return response.content.decode()


def test_public_page_shows_figures_without_personal_data(
    make_complaint: Callable[..., Complaint], laksa: Any, resident: Any
) -> None:
    from django.utils import translation

    now = datetime.now(tz=WIB)
    c = _case(make_complaint, office=laksa.dpupr, resolved=now)
    Complaint.objects.filter(pk=c.pk).update(created_at=now - timedelta(days=2))
    with translation.override("en"):
        html = _page({"hari": "90"})
        assert laksa.dpupr.name in html
        assert "not ranked" in html
        assert 'value="90" selected' in html
        assert resident.phone not in html
        assert c.ref not in html
        assert 'value="30" selected' in _page({"hari": "7"})


def test_public_page_is_served_at_its_address_without_sign_in(laksa: Any) -> None:
    from django.test import Client

    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/laporan/kinerja/")
    assert response.status_code == 200
    assert "How the offices handle reports" in response.content.decode()


# Stored figures: the page reads what the refresh (Celery beat) computed.

NOW = MONDAY + timedelta(days=10)  # Thursday 12 November 2026, 09:00 WIB


def _fixture_cases(make_complaint: Callable[..., Complaint], laksa: Any) -> None:
    """Cases of two offices spread over the year, so that every period counts different ones."""
    laksa.settings.min_cases_for_ranking = 2
    laksa.settings.save()
    tuesday_9 = MONDAY + timedelta(days=1)
    friday_15 = MONDAY + timedelta(days=4, hours=6)
    _case(make_complaint, office=laksa.dpupr, triage_h=1, resolved=tuesday_9)
    _case(make_complaint, office=laksa.dpupr, triage_h=5, resolved=friday_15, due=tuesday_9)
    _case(make_complaint, office=laksa.dpupr, triage_h=None, resolved=None)
    _case(make_complaint, office=laksa.dlh, triage_h=2, resolved=tuesday_9, reopened=1)
    for back, office in [(45, laksa.dpupr), (60, laksa.dlh), (200, laksa.dlh), (400, laksa.dpupr)]:
        c = _case(make_complaint, office=office, triage_h=3, resolved=friday_15)
        Complaint.objects.filter(pk=c.pk).update(
            created_at=F("created_at") - timedelta(days=back),
            triaged_at=F("triaged_at") - timedelta(days=back),
            resolved_at=F("resolved_at") - timedelta(days=back),
        )


def _as_computed(days: int) -> list[dict[str, Any]]:
    """What the figures computed on the spot give (the page's former way)."""
    return [
        {
            "office_id": f.office.pk,
            "office_name": f.office.name,
            "cases": f.cases,
            "closed": f.closed,
            "median_triage_hours": f.median_triage_hours,
            "median_resolve_hours": f.median_resolve_hours,
            "within_sla": f.within_sla,
            "reopened": f.reopened,
            "rank": f.rank,
        }
        for f in office_figures(since=NOW - timedelta(days=days), until=NOW)
    ]


def test_the_refresh_stores_what_the_figures_computed_on_the_spot_gave(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    _fixture_cases(make_complaint, laksa)
    with time_machine.travel(NOW, tick=False):
        stored = figures_refresh()
        expected = {days: _as_computed(days) for days in PERIODS}
    assert stored == list(PERIODS)
    assert [len(expected[d]) for d in PERIODS] == [2, 2, 2]
    assert [expected[d][0]["cases"] + expected[d][1]["cases"] for d in PERIODS] == [4, 6, 7]
    for days in PERIODS:
        snapshot = FiguresSnapshot.objects.get(days=days)
        assert snapshot.computed_at == NOW
        assert snapshot.threshold == 2
        assert snapshot.rows == expected[days]
        _snapshot, rows = office_figures_stored(days=days)
        assert [asdict(r) for r in rows] == expected[days]


def _client_page(days: int | None = None) -> str:
    client = Client()
    client.cookies["django_language"] = "en"
    response = client.get("/laporan/kinerja/", {"hari": days} if days else {})
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_stored_figures_and_when_they_were_computed(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    _case(make_complaint, office=laksa.dpupr, resolved=MONDAY + timedelta(days=1))  # not counted
    FiguresSnapshot.objects.create(
        days=90,
        computed_at=NOW,
        threshold=7,
        rows=[
            {
                "office_id": laksa.dlh.pk,
                "office_name": "Dinas Lingkungan Hidup",
                "cases": 4321,
                "closed": 1234,
                "median_triage_hours": 3.5,
                "median_resolve_hours": 17.25,
                "within_sla": 0.5,
                "reopened": 0.25,
                "rank": 1,
            }
        ],
    )
    html = _client_page(90)
    assert "Dinas Lingkungan Hidup" in html
    assert ">4321<" in html
    assert ">1234<" in html
    assert ">17.25<" in html
    assert ">50%<" in html
    assert "fewer than 7 resolved reports" in html
    assert "Figures computed on 12 November 2026, 09:00 WIB" in html
    assert laksa.dpupr.name not in html  # the stored figures, not the cases


def test_the_page_request_counts_no_cases(
    make_complaint: Callable[..., Complaint], laksa: Any, django_assert_max_num_queries: Any
) -> None:
    _fixture_cases(make_complaint, laksa)
    figures_refresh()
    with (
        CaptureQueriesContext(connection) as queries,
        django_assert_max_num_queries(2),
    ):
        html = _client_page(365)
    assert laksa.dpupr.name in html
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert Complaint._meta.db_table not in sql
    assert "COUNT(" not in sql.upper()


def test_a_period_never_computed_is_computed_on_the_first_request(
    make_complaint: Callable[..., Complaint], laksa: Any
) -> None:
    now = timezone.now()
    c = _case(make_complaint, office=laksa.dpupr, resolved=now)
    Complaint.objects.filter(pk=c.pk).update(created_at=now - timedelta(days=2))
    assert not FiguresSnapshot.objects.exists()
    assert laksa.dpupr.name in _client_page()
    assert list(FiguresSnapshot.objects.values_list("days", flat=True)) == [30]
    with CaptureQueriesContext(connection) as queries:
        assert laksa.dpupr.name in _client_page()
    assert not any(Complaint._meta.db_table in q["sql"] for q in queries.captured_queries)


def test_the_refresh_is_on_the_beat_schedule() -> None:
    [entry] = [e for e in BEAT_SCHEDULE.values() if e["task"] == figures_refresh.name]
    assert entry["schedule"].minute == {0, 15, 30, 45}
