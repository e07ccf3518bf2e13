"""Public per-office figures: medians in working time, share within the service level, ranking."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from kotalive.complaints.models import Complaint
from kotalive.complaints.stats import office_figures
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
