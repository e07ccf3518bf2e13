"""Public per-office figures: how fast each office triages and resolves, counted in working time.

No personal data: counts, medians and shares per office only. An office with too few closed cases
in the period is listed but not ranked, so that two lucky cases do not top the table.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from statistics import median

from kotalive.accounts.models import Organisation
from kotalive.complaints.models import Complaint
from kotalive.complaints.sla import service_settings, working_calendar

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
