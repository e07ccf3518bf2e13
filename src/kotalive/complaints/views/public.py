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
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotalive.complaints import schemas, selectors
from kotalive.complaints.forms import RateForm, ReopenForm
from kotalive.complaints.models import Complaint
from kotalive.complaints.services import case_actions
from kotalive.core.errors import NotFound
from kotalive.core.http import current_language
from kotalive.regions.selectors import kecamatan_exists, kecamatan_list

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


def _filters(request: HttpRequest) -> dict[str, Any]:
    """The list's filters from the query string; the map reads the same ones."""
    state = request.GET.get("status", "open")
    return {
        "state": state if state in STATE_FILTERS else None,
        "category": request.GET.get("category", "")[:60] or None,
        "kecamatan": _int_or_none(request.GET.get("kecamatan")),
    }


@require_safe
def case_list(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    rows = selectors.complaints_public(**filters)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "cases": [schemas.case_public(c) for c in page.object_list],
        "categories": [schemas.category_ref(c) for c in selectors.categories_active()],
        "kecamatan_list": kecamatan_list(),
        "filters": {
            "status": filters["state"] or "",
            "category": filters["category"] or "",
            "kecamatan": filters["kecamatan"],
        },
        "query": query.urlencode(),
        "map_query": _map_query(filters),
        **map_context(),
    }
    return render(request, "complaints/list.html", context)


def _map_query(filters: dict[str, Any]) -> str:
    query = QueryDict(mutable=True)
    query["status"] = filters["state"] or "all"
    if filters["category"]:
        query["category"] = filters["category"]
    if filters["kecamatan"]:
        query["kecamatan"] = str(filters["kecamatan"])
    return query.urlencode()


def case_context(request: HttpRequest, complaint: Complaint) -> dict[str, Any]:
    user = request.user if request.user.is_authenticated else None
    case = schemas.case_detail(complaint, user)
    return {
        "complaint": complaint,
        "case": case,
        "following": case["following"],
        # Each photo once: an approved one is among the case's photos, with its public caption.
        "own_pending": [
            p for p in (case["following"] or {}).get("own_photos", []) if not p["public"]
        ],
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


def _filters_known(filters: dict[str, Any]) -> bool:
    """Whether each filter names something that exists (the state is always one of a few)."""
    category, kecamatan = filters["category"], filters["kecamatan"]
    return (category is None or selectors.category_exists(slug=category)) and (
        kecamatan is None or kecamatan_exists(pk=kecamatan)
    )


def _map_body(filters: dict[str, Any]) -> str:
    rows = selectors.complaints_public(**filters).filter(lat__isnull=False)[:MAP_LIMIT]
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
    return json.dumps({"type": "FeatureCollection", "features": features})


@require_safe
def map_geojson(request: HttpRequest) -> HttpResponse:
    """Cases with a pin, newest first, as GeoJSON for the public map (cached a minute): the
    list's filters (open ones unless asked). Each at its public point (`schemas.public_point`):
    cases in one grid cell share it.

    Only filters that name an existing category and kecamatan are cached: made-up values (a
    crawler's, or an attacker's) would otherwise each take a key. They find nothing, as on the
    list, so they are answered with an empty collection and no query."""
    filters = _filters(request)
    if not _filters_known(filters):
        body = json.dumps({"type": "FeatureCollection", "features": []})
    else:
        key = "complaints:map:{}:{}:{}:{}".format(
            current_language(), filters["state"], filters["category"], filters["kecamatan"]
        )
        body = cache.get(key)
        if body is None:
            body = _map_body(filters)
            cache.set(key, body, MAP_CACHE_SECONDS)
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = f"public, max-age={MAP_CACHE_SECONDS}"
    return response
