"""The public page of per-office figures (laporan/kinerja/): no personal data, no sign-in."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control

from kotalive.complaints.stats import PERIODS, office_figures_stored


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
        "rows": rows,
        "days": days,
        "periods": PERIODS,
        "threshold": snapshot.threshold,
        "computed_at": snapshot.computed_at,
    }
    return render(request, "complaints/figures.html", context)
