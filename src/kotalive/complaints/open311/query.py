"""GET requests: the GeoReport v2 filters, and each case as the public Open311 record.

Only public fields: never the reporter, the contact given by the client, device_id or
account_id; the words, address and point as `schemas.public_report` gives them to everyone.
media_url is the first photo an officer approved for the public.

Built for speed (docs/open311.md, "Speed"): one query on the complaint table with the columns a
record needs and its first approved photo, and the names of categories, offices and places from
the process's reference data (`core.refdata`), instead of a seven-table join and model instances;
the reads made all day compiled once per connection (`core.db.PreparedQuery`, below).
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Mapping
from datetime import datetime, timedelta, tzinfo
from typing import Any, NamedTuple

from django.core.files.storage import default_storage
from django.db import router
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import Organisation
from kotalive.complaints.models import Category, Complaint, Photo, note_shown
from kotalive.complaints.schemas import public_report
from kotalive.complaints.selectors import LAKSA_REFDATA
from kotalive.core.db import PreparedQuery
from kotalive.core.errors import DomainError
from kotalive.core.refdata import refdata
from kotalive.regions.models import Kelurahan
from kotalive.regions.selectors import REGIONS_REFDATA

MAX_SPAN = timedelta(days=90)
MAX_LIMIT = 1000
# Dates outside these years mean nothing to a 2016- service, and near the ends of the calendar
# the ±90-day window or the shift to UTC overflows: refused as a bad request.
FIRST_YEAR, LAST_YEAR = 1970, 2999
STATUSES = ("open", "closed")


def _bad(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def _list(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(",") if part.strip()]


def iso(value: datetime | None, zone: tzinfo | None = None) -> str | None:
    """ISO 8601 with the offset, in the city's time (WIB; `zone` when the caller has it)."""
    if value is None:
        return None
    return value.astimezone(zone or timezone.get_current_timezone()).isoformat(timespec="seconds")


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
    if not FIRST_YEAR <= parsed.year <= LAST_YEAR:
        raise _bad(
            "date_out_of_range",
            _("%(name)s must lie between the years %(first)d and %(last)d.")
            % {"name": name, "first": FIRST_YEAR, "last": LAST_YEAR},
        )
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def _limit(raw: str) -> int:
    """A plain whole number from 1; anything larger than MAX_LIMIT is MAX_LIMIT."""
    if not raw:
        return MAX_LIMIT
    # ASCII digits only: str.isdigit() also takes "²" and other scripts' digits, which int()
    # refuses or reads, and int() refuses more than 4300 digits.
    digits = raw.lstrip("0") if re.fullmatch(r"[0-9]+", raw) else ""
    if not digits:
        raise _bad("limit_invalid", _("limit must be a whole number from 1."))
    return MAX_LIMIT if len(digits) > 6 else min(int(digits), MAX_LIMIT)


class Row(NamedTuple):
    """What a record reads of the case itself; everything else comes from reference data."""

    pk: int
    ref: str
    state: str
    public_note: str
    public_note_source: dict[str, Any]
    category_id: int
    office_id: int | None
    kelurahan_id: int
    merged_into_id: int | None
    description: str
    address: str
    lat: float | None
    lon: float | None
    created_at: datetime
    updated_at: datetime
    triaged_at: datetime | None
    triage_due_at: datetime | None
    resolve_due_at: datetime | None
    photo: str | None  # the file of the first photo approved for the public


_COLUMNS = Row._fields[:-1]


def _values(found: QuerySet[Complaint]) -> QuerySet[Complaint, tuple[Any, ...]]:
    """The columns a record needs, and the first approved photo's file: one query."""
    first_photo = (
        Photo.objects.filter(complaint=OuterRef("pk"), approved_at__isnull=False)
        .order_by("created_at", "pk")
        .values("image")[:1]
    )
    return found.annotate(photo=Subquery(first_photo)).values_list(*_COLUMNS, "photo")


def _rows(found: QuerySet[Complaint]) -> list[Row]:
    return [Row._make(values) for values in _values(found)]


def _newest(found: QuerySet[Complaint], limit: int) -> QuerySet[Complaint]:
    return found.order_by("-created_at", "-pk")[:limit]


def _one_query(ref: str) -> QuerySet[Complaint, tuple[Any, ...]]:
    return _values(Complaint.objects.filter(ref=ref).order_by()[:1])


def _status_filter(found: QuerySet[Complaint], statuses: frozenset[str]) -> QuerySet[Complaint]:
    if statuses == {"open"}:
        return found.filter(state__in=Complaint.OPEN_STATES)
    if statuses == {"closed"}:
        return found.exclude(state__in=Complaint.OPEN_STATES)
    return found


def _window_query(
    start: datetime, end: datetime, *, statuses: frozenset[str], limit: int
) -> QuerySet[Complaint, tuple[Any, ...]]:
    found = Complaint.objects.filter(created_at__gte=start, created_at__lte=end)
    return _values(_newest(_status_filter(found, statuses), limit))


# The reads partners and researchers make all day, compiled by the ORM once per connection
# (core.db.PreparedQuery) instead of on every request: one request by its reference, and a
# window of newest cases per status filter and limit (the limit is part of the SQL; at most
# 3 x 1000 of them). Lists filtered by service_code or service_request_id are built as usual.
_ONE = PreparedQuery(_one_query, "ref")
_WINDOWS: dict[tuple[frozenset[str], int], PreparedQuery[Complaint]] = {}
_windows_lock = threading.Lock()


def _window_rows(
    start: datetime, end: datetime, *, statuses: frozenset[str], limit: int
) -> list[Row]:
    key = (statuses, limit)
    prepared = _WINDOWS.get(key)
    if prepared is None:
        with _windows_lock:
            prepared = _WINDOWS.setdefault(
                key,
                PreparedQuery(
                    functools.partial(_window_query, statuses=statuses, limit=limit),
                    times=("start", "end"),
                ),
            )
    found = prepared.rows(using=router.db_for_read(Complaint), start=start, end=end)
    return [Row._make(values) for values in found]


def _categories() -> dict[int, Category]:
    return {c.pk: c for c in Category.objects.all()}


def _offices() -> dict[int, str]:
    return dict(Organisation.objects.values_list("pk", "name"))


def _places() -> dict[int, tuple[str, str]]:
    """kelurahan id -> (code, "kelurahan, kecamatan")."""
    rows = Kelurahan.objects.values_list("pk", "code", "name", "kecamatan__name")
    return {pk: (code, f"{name}, {kecamatan}") for pk, code, name, kecamatan in rows}


def category_of(row: Any) -> Category:
    """The category of a case or a row, from reference data."""
    return refdata(LAKSA_REFDATA, "categories_by_id", _categories)[row.category_id]


def requests_search(params: Mapping[str, str], *, now: datetime | None = None) -> list[Row]:
    """The cases matching the GeoReport v2 filters, newest first, at most `limit` (≤ 1000)."""
    limit = _limit((params.get("limit") or "").strip())

    ids = _list(params.get("service_request_id"))
    if ids:
        # The spec: service_request_id overrides every other filter.
        return _rows(_newest(Complaint.objects.filter(ref__in=ids[:MAX_LIMIT]), limit))

    codes = _list(params.get("service_code"))
    statuses = frozenset(s.lower() for s in _list(params.get("status")))
    if statuses - set(STATUSES):
        raise _bad(
            "status_invalid", _("status must be open, closed, or both separated by a comma.")
        )
    if statuses == set(STATUSES):
        statuses = frozenset()

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
    if not codes:
        return _window_rows(start, end, statuses=statuses, limit=limit)
    rows = Complaint.objects.filter(
        category__slug__in=codes, created_at__gte=start, created_at__lte=end
    )
    return _rows(_newest(_status_filter(rows, statuses), limit))


def request_get(ref: str) -> Row | None:
    found = _ONE.rows(using=router.db_for_read(Complaint), ref=ref)
    return Row._make(found[0]) if found else None


def status_notes(row: Any, merged_refs: Mapping[int, str]) -> str:
    """The case's public note in the request's language (`lang`, else Accept-Language) when the
    system wrote it, else as written."""
    note = note_shown(row.public_note, row.public_note_source)
    if row.state == Complaint.State.MERGED and row.merged_into_id is not None:
        ref = merged_refs.get(row.merged_into_id)
        if ref and ref not in note:
            note = _("Joined with report %(ref)s.") % {"ref": ref}
    return note


def _absolute(base_url: str, url: str) -> str:
    return url if "://" in url else base_url + url


def request_records(rows: list[Row], *, request: HttpRequest, lang: str) -> list[dict[str, Any]]:
    """The public Open311 record of each row (`requests_search`, `request_get`); no query but
    one for the targets of merged cases, when there are any."""
    if not rows:
        return []
    categories = refdata(LAKSA_REFDATA, "categories_by_id", _categories)
    offices = refdata(LAKSA_REFDATA, "office_names", _offices)
    places = refdata(REGIONS_REFDATA, "places", _places)
    merged = [c.merged_into_id for c in rows if c.merged_into_id is not None]
    merged_refs = (
        dict(Complaint.objects.filter(pk__in=merged).values_list("pk", "ref")) if merged else {}
    )
    base_url = request.build_absolute_uri("/")[:-1]
    zone = timezone.get_current_timezone()
    open_states = frozenset(str(state) for state in Complaint.OPEN_STATES)
    names = {pk: c.name(lang) for pk, c in categories.items()}
    slugs = {pk: c.slug for pk, c in categories.items()}
    records = []
    for c in rows:
        code, place = places[c.kelurahan_id]
        public = public_report(c)
        photo = c.photo
        records.append(
            {
                "service_request_id": c.ref,
                "status": "open" if c.state in open_states else "closed",
                "status_notes": status_notes(c, merged_refs),
                "service_name": names[c.category_id],
                "service_code": slugs[c.category_id],
                "description": public["description"],
                "agency_responsible": offices.get(c.office_id, "") if c.office_id else "",
                "service_notice": "",
                "requested_datetime": iso(c.created_at, zone),
                "updated_datetime": iso(c.updated_at, zone),
                "expected_datetime": iso(c.resolve_due_at or c.triage_due_at, zone),
                "address": public["address"] or place,
                "address_id": code,
                "zipcode": "",
                "lat": public["lat"],
                "long": public["lon"],
                "media_url": _absolute(base_url, default_storage.url(photo)) if photo else None,
            }
        )
    return records
