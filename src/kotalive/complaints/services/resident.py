"""What residents do with their reports: file, support, confirm, reopen, rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import IO

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotalive.accounts.models import User
from kotalive.accounts.policy import is_staff
from kotalive.complaints.models import (
    MAX_DESCRIPTION,
    Category,
    Complaint,
    Event,
    Follower,
    Photo,
)
from kotalive.complaints.services.actions import require_action, require_system
from kotalive.complaints.services.common import (
    MAX_NOTE,
    CityNote,
    State,
    city_text,
    followers_notify,
    location_check,
    lock,
    new_ref,
    photo_files_delete,
    photos_clean_all,
    photos_save,
    plain_text,
    public_note_set,
    record_event,
    reopen_window_open,
    resolution_clock_start,
    route_office,
    service_settings,
    warn_time,
)
from kotalive.complaints.sla import working_calendar
from kotalive.core.db import insert_one
from kotalive.core.errors import DomainError
from kotalive.core.images import CleanPhoto
from kotalive.core.models import AuditEvent
from kotalive.core.ratelimit import check_rate
from kotalive.regions.models import Kelurahan

# --- residents ----------------------------------------------------------------------------------


def complaint_submit(
    *,
    actor: User | None,
    category: Category,
    description: str,
    reporter: User | None = None,
    lat: float | None = None,
    lon: float | None = None,
    kelurahan: Kelurahan | None = None,
    address: str = "",
    photos: Sequence[IO[bytes] | CleanPhoto] = (),
    show_name: bool = False,
    channel: str = Complaint.Channel.APP,
    contact_name: str = "",
    contact_phone: str = "",
    contact_email: str = "",
    device_id: str = "",
    account_id: str = "",
    audit_channel: str = AuditEvent.Channel.WEB,
    now: datetime | None = None,
) -> Complaint:
    """File a new case. Photos are checked and re-encoded first: a refused one stores nothing.

    The reporter is the resident filing it (the actor), or nobody when staff enter a case taken by
    phone or from social media (its `contact_*` fields say who called). Their name is public only
    when they chose it (`show_name`), and only once TLR checked the case (`schemas`).
    """
    if reporter is None and actor is not None and actor.pk and not is_staff(actor):
        reporter = actor
    if not category.is_active:
        raise DomainError(
            "category_unknown", _("This category is not available."), field="category"
        )
    if reporter is not None:
        check_rate("complaint_submit", f"user:{reporter.pk}")
    text = plain_text(description, field="description", limit=MAX_DESCRIPTION)
    lat, lon, place, address = location_check(
        lat=lat, lon=lon, kelurahan=kelurahan, address=address
    )
    clean = photos_clean_all(photos, field="photos")
    now = now or timezone.now()
    triage_due = working_calendar().add_hours(now, category.triage_hours)
    saved: list[Photo] = []
    try:
        # No savepoint of its own inside a caller's transaction: nothing below is caught and
        # retried, so a failure here fails the caller's whole transaction, as it should.
        with transaction.atomic(savepoint=False):
            complaint = Complaint(
                ref=new_ref(),
                category=category,
                channel=channel,
                reporter=reporter,
                reporter_name_public=show_name,
                contact_name=contact_name[:150],
                contact_phone=contact_phone[:20],
                contact_email=contact_email[:254],
                description=text,
                lat=lat,
                lon=lon,
                kelurahan=place,
                address=address,
                office=route_office(category=category, kelurahan=place),
                created_at=now,
                updated_at=now,
                triage_due_at=triage_due,
                warn_at=warn_time(now, triage_due),
                device_id=device_id[:100],
                account_id=account_id[:100],
            )
            # A reference already taken (32^6, about a billion of them) is simply drawn again.
            while not insert_one(complaint, skip_if_taken=("ref",)):
                complaint.ref = new_ref()
            if complaint.reporter is not None:
                insert_one(
                    Follower(
                        complaint=complaint, user=complaint.reporter, role=Follower.Role.REPORTER
                    )
                )
            saved = photos_save(complaint, clean, kind=Photo.Kind.REPORT, actor=actor)
            event = record_event(
                complaint,
                Event.Kind.SUBMITTED,
                actor=actor,
                data={"channel": channel, "photos": len(saved)},
                channel=audit_channel,
                notify=False,
            )
            # The reporter hears from us too: the first message of the case's thread.
            followers_notify(complaint, event, followers=[reporter] if reporter else [])
            # What the answer shows of the new case is known: no need to read it back.
            complaint.public_photos = []  # a photo is public only once an officer approves it
            complaint.public_events = [event]
            complaint.own_photos = saved
    except BaseException:
        photo_files_delete(saved)
        raise
    return complaint


def complaint_support(
    *, actor: User, complaint: Complaint, channel: str = AuditEvent.Channel.WEB
) -> bool:
    """ "Me too": follow an open case and count as a supporter. False when already following."""
    with transaction.atomic():
        complaint = lock(complaint)
        if complaint.state == State.MERGED and complaint.merged_into_id:
            complaint = lock(complaint.merged_into)  # type: ignore[arg-type]
        require_action(actor, complaint, "support")
        _follower, created = Follower.objects.get_or_create(
            complaint=complaint, user=actor, defaults={"role": Follower.Role.SUPPORTER}
        )
        if not created:
            return False
        Complaint.objects.filter(pk=complaint.pk).update(
            supporters_count=F("supporters_count") + 1, updated_at=timezone.now()
        )
        complaint.refresh_from_db()
        record_event(complaint, Event.Kind.SUPPORTED, actor=actor, channel=channel, notify=False)
        return True


def complaint_confirm(
    *, actor: User, complaint: Complaint, channel: str = AuditEvent.Channel.WEB
) -> Complaint:
    """The reporter confirms the fix: the case closes."""
    return complaint_close(actor=actor, complaint=complaint, channel=channel)


def complaint_close(
    *,
    actor: User | None,
    complaint: Complaint,
    channel: str = AuditEvent.Channel.WEB,
    now: datetime | None = None,
) -> Complaint:
    """Close a resolved case: its reporter confirms the fix (`confirm`), or, with no actor, the
    closure window passed without an answer (`auto_close`, from `complaints_auto_close`)."""
    with transaction.atomic():
        complaint = lock(complaint)
        note: CityNote | str
        if actor is None:
            require_system(complaint, "auto_close")
            days = service_settings().auto_close_days
            note = city_text(
                gettext_noop("Closed automatically: no reply within %(days)d days of the fix."),
                days=days,
            )
            public_note, by = note, "timeout"
        else:
            require_action(actor, complaint, "confirm")
            note, public_note, by = (
                "",
                city_text(gettext_noop("Confirmed fixed by the reporter.")),
                "reporter",
            )
        complaint.state = State.CLOSED
        complaint.closed_at = complaint.updated_at = now or timezone.now()
        public_note_set(complaint, public_note)
        complaint.save()
        record_event(
            complaint, Event.Kind.CLOSED, actor=actor, note=note, data={"by": by}, channel=channel
        )
    return complaint


def complaint_reopen(
    *, actor: User, complaint: Complaint, reason: str, channel: str = AuditEvent.Channel.WEB
) -> Complaint:
    """The reporter says it is not fixed, within the window: back to the same office."""
    reason = plain_text(reason, field="reason", limit=MAX_NOTE)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "reopen")
        if not reopen_window_open(complaint):
            raise DomainError(
                "reopen_window_passed",
                _("It is too late to reopen this report; please file a new one."),
                status=409,
            )
        now = timezone.now()
        complaint.state = State.ASSIGNED
        complaint.reopened_count += 1
        complaint.resolved_at = None
        complaint.closed_at = None
        complaint.updated_at = now
        resolution_clock_start(complaint, now)
        public_note_set(
            complaint,
            city_text(gettext_noop("Reopened by the reporter: %(reason)s"), reason=reason[:200]),
        )
        complaint.save()
        record_event(complaint, Event.Kind.REOPENED, actor=actor, note=reason, channel=channel)
    return complaint


def complaint_rate(
    *,
    actor: User,
    complaint: Complaint,
    rating: int,
    comment: str = "",
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    if not 1 <= rating <= 5:
        raise DomainError("rating_invalid", _("Choose from 1 to 5 stars."), field="rating")
    comment = plain_text(comment, field="comment", limit=500, required=False)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "rate")
        if complaint.rating is not None:
            raise DomainError("already_rated", _("You already rated this report."), status=409)
        complaint.rating = rating
        complaint.rating_comment = comment
        complaint.rated_at = timezone.now()
        complaint.save()
        record_event(
            complaint,
            Event.Kind.RATED,
            actor=actor,
            note=comment,
            data={"rating": rating},
            channel=channel,
            notify=False,
        )
    return complaint
