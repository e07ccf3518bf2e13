"""LAKSA reads. Staff reads take the actor and are scoped by `policy`; public reads hold no
personal data (no reporter, no contact, only approved photos).

What a resident sent becomes public only after staff looked at it, and the staff act is stamped
on the row: a report photo once an officer approved it (`Photo.approved_at`, `photos_public`),
the words and the typed address once TLR triaged the case (`Complaint.triaged_at`,
`text_public`). `schemas` builds every public answer through these two."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from django.db.models import Case, F, Prefetch, Q, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import User
from kotalive.complaints import policy
from kotalive.complaints.models import Category, Complaint, Event, Photo
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.geo import GRID_DEGREES, coarse_point
from kotalive.core.permissions import allowed
from kotalive.core.refdata import refdata

State = Complaint.State
# Categories, routing rules and the offices they name (see apps.py for what bumps it).
LAKSA_REFDATA = "laksa"
NEARBY_RADIUS_M = 300
NEARBY_LIMIT = 10
MAX_CANDIDATES = 5000
_M_PER_DEG_LAT = 111_320.0


def categories_active() -> QuerySet[Category]:
    return Category.objects.filter(is_active=True).select_related("office")


def _categories_by_slug() -> dict[str, Category]:
    return {c.slug: c for c in Category.objects.select_related("office")}


def category_exists(*, slug: str) -> bool:
    """Whether a category (active or retired: its cases stay listed) has this slug; no query."""
    return slug in refdata(LAKSA_REFDATA, "categories", _categories_by_slug)


def category_get(*, slug: str, field: str | None = None) -> Category:
    """An active category, from the process's reference data (see `core.refdata`): shared, so
    read-only. Unknown: 404, or with `field` (a form's choice) an error on that field."""
    found = refdata(LAKSA_REFDATA, "categories", _categories_by_slug).get(slug)
    if found is None or not found.is_active:
        if field is not None:
            raise DomainError("category_unknown", _("No such category."), field=field)
        raise NotFound("category_unknown", _("No such category."))
    return found


def complaint_rows() -> QuerySet[Complaint]:
    """Cases with what every list and page shows of them, in a fixed number of queries: the
    category, office, place and reporter joined, the approved photos prefetched
    (`public_photos`, read by `photos_public`)."""
    approved = Photo.objects.filter(approved_at__isnull=False).order_by("created_at", "pk")
    return Complaint.objects.select_related(
        "category", "office", "kelurahan__kecamatan", "reporter"
    ).prefetch_related(
        # The model declares the attribute (for the services that set it): not a new one here.
        Prefetch("photos", queryset=approved, to_attr="public_photos")  # type: ignore[no-redef]
    )


def complaint_public_get(*, ref: str) -> Complaint:
    """Any case by its reference, for the public view (the caller shows public fields only)."""
    found = complaint_rows().filter(ref=ref).first()
    if found is None:
        raise NotFound("complaint_not_found", _("No such report."))
    return found


def complaint_get_for(*, actor: Any, ref: str) -> Complaint:
    """A case with its personal data: TLR, the office whose queue holds it, or a follower.

    Anyone else gets NotFound, so that a reference does not tell whether a private case exists.
    """
    found = complaint_rows().filter(ref=ref).first()
    if found is None or not (
        allowed(actor, policy.READ, found) or allowed(actor, policy.TRACK, found)
    ):
        raise NotFound("complaint_not_found", _("No such report."))
    return found


def complaint_for_staff(*, actor: Any, ref: str) -> Complaint:
    """A case as the back office reads it (with personal data): TLR or the office whose queue
    holds it. A follower who is also staff reads it on the resident pages, not here."""
    found = complaint_get_for(actor=actor, ref=ref)
    if not allowed(actor, policy.READ, found):
        raise NotFound("complaint_not_found", _("No such report."))
    return found


# The states in which a case still needs staff: the console's default list.
WORK_STATES = (State.NEW, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS)


def complaints_queue(
    *,
    actor: Any,
    state: str | None = None,
    category: str | None = None,
    kecamatan: int | None = None,
    overdue: bool | None = None,
    q: str | None = None,
    order: str = "newest",
) -> QuerySet[Complaint]:
    """The cases a staff member may see: the whole city for TLR, an office its own queue.
    `state="work"`: what still needs staff (not yet resolved); `order="deadline"`: the running
    deadline first (triage for a new case, resolution once assigned), cases without one last."""
    rows = complaint_rows()
    if not allowed(actor, policy.COMMAND_CENTRE):
        rows = rows.filter(policy.office_scope(actor).filter())
    if state == "work":
        rows = rows.filter(state__in=WORK_STATES)
    elif state == "open":
        rows = rows.filter(state__in=Complaint.OPEN_STATES)
    elif state:
        rows = rows.filter(state=state)
    if category:
        rows = rows.filter(category__slug=category)
    if kecamatan:
        rows = rows.filter(kelurahan__kecamatan_id=kecamatan)
    if overdue is True:
        rows = rows.filter(escalated_at__isnull=False, state__in=Complaint.OPEN_STATES)
    if q:
        rows = rows.filter(Q(ref__iexact=q.strip()) | Q(description__icontains=q.strip()))
    if order == "deadline":
        due = Case(
            When(state=State.NEW, then=F("triage_due_at")),
            When(state__in=WORK_STATES, then=Coalesce("resolve_due_at", "triage_due_at")),
            default=None,
        )
        return rows.annotate(due=due).order_by(F("due").asc(nulls_last=True), "created_at", "pk")
    return rows.order_by("-created_at", "-pk")


def complaints_of(*, actor: User) -> QuerySet[Complaint]:
    """A resident's own cases and those they follow."""
    return (
        complaint_rows()
        .filter(followers__user=actor)
        .exclude(state=State.MERGED)
        .distinct()
        .order_by("-updated_at", "-pk")
    )


@dataclass(frozen=True)
class Nearby:
    complaint: Complaint
    distance_m: int


def complaints_nearby(
    *,
    lat: float,
    lon: float,
    category: Category | None = None,
    radius_m: int = NEARBY_RADIUS_M,
    limit: int = NEARBY_LIMIT,
) -> list[Nearby]:
    """Open cases near a point (the same category when given), nearest first.

    Distances are to each case's public (coarse) point, never to its exact pin: an exact
    distance from a few points of one's choosing would give the pin back. A bounding box on the
    (category, state, lat, lon) index, wider by the half cell a coarse point may move, narrows
    it down; the distance is computed on the few rows left.
    """
    margin = GRID_DEGREES / 2
    dlat = radius_m / _M_PER_DEG_LAT + margin
    dlon = radius_m / (_M_PER_DEG_LAT * max(math.cos(math.radians(lat)), 0.01)) + margin
    box = Complaint.objects.filter(
        state__in=Complaint.OPEN_STATES,
        lat__gte=lat - dlat,
        lat__lte=lat + dlat,
        lon__gte=lon - dlon,
        lon__lte=lon + dlon,
    )
    if category is not None:
        box = box.filter(category=category)
    # Distances on bare (id, lat, lon) rows, then whole cases for the nearest few only: a spot
    # with hundreds of reports (a flood, a market) stays cheap.
    distances = []
    for pk, c_lat, c_lon in box.values_list("pk", "lat", "lon")[:MAX_CANDIDATES]:
        if c_lat is None or c_lon is None:  # the box excludes them; for the type checker
            continue
        d = distance_m(lat, lon, *coarse_point(c_lat, c_lon))
        if d <= radius_m:
            distances.append((d, pk))
    distances.sort()
    nearest = distances[:limit]
    cases = Complaint.objects.select_related("category", "kelurahan").in_bulk(
        [pk for _d, pk in nearest]
    )
    return [Nearby(cases[pk], round(d)) for d, pk in nearest if pk in cases]


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


# What residents see as not done yet (waiting or in progress) is what staff still work on.
PUBLIC_OPEN_STATES = WORK_STATES


def complaints_public(
    *,
    state: str | None = None,
    category: str | None = None,
    kecamatan: int | None = None,
    since: datetime | None = None,
) -> QuerySet[Complaint]:
    """Every case but merged ones, for the public map and list (show public fields only).
    "open" is what residents see as not done (waiting or in progress): a resolved case that waits
    for its reporter's word already shows as done, so it is listed with the finished ones."""
    rows = complaint_rows().exclude(state=State.MERGED)
    if state == "open":
        rows = rows.filter(state__in=PUBLIC_OPEN_STATES)
    elif state == "closed":
        rows = rows.exclude(state__in=PUBLIC_OPEN_STATES)
    if category:
        rows = rows.filter(category__slug=category)
    if kecamatan:
        rows = rows.filter(kelurahan__kecamatan_id=kecamatan)
    if since:
        rows = rows.filter(created_at__gte=since)
    return rows.order_by("-created_at", "-pk")


def photos_public(*, complaint: Complaint) -> list[Photo]:
    """The photos the public may see: prefetched by `complaint_rows`, else read here."""
    prefetched: list[Photo] | None = getattr(complaint, "public_photos", None)
    if prefetched is not None:
        return prefetched
    return list(complaint.photos.filter(approved_at__isnull=False).order_by("created_at", "pk"))


class Reported(Protocol):
    """What a resident wrote and pinned: a case, or a row of some of its columns (Open311)."""

    @property
    def triaged_at(self) -> datetime | None: ...
    @property
    def description(self) -> str: ...
    @property
    def address(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...


def text_public(complaint: Reported) -> bool:
    """May the public read what the resident wrote (words, address, the name if they chose)?
    Once TLR triaged the case, as a photo once an officer approved it."""
    return complaint.triaged_at is not None


def timeline_public(*, complaint: Complaint) -> QuerySet[Event]:
    return complaint.events.filter(public=True).select_related("actor")


def timeline_full(*, complaint: Complaint) -> QuerySet[Event]:
    return complaint.events.select_related("actor")


def sla_state(complaint: Complaint, *, now: datetime | None = None) -> dict[str, Any]:
    """The clock a resident and an officer see: which deadline, when, and whether it passed."""
    now = now or timezone.now()
    if complaint.state == State.NEW:
        due = complaint.triage_due_at
        label = "triage"
    elif complaint.state in (State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS):
        due = complaint.resolve_due_at or complaint.triage_due_at
        label = "resolve" if complaint.resolve_due_at else "triage"
    else:
        return {"running": False, "due": None, "overdue": False, "label": ""}
    return {"running": True, "due": due, "overdue": bool(due and now > due), "label": label}


def report_photo(*, complaint: Complaint, photo_id: int) -> Photo:
    """A report photo of this case (not a resolution's evidence), for an officer to approve."""
    photo = Photo.objects.filter(pk=photo_id, complaint=complaint, kind=Photo.Kind.REPORT).first()
    if photo is None:
        raise NotFound("photo_not_found", _("No such photo on this report."))
    return photo
