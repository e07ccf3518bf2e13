"""What TLR and the offices do: triage, assign, work, reply, resolve, reject, merge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kotalive.accounts.models import Organisation, User
from kotalive.complaints import policy
from kotalive.complaints.models import (
    Category,
    Complaint,
    Event,
    Follower,
    Photo,
)
from kotalive.complaints.services.actions import require_action
from kotalive.complaints.services.common import (
    MAX_NOTE,
    State,
    city_text,
    lock,
    photo_files_delete,
    photos_clean_all,
    photos_save,
    plain_text,
    public_note_set,
    record_event,
    resolution_clock_start,
    route_office,
)
from kotalive.core.audit import audit_record
from kotalive.core.errors import DomainError
from kotalive.core.images import CleanPhoto
from kotalive.core.models import AuditEvent

# --- TLR and offices ------------------------------------------------------------------------------


def _step_note(
    complaint: Complaint, *, actor: User, note: str, note_public: bool, channel: str
) -> str:
    """A note written with a step (to the office, about the work) stays among staff: it is kept as
    an internal note, unless the officer chose to show it to the reporter. Returns the note the
    step's public event carries."""
    if not note or note_public:
        return note
    record_event(complaint, Event.Kind.NOTE, actor=actor, note=note, public=False, channel=channel)
    return ""


def complaint_triage(
    *,
    actor: User,
    complaint: Complaint,
    category: Category | None = None,
    note: str = "",
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """TLR checks a new case (and may correct its category, which re-routes it)."""
    note = plain_text(note, field="note", limit=MAX_NOTE, required=False)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "triage")
        data: dict[str, Any] = {}
        if category is not None and category.pk != complaint.category_id:
            data["category"] = [complaint.category.slug, category.slug]
            complaint.category = category
            complaint.office = route_office(category=category, kelurahan=complaint.kelurahan)
        complaint.state = State.TRIAGED
        complaint.triaged_at = complaint.updated_at = timezone.now()
        public_note_set(complaint, city_text(gettext_noop("Checked by the Tangerang Live Room.")))
        complaint.save()
        record_event(
            complaint,
            Event.Kind.TRIAGED,
            actor=actor,
            note=note,
            public=False,
            data=data,
            channel=channel,
        )
    return complaint


def complaint_assign(
    *,
    actor: User,
    complaint: Complaint,
    office: Organisation | None = None,
    note: str = "",
    note_public: bool = False,
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """TLR hands the case to an office (the routed one unless another is chosen): only an
    organisation that works cases (`policy.works_cases`), never a hospital or an employer.
    The note is for the office: internal unless `note_public` (the reporter then sees it)."""
    note = plain_text(note, field="note", limit=MAX_NOTE, required=False)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "assign")
        if complaint.state == State.NEW:
            complaint.triaged_at = timezone.now()
        target = office or complaint.office or complaint.category.office
        if not target.is_active:
            raise DomainError("office_inactive", _("That office is not active."), field="office")
        if not policy.works_cases(target):
            raise DomainError(
                "office_not_eligible",
                _("%(office)s does not handle reports: choose a city office.") % {"office": target},
                field="office",
            )
        now = timezone.now()
        complaint.office = target
        complaint.state = State.ASSIGNED
        complaint.assigned_at = complaint.updated_at = now
        resolution_clock_start(complaint, now)
        public_note_set(complaint, city_text(gettext_noop("Passed to %(office)s."), office=target))
        complaint.save()
        record_event(
            complaint,
            Event.Kind.ASSIGNED,
            actor=actor,
            note=_step_note(
                complaint, actor=actor, note=note, note_public=note_public, channel=channel
            ),
            data={"office": target.pk},
            channel=channel,
        )
    return complaint


def complaint_start(
    *,
    actor: User,
    complaint: Complaint,
    note: str = "",
    note_public: bool = False,
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """The office starts the work; its note is internal unless `note_public`."""
    note = plain_text(note, field="note", limit=MAX_NOTE, required=False)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "start")
        complaint.state = State.IN_PROGRESS
        complaint.assignee = actor
        complaint.updated_at = timezone.now()
        shown = _step_note(
            complaint, actor=actor, note=note, note_public=note_public, channel=channel
        )
        working = city_text(gettext_noop("%(office)s is working on it."), office=complaint.office)
        public_note_set(complaint, shown or working)
        complaint.save()
        record_event(complaint, Event.Kind.STARTED, actor=actor, note=shown, channel=channel)
    return complaint


def complaint_reply(
    *,
    actor: User,
    complaint: Complaint,
    text: str,
    public: bool = True,
    channel: str = AuditEvent.Channel.WEB,
) -> Event:
    """A reply the reporter and followers see (public) or an internal note (not public)."""
    text = plain_text(text, field="text", limit=MAX_NOTE)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "reply" if public else "note")
        complaint.updated_at = timezone.now()
        if public:
            public_note_set(complaint, text)
        complaint.save()
        return record_event(
            complaint,
            Event.Kind.REPLY if public else Event.Kind.NOTE,
            actor=actor,
            note=text,
            public=public,
            channel=channel,
        )


def complaint_resolve(
    *,
    actor: User,
    complaint: Complaint,
    note: str,
    evidence: Sequence[IO[bytes] | CleanPhoto],
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """The office says it is fixed, with at least one photo of the result."""
    note = plain_text(note, field="note", limit=MAX_NOTE)
    if not evidence:
        raise DomainError(
            "evidence_required",
            _("Add at least one photo that shows the result."),
            field="evidence",
        )
    clean = photos_clean_all(evidence, field="evidence")
    saved: list[Photo] = []
    try:
        with transaction.atomic():
            complaint = lock(complaint)
            require_action(actor, complaint, "resolve")
            now = timezone.now()
            saved = photos_save(complaint, clean, kind=Photo.Kind.EVIDENCE, actor=actor)
            # Evidence of the city's own work is public at once.
            Photo.objects.filter(pk__in=[p.pk for p in saved]).update(
                approved_at=now, approved_by=actor
            )
            complaint.state = State.RESOLVED
            complaint.resolved_at = complaint.updated_at = now
            complaint.assignee = complaint.assignee or actor
            public_note_set(complaint, note)
            complaint.save()
            record_event(
                complaint,
                Event.Kind.RESOLVED,
                actor=actor,
                note=note,
                data={"photos": len(saved)},
                channel=channel,
            )
    except BaseException:
        photo_files_delete(saved)
        raise
    return complaint


def complaint_reject(
    *, actor: User, complaint: Complaint, reason: str, channel: str = AuditEvent.Channel.WEB
) -> Complaint:
    reason = plain_text(reason, field="reason", limit=500)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "reject")
        complaint.state = State.REJECTED
        complaint.reject_reason = reason
        complaint.closed_at = complaint.updated_at = timezone.now()
        public_note_set(complaint, reason)
        complaint.save()
        record_event(complaint, Event.Kind.REJECTED, actor=actor, note=reason, channel=channel)
    return complaint


def complaint_forward(
    *,
    actor: User,
    complaint: Complaint,
    to: str,
    note: str = "",
    note_public: bool = False,
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """Not the city's matter (a national road, the electricity company...): say where it went.
    The note is internal unless `note_public`."""
    to = plain_text(to, field="to", limit=200)
    note = plain_text(note, field="note", limit=MAX_NOTE, required=False)
    with transaction.atomic():
        complaint = lock(complaint)
        require_action(actor, complaint, "forward")
        complaint.state = State.FORWARDED
        complaint.forwarded_to = to
        complaint.closed_at = complaint.updated_at = timezone.now()
        forwarded = city_text(gettext_noop("Forwarded to %(to)s."), to=to)
        public_note_set(complaint, forwarded)
        complaint.save()
        shown = _step_note(
            complaint, actor=actor, note=note, note_public=note_public, channel=channel
        )
        record_event(
            complaint,
            Event.Kind.FORWARDED,
            actor=actor,
            note=shown or forwarded,
            data={"to": to},
            channel=channel,
        )
    return complaint


def complaint_merge(
    *,
    actor: User,
    source: Complaint,
    target: Complaint,
    channel: str = AuditEvent.Channel.WEB,
) -> Complaint:
    """Fold a duplicate into another case: its followers follow the surviving one."""
    with transaction.atomic():
        # Lock both in a fixed order so two merges cannot deadlock.
        first, second = sorted([source.pk, target.pk])
        locked = {
            c.pk: c
            for c in Complaint.objects.select_for_update(of=("self",))
            .select_related("category", "office")
            .filter(pk__in=[first, second])
            .order_by("pk")
        }
        source, target = locked[source.pk], locked[target.pk]
        require_action(actor, source, "merge")
        if source.pk == target.pk:
            raise DomainError("merge_same", _("A report cannot be merged into itself."))
        if not target.is_open:
            raise DomainError("merge_closed", _("Only open reports can be merged."), status=409)
        existing = set(target.followers.values_list("user_id", flat=True))
        moved = 0
        for follower in source.followers.all():
            if follower.user_id in existing:
                continue
            Follower.objects.create(
                complaint=target, user_id=follower.user_id, role=Follower.Role.SUPPORTER
            )
            moved += 1
        target.supporters_count = target.followers.filter(role=Follower.Role.SUPPORTER).count()
        target.updated_at = timezone.now()
        target.save()
        source.state = State.MERGED
        source.merged_into = target
        source.closed_at = source.updated_at = timezone.now()
        public_note_set(
            source, city_text(gettext_noop("Joined with report %(ref)s."), ref=target.ref)
        )
        source.save()
        record_event(
            source,
            Event.Kind.MERGED,
            actor=actor,
            data={"target": target.ref},
            channel=channel,
        )
        record_event(
            target,
            Event.Kind.MERGED,
            actor=actor,
            public=False,
            data={"source": source.ref, "followers_moved": moved},
            channel=channel,
        )
    return target


def complaint_photo_approve(
    *, actor: User, photo: Photo, channel: str = AuditEvent.Channel.WEB
) -> Photo:
    """An officer lets a report photo be shown to the public (checked for faces, plates...)."""
    with transaction.atomic():
        complaint = lock(photo.complaint)
        require_action(actor, complaint, "approve_photo")
        photo = Photo.objects.select_for_update().get(pk=photo.pk)
        if photo.approved_at is None:
            photo.approved_at = timezone.now()
            photo.approved_by = actor
            photo.save(update_fields=["approved_at", "approved_by"])
            record_event(
                complaint,
                Event.Kind.PHOTO_APPROVED,
                actor=actor,
                public=False,
                data={"photo": photo.pk},
                channel=channel,
            )
    return photo


def complaint_viewed(
    *, actor: User, complaint: Complaint, channel: str, ip: str | None = None
) -> None:
    """A staff member read the case with the reporter's personal data: on the record."""
    audit_record(
        actor=actor,
        action="complaint.personal_data_viewed",
        target=complaint,
        channel=channel,
        ip=ip,
        data={"ref": complaint.ref},
    )
