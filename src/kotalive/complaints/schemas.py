"""API shapes of the resident and public LAKSA endpoints, and the one place that decides what of a
case is public (pages, map, resident API, nearby and Open311 all build on `public_fields`).

The public shape never holds the reporter's phone or contact, nor the exact pin (a coarse point,
`core.geo`); the words, the typed address and the reporter's name (when they chose to show it)
only once TLR checked the case, and only approved photos (`selectors.text_public`,
`selectors.photos_public`). The reporter sees all of their case; follower extras come on top."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any, Literal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import pgettext_lazy as pgettext
from ninja import Schema
from pydantic import Field

from kotalive.accounts.models import User
from kotalive.complaints import policy, selectors
from kotalive.complaints.models import Category, Complaint, Event, Follower, Photo
from kotalive.complaints.services.actions import case_actions
from kotalive.core.geo import coarse_point
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
    public: bool = Field(
        default=True, description="Approved for the public (the reporter sees theirs before)."
    )


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
    public_note: str = Field(
        description="What happened last: in the request's language when the city's system wrote "
        "it, as written when an officer did."
    )
    description: str = Field(
        description="Empty for the public until TLR checked the case; the reporter sees it always."
    )
    address: str = Field(
        description="Empty for the public until TLR checked the case; the reporter sees it always."
    )
    kelurahan: str
    kecamatan: str
    lat: float | None = Field(
        description="For the public the centre of a grid cell of about 140 m holding the pin; "
        "exact for the reporter. Null when only an address was given."
    )
    lon: float | None
    supporters_count: int = Field(ge=0)
    reporter_name: str | None = Field(
        description="Shown only when the reporter chose it and TLR checked the case, else null."
    )
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    sla: LaksaSlaOut
    photos: list[PhotoOut]


class LaksaTimelineOut(Schema):
    kind: str
    label: str
    note: str = Field(
        description="In the request's language when the city's system wrote it, as written when "
        "an officer or the reporter did."
    )
    at: datetime


class LaksaPublicViewOut(Schema):
    """What the public sees of the caller's own report now (told to the reporter only)."""

    name: bool = Field(description="The reporter's name is shown to the public now.")
    text: bool = Field(description="The words and the address are shown to the public now.")
    pin: Literal["approximate", "none"] = Field(
        description="The public sees an approximate point (about 140 m), never the exact pin."
    )
    summary: str = Field(description="The same in one or two sentences, in the caller's language.")


class FollowerOut(Schema):
    role: Literal["reporter", "supporter"]
    public_view: LaksaPublicViewOut | None = Field(
        description="For the reporter: what the public sees of this report now, and when more."
    )
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
        "public": photo.approved_at is not None,
    }


def _full_name(complaint: Complaint) -> str | None:
    if complaint.reporter_id is None:
        return None
    reporter = complaint.reporter
    name = (reporter.display_name or "").strip() if reporter is not None else ""
    return name or None


def reporter_name(complaint: Complaint) -> str | None:
    """The name the public sees: only by the reporter's choice, and once TLR checked the case."""
    if not complaint.reporter_name_public or not selectors.text_public(complaint):
        return None
    return _full_name(complaint)


def public_point(complaint: selectors.Reported) -> tuple[float | None, float | None]:
    if complaint.lat is None or complaint.lon is None:
        return None, None
    return coarse_point(complaint.lat, complaint.lon)


def public_report(complaint: selectors.Reported) -> dict[str, Any]:
    """What a resident wrote and pinned, as the public may see it now (Open311 too)."""
    shown = selectors.text_public(complaint)
    lat, lon = public_point(complaint)
    return {
        "description": complaint.description if shown else "",
        "address": complaint.address if shown else "",
        "lat": lat,
        "lon": lon,
    }


def public_fields(complaint: Complaint) -> dict[str, Any]:
    """`public_report` and the reporter's name, as the public may see them now."""
    return {**public_report(complaint), "reporter_name": reporter_name(complaint)}


def own_fields(complaint: Complaint) -> dict[str, Any]:
    """The same fields as the reporter sees them: everything."""
    return {
        "description": complaint.description,
        "address": complaint.address,
        "lat": complaint.lat,
        "lon": complaint.lon,
        "reporter_name": _full_name(complaint),
    }


def public_view(complaint: Complaint) -> dict[str, Any]:
    """What the public sees of a report now, for its reporter (the form says it beforehand)."""
    text = selectors.text_public(complaint)
    if text:
        summary = _(
            "The public sees the category, the kelurahan, the status, an approximate spot on "
            "the map (not your exact pin), your description and the address; your photos once "
            "an officer approves them."
        )
    else:
        summary = _(
            "For now the public sees only the category, the kelurahan, the status and an "
            "approximate spot on the map (not your exact pin). Your description and the address "
            "are shown once the Tangerang Live Room has checked the report; your photos once an "
            "officer approves them."
        )
    if not complaint.reporter_name_public or complaint.reporter_id is None:
        name = _("Your name is not shown to the public.")
    elif text:
        name = _("Your name is shown with it, as you chose.")
    else:
        name = _("Your name will be shown with it after the check, as you chose.")
    return {
        "name": reporter_name(complaint) is not None,
        "text": text,
        "pin": "approximate" if complaint.lat is not None else "none",
        "summary": f"{summary} {name}",
    }


def case_public(complaint: Complaint) -> dict[str, Any]:
    sla = selectors.sla_state(complaint)
    return {
        "ref": complaint.ref,
        "url": case_url(complaint),
        "category": category_ref(complaint.category),
        "status": complaint.resident_status,
        "status_label": status_label(complaint),
        "state": complaint.state,
        "public_note": complaint.shown_public_note,
        **public_fields(complaint),
        "kelurahan": complaint.kelurahan.name,
        "kecamatan": complaint.kelurahan.kecamatan.name,
        "supporters_count": complaint.supporters_count,
        "created_at": complaint.created_at,
        "updated_at": complaint.updated_at,
        "resolved_at": complaint.resolved_at,
        "closed_at": complaint.closed_at,
        "sla": {"running": sla["running"], "due": sla["due"], "overdue": sla["overdue"]},
        "photos": [photo_out(p) for p in selectors.photos_public(complaint=complaint)],
    }


# The timeline in the words a resident uses (the console keeps the staff terms of `Event.Kind`).
RESIDENT_LABELS = {
    Event.Kind.SUBMITTED: gettext_lazy("Report received"),
    Event.Kind.SUPPORTED: gettext_lazy("Another resident has the same problem"),
    Event.Kind.TRIAGED: gettext_lazy("Checked by the Tangerang Live Room"),
    Event.Kind.ASSIGNED: gettext_lazy("Passed to the office that handles it"),
    Event.Kind.STARTED: gettext_lazy("The office started the work"),
    Event.Kind.REPLY: gettext_lazy("Message from the city"),
    Event.Kind.RESOLVED: gettext_lazy("The office says it is fixed"),
    Event.Kind.CLOSED: gettext_lazy("Finished"),
    Event.Kind.REOPENED: gettext_lazy("Reopened: not fixed yet"),
    Event.Kind.REJECTED: gettext_lazy("Not taken up"),
    Event.Kind.FORWARDED: gettext_lazy("Passed to an authority outside the city"),
    Event.Kind.MERGED: gettext_lazy("Joined with a report of the same problem"),
    Event.Kind.RATED: gettext_lazy("Rated by the reporter"),
}


def timeline_out(event: Event) -> dict[str, Any]:
    label = RESIDENT_LABELS.get(Event.Kind(event.kind))
    return {
        "kind": event.kind,
        "label": str(label) if label is not None else event.get_kind_display(),
        "note": event.shown_note,
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
        "description": (c.description if selectors.text_public(c) else "")[:200],
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
        "public_view": public_view(complaint) if is_reporter else None,
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
        {**case_public(c), **own, "role": roles.get(c.pk, Follower.Role.SUPPORTER)}
        for c in selectors.complaints_of(actor=actor)[:MY_CASES_LIMIT]
        for own in [own_fields(c) if c.reporter_id == actor.pk else {}]
    ]


def case_detail(complaint: Complaint, actor: Any) -> dict[str, Any]:
    """A case for this caller: the public shape, all of it for its reporter, follower extras."""
    extras = follower_extras(complaint, actor)
    own = own_fields(complaint) if extras is not None and extras["role"] == "reporter" else {}
    return {**case_public(complaint), **own, "following": extras}
