"""GET requests: the GeoReport v2 filters, and each case as the public Open311 record.

Only public fields: never the reporter, the contact given by the client, device_id or
account_id. media_url is the first photo an officer approved for the public.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.complaints import selectors
from kotalive.complaints.models import Complaint
from kotalive.core.errors import DomainError

MAX_SPAN = timedelta(days=90)
MAX_LIMIT = 1000
STATUSES = ("open", "closed")


def _bad(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def iso(value: datetime | None) -> str | None:
    """ISO 8601 with the offset, in the city's time (WIB)."""
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def parse_date(value: str, name: str) -> datetime:
    try:
        # An unencoded "+07:00" in a query string arrives as " 07:00".
        parsed = datetime.fromisoformat(re.sub(r" (\d{2}:?\d{2})$", r"+\1", value.strip()))
    except ValueError:
        raise _bad(
            "date_invalid",
            _("%(name)s must be an ISO 8601 date and time, e.g. 2026-01-31T08:00:00+07:00.")
            % {"name": name},
        ) from None
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _base() -> QuerySet[Complaint]:
    return selectors.complaint_rows().select_related("merged_into")


def requests_search(params: Mapping[str, str], *, now: datetime | None = None) -> list[Complaint]:
    """The cases matching the GeoReport v2 filters, newest first, at most `limit` (≤ 1000)."""
    raw_limit = (params.get("limit") or "").strip()
    limit = MAX_LIMIT
    if raw_limit:
        if not raw_limit.isdigit() or int(raw_limit) < 1:
            raise _bad("limit_invalid", _("limit must be a whole number from 1."))
        limit = min(int(raw_limit), MAX_LIMIT)

    rows = _base()
    ids = _list(params.get("service_request_id"))
    if ids:
        # The spec: service_request_id overrides every other filter.
        return list(rows.filter(ref__in=ids[:MAX_LIMIT]).order_by("-created_at", "-pk")[:limit])

    codes = _list(params.get("service_code"))
    if codes:
        rows = rows.filter(category__slug__in=codes)
    statuses = {s.lower() for s in _list(params.get("status"))}
    if statuses - set(STATUSES):
        raise _bad(
            "status_invalid", _("status must be open, closed, or both separated by a comma.")
        )
    if statuses == {"open"}:
        rows = rows.filter(state__in=Complaint.OPEN_STATES)
    elif statuses == {"closed"}:
        rows = rows.exclude(state__in=Complaint.OPEN_STATES)

    now = now or timezone.now()
    start_raw, end_raw = (
        (params.get("start_date") or "").strip(),
        (params.get("end_date") or "").strip(),
    )
    start = parse_date(start_raw, "start_date") if start_raw else None
    end = parse_date(end_raw, "end_date") if end_raw else None
    if start is None and end is None:
        end = now
    if start is None:
        assert end is not None
        start = end - MAX_SPAN
    if end is None:
        end = start + MAX_SPAN
    if start > end:
        raise _bad("date_range_invalid", _("start_date must be before end_date."))
    if end - start > MAX_SPAN:
        raise _bad(
            "date_range_too_long", _("start_date and end_date may be at most 90 days apart.")
        )
    rows = rows.filter(created_at__gte=start, created_at__lte=end)
    return list(rows.order_by("-created_at", "-pk")[:limit])


def request_get(ref: str) -> Complaint | None:
    return _base().filter(ref=ref).first()


def status_notes(complaint: Complaint) -> str:
    note = complaint.public_note
    if complaint.state == Complaint.State.MERGED and complaint.merged_into is not None:
        ref = complaint.merged_into.ref
        if ref not in note:
            note = _("Joined with report %(ref)s.") % {"ref": ref}
    return note


def request_record(complaint: Complaint, *, request: HttpRequest, lang: str) -> dict[str, Any]:
    photos = selectors.photos_public(complaint=complaint)
    media_url = request.build_absolute_uri(photos[0].image.url) if photos else None
    kelurahan = complaint.kelurahan
    address = complaint.address or f"{kelurahan.name}, {kelurahan.kecamatan.name}"
    return {
        "service_request_id": complaint.ref,
        "status": complaint.open311_status,
        "status_notes": status_notes(complaint),
        "service_name": complaint.category.name(lang),
        "service_code": complaint.category.slug,
        "description": complaint.description,
        "agency_responsible": complaint.office.name if complaint.office else "",
        "service_notice": "",
        "requested_datetime": iso(complaint.created_at),
        "updated_datetime": iso(complaint.updated_at),
        "expected_datetime": iso(complaint.resolve_due_at or complaint.triage_due_at),
        "address": address,
        "address_id": kelurahan.code,
        "zipcode": "",
        "lat": complaint.lat,
        "long": complaint.lon,
        "media_url": media_url,
    }


def request_records(
    complaints: Iterable[Complaint], *, request: HttpRequest, lang: str
) -> list[dict[str, Any]]:
    return [request_record(c, request=request, lang=lang) for c in complaints]
