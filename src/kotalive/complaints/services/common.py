"""Shared steps of every LAKSA write: validation, timeline, audit, notices, photos."""

from __future__ import annotations

import math
import secrets
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotalive.accounts.models import Organisation, User
from kotalive.complaints import policy
from kotalive.complaints.models import (
    MAX_PHOTOS,
    Category,
    Complaint,
    Event,
    Photo,
    RoutingRule,
)
from kotalive.complaints.open311.cache import open311_reads_changed
from kotalive.complaints.selectors import LAKSA_REFDATA
from kotalive.complaints.sla import service_settings as service_settings  # kept importable here
from kotalive.complaints.sla import working_calendar
from kotalive.core.audit import audit_record
from kotalive.core.db import insert_one
from kotalive.core.errors import DomainError
from kotalive.core.events import event_publish_many
from kotalive.core.images import CleanPhoto, photos_clean
from kotalive.core.models import AuditEvent
from kotalive.core.refdata import refdata
from kotalive.notifications.services import Text, notification_send
from kotalive.regions.models import Kelurahan
from kotalive.regions.selectors import kelurahan_at

State = Complaint.State
REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I
MAX_NOTE = 1000
MAX_ADDRESS = 300


# --- validation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CityNote:
    """A note the system writes for the public: its text in the city's language
    (`LANGUAGE_CODE`), stored for exports, Open311 and anything that cannot translate, whatever
    the language of the officer's console; and its source (the English msgid and its values),
    so that each page shows it in its reader's language (`models.note_shown`)."""

    text: str
    source: dict[str, Any]


def city_text(message: str, **params: Any) -> CityNote:
    """Mark the message with `gettext_noop` where it is written, for the catalogue. The values
    are kept as given (a number for `%(days)d`), anything else as its text."""
    values = {key: value if isinstance(value, int) else str(value) for key, value in params.items()}
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(message)
        text = text % values if values else text
    source: dict[str, Any] = {"msgid": message, "params": values} if values else {"msgid": message}
    return CityNote(text=text, source=source)


def public_note_set(complaint: Complaint, note: str | CityNote) -> None:
    """What the public reads of the case now: a note the system wrote (translated where it is
    shown), or one an officer wrote for the reporter (shown as written, in any language)."""
    if isinstance(note, CityNote):
        complaint.public_note, complaint.public_note_source = note.text[:500], note.source
    else:
        complaint.public_note, complaint.public_note_source = note[:500], {}


def plain_text(value: str, *, field: str, limit: int, required: bool = True) -> str:
    """Plain text only: control characters removed (newlines kept), whitespace trimmed."""
    cleaned = "".join(
        ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C"
    ).strip()
    if required and not cleaned:
        raise DomainError(f"{field}_required", _("Please write a few words."), field=field)
    if len(cleaned) > limit:
        raise DomainError(
            f"{field}_too_long",
            _("At most %(limit)d characters, please.") % {"limit": limit},
            field=field,
        )
    return cleaned


def location_check(
    *, lat: float | None, lon: float | None, kelurahan: Kelurahan | None, address: str
) -> tuple[float | None, float | None, Kelurahan, str]:
    address = plain_text(address, field="address", limit=MAX_ADDRESS, required=False)
    if lat is not None or lon is not None:
        if lat is None or lon is None or not (math.isfinite(lat) and math.isfinite(lon)):
            raise DomainError("location_invalid", _("The map position is not valid."), field="lat")
        found = kelurahan_at(lat=lat, lon=lon)
        if found is None:
            raise DomainError(
                "location_outside_city",
                _(
                    "This place is outside Kota Tangerang. LAKSA handles reports inside the city; "
                    "please move the pin, or contact the city or regency where it is."
                ),
                field="lat",
            )
        return round(lat, 6), round(lon, 6), found, address
    if kelurahan is None:
        raise DomainError(
            "location_required",
            _("Put a pin on the map, or choose the kelurahan and write the address."),
            field="kelurahan",
        )
    if not address:
        raise DomainError(
            "address_required",
            _("Write the address or a landmark so the officers can find the place."),
            field="address",
        )
    return None, None, kelurahan, address


def photos_clean_all(photos: Sequence[IO[bytes] | CleanPhoto], *, field: str) -> list[CleanPhoto]:
    if len(photos) > MAX_PHOTOS:
        raise DomainError(
            "photos_too_many",
            _("At most %(count)d photos, please.") % {"count": MAX_PHOTOS},
            field=field,
        )
    return photos_clean(photos, field=field)  # within the pixel budget of one request


def new_ref() -> str:
    """A random reference; whether it is free is settled by the insert (see complaint_submit)."""
    return "LK-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(6))


RuleKey = tuple[int, int | None, int | None]  # category, kelurahan, kecamatan


def _routing_rules() -> dict[RuleKey, RoutingRule]:
    return {
        (r.category_id, r.kelurahan_id, r.kecamatan_id): r
        for r in RoutingRule.objects.select_related("office")
    }


def route_office(*, category: Category, kelurahan: Kelurahan) -> Organisation:
    """The office for this category here: a kelurahan rule, else a kecamatan rule, else default.

    A rule naming an organisation that does not work cases (inactive, or a hospital) is skipped.
    """
    rules = refdata(LAKSA_REFDATA, "routing", _routing_rules)
    for key in ((category.pk, kelurahan.pk, None), (category.pk, None, kelurahan.kecamatan_id)):
        rule = rules.get(key)
        if rule is not None and policy.works_cases(rule.office):
            return rule.office
    return category.office


# --- side effects after commit ------------------------------------------------------------------


def _tlr_org_ids() -> list[int]:
    return list(policy.command_centre_organisations().values_list("pk", flat=True))


def tlr_org_ids() -> list[int]:
    """The Diskominfo organisations: the Tangerang Live Room's event channels and staff."""
    return refdata(LAKSA_REFDATA, "tlr", _tlr_org_ids)


def publish_change(complaint: Complaint, kind: str) -> None:
    data = {
        "ref": complaint.ref,
        "state": complaint.state,
        "category": complaint.category.slug,
        "office": complaint.office_id,
        "overdue": bool(complaint.escalated_at),
    }
    orgs = {*tlr_org_ids(), *([complaint.office_id] if complaint.office_id else [])}
    event_publish_many(
        [
            *((f"org:{org_id}", f"complaint.{kind}", data) for org_id in sorted(orgs)),
            ("public", "complaint.changed", {"ref": complaint.ref}),
        ]
    )


# Marked for translation here, translated when sent, in each follower's own language.
_MESSAGES = {
    Event.Kind.SUBMITTED: (
        gettext_noop("Report %(ref)s received"),
        gettext_noop("We will check it and pass it on."),
    ),
    Event.Kind.ASSIGNED: (
        gettext_noop("Report %(ref)s passed to %(office)s"),
        gettext_noop("The office will handle it."),
    ),
    Event.Kind.STARTED: (
        gettext_noop("Work started on %(ref)s"),
        gettext_noop("%(office)s is working on it."),
    ),
    Event.Kind.REPLY: (gettext_noop("New reply on %(ref)s"), gettext_noop("%(note)s")),
    Event.Kind.RESOLVED: (
        gettext_noop("Report %(ref)s resolved"),
        gettext_noop("Please check and confirm, or reopen it if it is not fixed."),
    ),
    Event.Kind.CLOSED: (
        gettext_noop("Report %(ref)s closed"),
        gettext_noop("Thank you. You can rate how it was handled."),
    ),
    Event.Kind.REOPENED: (
        gettext_noop("Report %(ref)s reopened"),
        gettext_noop("It went back to %(office)s."),
    ),
    Event.Kind.REJECTED: (gettext_noop("Report %(ref)s rejected"), gettext_noop("%(note)s")),
    Event.Kind.FORWARDED: (gettext_noop("Report %(ref)s forwarded"), gettext_noop("%(note)s")),
    Event.Kind.MERGED: (
        gettext_noop("Report %(ref)s joined another report"),
        gettext_noop("You now follow %(target)s."),
    ),
}


def followers_notify(
    complaint: Complaint,
    event: Event,
    *,
    exclude: User | None = None,
    followers: Iterable[User] | None = None,
) -> None:
    """Tell the case's followers (or `followers`, when the caller knows them: a new case has
    only its reporter) what happened, each in their own language."""
    texts = _MESSAGES.get(Event.Kind(event.kind))
    if texts is None:
        return
    users = (
        followers
        if followers is not None
        else User.objects.filter(followed_complaints__complaint=complaint, is_active=True)
    )
    for user in users:
        if exclude is not None and user.pk == exclude.pk:
            continue
        with translation.override(user.language or "id"):
            values = {
                "ref": complaint.ref,
                "office": str(complaint.office) if complaint.office_id else "TLR",
                # A note the system wrote, in the follower's language; an officer's as written.
                "note": event.shown_note[:300],
                "target": event.data.get("target", ""),
            }
            notification_send(
                user=user,
                kind=f"complaint.{event.kind}",
                dedupe_key=f"complaint:{complaint.ref}:{event.kind}:{event.pk}",
                # By source: the inbox shows it in the page's language, the SMS in theirs.
                title=Text(texts[0], values),
                body=Text(texts[1], values),
                url=f"/laporan/{complaint.ref}/",
                # The receipt is on the resident's screen already: inbox only, no SMS.
                channels=() if event.kind == Event.Kind.SUBMITTED else ("sms",),
            )


def record_event(
    complaint: Complaint,
    kind: str,
    *,
    actor: User | None,
    note: str | CityNote = "",
    public: bool = True,
    data: dict[str, Any] | None = None,
    channel: str = AuditEvent.Channel.WEB,
    notify: bool = True,
) -> Event:
    text, source = (note.text, note.source) if isinstance(note, CityNote) else (note, {})
    event = Event(
        complaint=complaint,
        kind=kind,
        actor=actor,
        note=text,
        note_source=source,
        public=public,
        data=data or {},
    )
    insert_one(event)
    audit_record(
        actor=actor,
        action=f"complaint.{kind}",
        target=complaint,
        channel=channel,
        data={"ref": complaint.ref, "state": complaint.state, **(data or {})},
    )
    if public and notify:
        followers_notify(complaint, event, exclude=actor)
    publish_change(complaint, kind)
    open311_reads_changed()
    return event


def photos_save(
    complaint: Complaint, photos: Iterable[CleanPhoto], *, kind: str, actor: User | None
) -> list[Photo]:
    saved: list[Photo] = []
    for clean in photos:
        photo = Photo(
            complaint=complaint,
            kind=kind,
            uploaded_by=actor,
            size=len(clean.content),
            width=clean.width,
            height=clean.height,
        )
        name = f"{uuid.uuid4().hex}.{clean.extension}"
        photo.image.save(name, ContentFile(clean.content), save=False)
        photo.save()
        saved.append(photo)
    return saved


def photo_files_delete(photos: Iterable[Photo]) -> None:
    for photo in photos:
        photo.image.delete(save=False)


def lock(complaint: Complaint) -> Complaint:
    return (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("category", "office")
        .get(pk=complaint.pk)
    )


def warn_time(start: datetime, due: datetime) -> datetime:
    """When a clock running from `start` to `due` has used the warning share of its working
    time (80 % by default)."""
    calendar = working_calendar()
    total = calendar.working_seconds_between(start, due)
    if not total:
        return due
    return calendar.add_hours(start, calendar.warn_percent / 100 * total / 3600)


def resolution_clock_start(complaint: Complaint, now: datetime) -> None:
    """The office's time to resolve starts (on assignment, and again on reopening): its due
    time in working days, its warning time, and no warning or escalation yet."""
    due = working_calendar().add_days(now, complaint.category.resolve_days)
    complaint.resolve_due_at = due
    complaint.warn_at = warn_time(now, due)
    complaint.warned_at = None
    complaint.escalated_at = None


def reopen_window_open(complaint: Complaint, now: datetime | None = None) -> bool:
    """May the reporter still reopen it? Resolved or closed, within the closure window."""
    if complaint.state not in (State.RESOLVED, State.CLOSED):
        return False
    resolved_at = complaint.resolved_at or complaint.updated_at
    days = service_settings().auto_close_days
    return (now or timezone.now()) <= resolved_at + timedelta(days=days)
