"""The Open311 reads compiled once per connection (open311/query.py, core.db.PreparedQuery) give
exactly the rows their querysets give, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kotalive.complaints.models import Complaint, Photo
from kotalive.complaints.open311 import query

pytestmark = pytest.mark.django_db

STATUSES = [frozenset(), frozenset({"open"}), frozenset({"closed"})]


@pytest.fixture
def cases(make_complaint, laksa) -> list[Complaint]:
    now = timezone.now()
    made = []
    for index in range(6):
        case = make_complaint(category=laksa.road if index % 2 else laksa.garbage)
        Complaint.objects.filter(pk=case.pk).update(created_at=now - timedelta(days=index * 20))
        made.append(case)
    Complaint.objects.filter(pk=made[1].pk).update(
        state=Complaint.State.CLOSED,
        triaged_at=now,
        office=laksa.dpupr,
        public_note="Diserahkan ke DPUPR.",
        public_note_source={"msgid": "Passed to %(office)s.", "params": {"office": "DPUPR"}},
    )
    Photo.objects.filter(complaint=made[2]).update(approved_at=now)
    return made


def test_one_request_is_the_row_its_queryset_gives(cases) -> None:
    for case in cases:
        (orm,) = map(query.Row._make, query._one_query(case.ref))
        assert query.request_get(case.ref) == orm
    assert query.request_get(cases[2].ref).photo  # type: ignore[union-attr]
    passed = query.request_get(cases[1].ref)
    assert passed is not None
    assert passed.public_note_source == {
        "msgid": "Passed to %(office)s.",
        "params": {"office": "DPUPR"},
    }
    assert query.request_get("LK-NOSUCH") is None


@pytest.mark.parametrize("statuses", STATUSES)
def test_a_window_of_newest_cases_is_what_its_queryset_gives(cases, statuses) -> None:
    now = timezone.now()
    for start, end, limit in (
        (now - timedelta(days=90), now, 1000),
        (now - timedelta(days=90), now, 2),
        (now - timedelta(days=50), now - timedelta(days=10), 1000),
        (now + timedelta(days=1), now + timedelta(days=2), 10),
    ):
        orm = [
            query.Row._make(values)
            for values in query._window_query(start, end, statuses=statuses, limit=limit)
        ]
        assert query._window_rows(start, end, statuses=statuses, limit=limit) == orm
    assert (
        len(query._window_rows(now - timedelta(days=90), now, statuses=frozenset(), limit=9)) == 5
    )
