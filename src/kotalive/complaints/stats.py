"""Public per-office figures: how fast each office triages and resolves, counted in working time.

No personal data: counts, medians and shares per office only. An office with too few closed cases
in the period is listed but not ranked, so that two lucky cases do not top the table.

Counting a year of cases in Python is far too much for an anonymous page view: the figures of
each period the page offers are computed by `office_figures_refresh` (Celery beat, every 15
minutes; at once when a period has never been computed) and stored in `FiguresSnapshot`, which
is all the page reads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from django.utils import timezone

from kotalive.accounts.models import Organisation
from kotalive.complaints.models import Complaint, FiguresSnapshot
from kotalive.complaints.sla import service_settings, working_calendar

# The periods the public page offers, in days; the first is its default.
PERIODS = (30, 90, 365)
State = Complaint.State
# Cases that left the office's hands for good: not counted against it.
_EXCLUDED = (State.MERGED, State.FORWARDED, State.REJECTED)


@dataclass
class OfficeFigures:
    office: Organisation
    cases: int  # received in the period (assigned to the office)
    closed: int  # of those, resolved or closed
    median_triage_hours: float | None  # working hours from receipt to triage
    median_resolve_hours: float | None  # working hours from receipt to resolution
    within_sla: float | None  # share of the closed ones resolved by their deadline, 0..1
    reopened: float  # share of the cases the reporter reopened, 0..1
    rank: int | None = None  # None: fewer closed cases than the ranking threshold


def office_figures(*, since: datetime, until: datetime) -> list[OfficeFigures]:
    """Per office, for the cases received in [since, until); ranked offices first, by rank."""
    calendar = working_calendar()
    rows = (
        Complaint.objects.filter(created_at__gte=since, created_at__lt=until, office__isnull=False)
        .exclude(state__in=_EXCLUDED)
        .exclude(assigned_at__isnull=True)
        .select_related("office")
        .only(
            "office",
            "state",
            "created_at",
            "triaged_at",
            "resolved_at",
            "resolve_due_at",
            "reopened_count",
        )
    )
    by_office: dict[int, list[Complaint]] = defaultdict(list)
    offices: dict[int, Organisation] = {}
    for c in rows.iterator(chunk_size=2000):
        assert c.office is not None
        by_office[c.office.pk].append(c)
        offices[c.office.pk] = c.office
    hour = 3600.0
    out: list[OfficeFigures] = []
    for office_id, cases in by_office.items():
        triage = [
            calendar.working_seconds_between(c.created_at, c.triaged_at) / hour
            for c in cases
            if c.triaged_at is not None
        ]
        done = [c for c in cases if c.resolved_at is not None]
        resolve = [
            calendar.working_seconds_between(c.created_at, c.resolved_at) / hour
            for c in done
            if c.resolved_at is not None
        ]
        in_time = [
            c
            for c in done
            if c.resolved_at is not None
            and c.resolve_due_at is not None
            and c.resolved_at <= c.resolve_due_at
        ]
        out.append(
            OfficeFigures(
                office=offices[office_id],
                cases=len(cases),
                closed=len(done),
                median_triage_hours=round(median(triage), 1) if triage else None,
                median_resolve_hours=round(median(resolve), 1) if resolve else None,
                within_sla=len(in_time) / len(done) if done else None,
                reopened=sum(1 for c in cases if c.reopened_count) / len(cases),
            )
        )
    threshold = service_settings().min_cases_for_ranking
    ranked = sorted(
        (o for o in out if o.closed >= max(threshold, 1)),
        key=lambda o: (-(o.within_sla or 0.0), o.median_resolve_hours or 0.0, o.office.name),
    )
    for position, figures in enumerate(ranked, start=1):
        figures.rank = position
    unranked = sorted((o for o in out if o.rank is None), key=lambda o: o.office.name)
    return ranked + unranked


@dataclass(frozen=True)
class StoredFigures:
    """One office's row as stored in a FiguresSnapshot (OfficeFigures without the model)."""

    office_id: int
    office_name: str
    cases: int
    closed: int
    median_triage_hours: float | None
    median_resolve_hours: float | None
    within_sla: float | None
    reopened: float
    rank: int | None


def _stored(f: OfficeFigures) -> dict[str, Any]:
    return asdict(
        StoredFigures(
            office_id=f.office.pk,
            office_name=f.office.name,
            cases=f.cases,
            closed=f.closed,
            median_triage_hours=f.median_triage_hours,
            median_resolve_hours=f.median_resolve_hours,
            within_sla=f.within_sla,
            reopened=f.reopened,
            rank=f.rank,
        )
    )


def office_figures_refresh(*, periods: Iterable[int] = PERIODS) -> list[FiguresSnapshot]:
    """Compute the figures of each period up to now and store them (beat runs it)."""
    until = timezone.now()
    threshold = service_settings().min_cases_for_ranking
    snapshots = []
    for days in periods:
        rows = office_figures(since=until - timedelta(days=days), until=until)
        snapshot, _created = FiguresSnapshot.objects.update_or_create(
            days=days,
            defaults={
                "computed_at": until,
                "threshold": threshold,
                "rows": [_stored(r) for r in rows],
            },
        )
        snapshots.append(snapshot)
    return snapshots


def office_figures_stored(*, days: int) -> tuple[FiguresSnapshot, list[StoredFigures]]:
    """The stored figures of the last `days` days; computed now if they never were."""
    snapshot = FiguresSnapshot.objects.filter(days=days).first()
    if snapshot is None:
        [snapshot] = office_figures_refresh(periods=[days])
    return snapshot, [StoredFigures(**row) for row in snapshot.rows]
