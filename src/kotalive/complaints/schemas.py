"""API shapes of the resident and public LAKSA endpoints, and the one place that decides what of a
case is public. The public shape never holds the reporter's phone or contact, the reporter's name
only when they did not hide it, and only approved photos; follower extras are added on top."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from django.utils.translation import pgettext_lazy as pgettext
from ninja import Schema
from pydantic import Field

from kotalive.accounts.models import User
from kotalive.complaints import policy, selectors
from kotalive.complaints.models import Category, Complaint, Event, Follower, Photo
from kotalive.complaints.services.actions import case_actions
from kotalive.core.http import current_language

ResidentStatus = Literal["waiting", "in_progress", "done"]

RESIDENT_STATUS_LABELS = {
    "waiting": pgettext("resident status", "Waiting"),
    "in_progress": pgettext("resident status", "In progress"),
    "done": pgettext("resident status", "Done"),
}


def status_label(complaint: Complaint) -> str:
    return str(RESIDENT_STATUS_LABELS[complaint.resident_status])


def case_url(complaint: Complaint) -> str:
    return f"/laporan/{complaint.ref}/"


# --- output shapes --------------------------------------------------------------------------------


class LaksaCategoryOut(Schema):
    slug: str = Field(max_length=60)
    name: str
    description: str
    icon: str
    group: str
    keywords: str


class LaksaCategoryRef(Schema):
    slug: str
    name: str
    icon: str


class PhotoOut(Schema):
    url: str
    width: int = Field(ge=0)
    height: int = Field(ge=0)
    kind: str = Field(description="report or evidence.")


class LaksaSlaOut(Schema):
    running: bool
    due: datetime | None
    overdue: bool


class CaseOut(Schema):
    """A case as anyone may see it: no reporter contact, no unapproved photo."""

    ref: str
    url: str
    category: LaksaCategoryRef
    status: ResidentStatus = Field(description="What residents see: waiting, in_progress, done.")
    status_label: str
    state: str = Field(description="The detailed workflow state.")
    public_note: str
    description: str
    address: str
    kelurahan: str
    kecamatan: str
    lat: float | None
    lon: float | None
    supporters_count: int = Field(ge=0)
    reporter_name: str | None = Field(description="Null when hidden by the reporter or unknown.")
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    sla: LaksaSlaOut
    photos: list[PhotoOut]


class LaksaTimelineOut(Schema):
    kind: str
    label: str
    note: str
    at: datetime


class FollowerOut(Schema):
    role: Literal["reporter", "supporter"]
    can_confirm: bool
    can_reopen: bool
    can_rate: bool
    rating: int | None
    rating_comment: str
    timeline: list[LaksaTimelineOut]
    own_photos: list[PhotoOut] = Field(
        description="The reporter's photos, approved or not (only the reporter sees them)."
    )


class CaseDetailOut(CaseOut):
    following: FollowerOut | None = Field(
        description="Present when the caller reported or follows the case."
    )


class MineOut(CaseOut):
    role: Literal["reporter", "supporter"]


class NearbyOut(Schema):
    ref: str
    url: str
    category: LaksaCategoryRef
    status: ResidentStatus
    status_label: str
    description: str
    distance_m: int = Field(ge=0)
    supporters_count: int = Field(ge=0)
    created_at: datetime


class SupportOut(Schema):
    ref: str = Field(description="The case now followed (the target when the case was merged).")
    joined: bool = Field(description="False when already following.")
    supporters_count: int = Field(ge=0)


class ReopenIn(Schema):
    reason: str = Field(min_length=1, max_length=1000)


class RateIn(Schema):
    rating: int = Field(ge=1, le=5)
    comment: str = Field(default="", max_length=500)


# --- builders -------------------------------------------------------------------------------------


def category_ref(category: Category) -> dict[str, Any]:
    return {"slug": category.slug, "name": category.name(current_language()), "icon": category.icon}


def category_out(category: Category) -> dict[str, Any]:
    return {
        **category_ref(category),
        "description": category.description(current_language()),
        "group": category.group,
        "keywords": category.keywords,
    }


def photo_out(photo: Any) -> dict[str, Any]:
    return {
        "url": photo.image.url,
        "width": photo.width,
        "height": photo.height,
        "kind": photo.kind,
    }


def reporter_name(complaint: Complaint) -> str | None:
    if complaint.reporter_hidden or complaint.reporter_id is None:
        return None
    reporter = complaint.reporter
    name = (reporter.display_name or "").strip() if reporter is not None else ""
    return name or None


def case_public(complaint: Complaint) -> dict[str, Any]:
    sla = selectors.sla_state(complaint)
    return {
        "ref": complaint.ref,
        "url": case_url(complaint),
        "category": category_ref(complaint.category),
        "status": complaint.resident_status,
        "status_label": status_label(complaint),
        "state": complaint.state,
        "public_note": complaint.public_note,
        "description": complaint.description,
        "address": complaint.address,
        "kelurahan": complaint.kelurahan.name,
        "kecamatan": complaint.kelurahan.kecamatan.name,
        "lat": complaint.lat,
        "lon": complaint.lon,
        "supporters_count": complaint.supporters_count,
        "reporter_name": reporter_name(complaint),
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
        "resolved_at": complaint.resolved_at,
        "closed_at": complaint.closed_at,
        "sla": {"running": sla["running"], "due": sla["due"], "overdue": sla["overdue"]},
        "photos": [photo_out(p) for p in selectors.photos_public(complaint=complaint)],
    }


def timeline_out(event: Event) -> dict[str, Any]:
    return {
        "kind": event.kind,
        "label": event.get_kind_display(),
        "note": event.note,
        "at": event.created_at,
    }


def nearby_out(found: selectors.Nearby) -> dict[str, Any]:
    c = found.complaint
    return {
        "ref": c.ref,
        "url": case_url(c),
        "category": category_ref(c.category),
        "status": c.resident_status,
        "status_label": status_label(c),
        "description": c.description[:200],
        "distance_m": found.distance_m,
        "supporters_count": c.supporters_count,
        "created_at": c.created_at,
    }


def reporter_can(complaint: Complaint, actor: User) -> dict[str, bool]:
    """The follow-up steps open to this user now, from the lifecycle table (the services check
    again when they are taken)."""
    allowed = case_actions(actor, complaint)
    return {
        "can_confirm": "confirm" in allowed,
        "can_reopen": "reopen" in allowed,
        "can_rate": "rate" in allowed,
    }


def follower_extras(complaint: Complaint, actor: Any) -> dict[str, Any] | None:
    """What the reporter or a follower sees on top of the public shape; None for anyone else."""
    if not policy.follows(actor, complaint):
        return None
    is_reporter = complaint.reporter_id == actor.pk
    # A case just filed carries these (the service knows them); any other is read here.
    own: Iterable[Photo] | None = getattr(complaint, "own_photos", None) if is_reporter else []
    if own is None:
        own = complaint.photos.filter(kind=Photo.Kind.REPORT, uploaded_by=actor)
    events: Iterable[Event] | None = getattr(complaint, "public_events", None)
    if events is None:
        events = selectors.timeline_public(complaint=complaint)
    return {
        "role": "reporter" if is_reporter else "supporter",
        **reporter_can(complaint, actor),
        "rating": complaint.rating if is_reporter else None,
        "rating_comment": complaint.rating_comment if is_reporter else "",
        "timeline": [timeline_out(e) for e in events],
        "own_photos": [photo_out(p) for p in own],
    }


MY_CASES_LIMIT = 200


def my_cases(actor: User) -> list[dict[str, Any]]:
    """A resident's own cases and those they follow (newest change first), each in its public
    shape with the resident's role: reporter or supporter."""
    roles = dict(Follower.objects.filter(user=actor).values_list("complaint_id", "role"))
    return [
        {**case_public(c), "role": roles.get(c.pk, Follower.Role.SUPPORTER)}
        for c in selectors.complaints_of(actor=actor)[:MY_CASES_LIMIT]
    ]


def case_detail(complaint: Complaint, actor: Any) -> dict[str, Any]:
    return {**case_public(complaint), "following": follower_extras(complaint, actor)}
