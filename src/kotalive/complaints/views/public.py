"""Public LAKSA pages: the list and map of reports, a case page, the map's GeoJSON.

Nothing personal is shown here: `schemas.case_public` decides the public fields (no contact, no
phone, no exact pin; words, address and a chosen name only after triage; approved photos only).
The reporter sees all of their case, and followers their extras, on the same page
(`schemas.case_detail`).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotalive.complaints import schemas, selectors
from kotalive.complaints.forms import RateForm, ReopenForm
from kotalive.complaints.models import Complaint
from kotalive.complaints.services import case_actions
from kotalive.core.errors import NotFound
from kotalive.core.http import current_language
from kotalive.regions.selectors import kecamatan_list

PAGE_SIZE = 20
MAP_LIMIT = 500
MAP_CACHE_SECONDS = 60
# Kota Tangerang, for the map's first view.
CITY_CENTRE = (-6.1783, 106.6319)
STATE_FILTERS = ("open", "closed")


def map_context() -> dict[str, Any]:
    return {
        "tile_url": settings.MAP_TILE_URL,
        "tile_attribution": settings.MAP_TILE_ATTRIBUTION,
        "centre_lat": CITY_CENTRE[0],
        "centre_lon": CITY_CENTRE[1],
    }


def _int_or_none(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    state = request.GET.get("status", "open")
    state = state if state in STATE_FILTERS else ""
    category = request.GET.get("category", "")[:60]
    kecamatan = _int_or_none(request.GET.get("kecamatan"))
    rows = selectors.complaints_public(
        state=state or None, category=category or None, kecamatan=kecamatan
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "cases": [schemas.case_public(c) for c in page.object_list],
        "categories": [schemas.category_ref(c) for c in selectors.categories_active()],
        "kecamatan_list": kecamatan_list(),
        "filters": {"status": state, "category": category, "kecamatan": kecamatan},
        "query": query.urlencode(),
        **map_context(),
    }
    return render(request, "complaints/list.html", context)


def case_context(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    user = request.user if request.user.is_authenticated else None
    case = schemas.case_detail(complaint, user)
    return {
        "complaint": complaint,
        "case": case,
        "following": case["following"],
        "can_support": case["following"] is None and "support" in case_actions(user, complaint),
        "reopen_form": ReopenForm(auto_id="reopen_%s"),
        "rate_form": RateForm(auto_id="rate_%s"),
        **map_context(),
    }


def _get(ref: str) -> Complaint:
    try:
        return selectors.complaint_public_get(ref=ref)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


@require_safe
def case_detail(request: HttpRequest, ref: str) -> HttpResponse:
    complaint = _get(ref)
    context = case_context(request, complaint)
    response = render(request, "complaints/case.html", context)
    if context["following"] is not None:
        response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def map_geojson(request: HttpRequest) -> HttpResponse:
    """Open cases with a pin, newest first, as GeoJSON for the public map (cached a minute).
    Each at its public point (`schemas.public_point`): cases in one grid cell share it."""
    key = f"complaints:map:{current_language()}"
    body: str | None = cache.get(key)
    if body is None:
        rows = selectors.complaints_public(state="open").filter(lat__isnull=False)[:MAP_LIMIT]
        features = [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": list(schemas.public_point(c))[::-1]},
                "properties": {
                    "ref": c.ref,
                    "url": schemas.case_url(c),
                    "category": c.category.name(current_language()),
                    "status": c.resident_status,
                    "status_label": schemas.status_label(c),
                },
            }
            for c in rows
        ]
        body = json.dumps({"type": "FeatureCollection", "features": features})
        cache.set(key, body, MAP_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={MAP_CACHE_SECONDS}"
    return response
