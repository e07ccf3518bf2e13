"""The public page of per-office figures (laporan/kinerja/): no personal data, no sign-in."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from kotalive.complaints.stats import PERIODS, StoredFigures, office_figures_stored


def hours_text(hours: float | None) -> str:
    """A median in working hours as read on the page. The figures keep one decimal, so a median
    of 3 minutes (0.05 hours) or less is stored as 0.0: said in words, not shown as "0 hours"."""
    if hours is None:
        return "—"
    if hours < 0.05:
        return _("3 minutes or less")
    return number_format(hours)


def row_out(row: StoredFigures, *, threshold: int) -> dict[str, Any]:
    needed = max(threshold, 1)
    return {
        "row": row,
        "triage": hours_text(row.median_triage_hours),
        "resolve": hours_text(row.median_resolve_hours),
        "unranked_why": ""
        if row.rank
        else _("Not ranked: %(closed)d resolved in the period, at least %(needed)d needed.")
        % {"closed": row.closed, "needed": needed},
    }


@cache_control(public=True, max_age=300)
def office_figures(request: HttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("hari", PERIODS[0]))
    except ValueError:
        days = PERIODS[0]
    if days not in PERIODS:
        days = PERIODS[0]
    # Stored figures (stats.office_figures_refresh): a page view counts no cases.
    snapshot, rows = office_figures_stored(days=days)
    context = {
        "rows": [row_out(r, threshold=snapshot.threshold) for r in rows],
        "days": days,
        "periods": PERIODS,
        "threshold": snapshot.threshold,
        "computed_at": snapshot.computed_at,
    }
    return render(request, "complaints/figures.html", context)
