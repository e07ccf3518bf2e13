"""The public page of per-office figures (laporan/kinerja/): no personal data, no sign-in."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from kotalive.complaints.services.common import service_settings
from kotalive.complaints.stats import office_figures as figures_for

PERIODS = (30, 90, 365)


@cache_control(public=True, max_age=300)
def office_figures(request: HttpRequest) -> HttpResponse:
    try:
        days = int(request.GET.get("hari", PERIODS[0]))
    except ValueError:
        days = PERIODS[0]
    if days not in PERIODS:
        days = PERIODS[0]
    until = timezone.now()
    context = {
        "rows": figures_for(since=until - timedelta(days=days), until=until),
        "days": days,
        "periods": PERIODS,
        "threshold": service_settings().min_cases_for_ranking,
    }
    return render(request, "complaints/figures.html", context)
