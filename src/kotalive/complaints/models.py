"""LAKSA complaints: categories with their routing and service levels, cases, photos, timeline.

The workflow lives in `services.py` (one function per transition); these models hold the data,
its constraints and pure derived values only. See docs/complaints.md.
"""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Organisation
from kotalive.core.i18n import translated
from kotalive.regions.models import Kecamatan, Kelurahan

MAX_DESCRIPTION = 2000
MAX_PHOTOS = 5


def note_shown(stored: str, source: object) -> str:
    """A note in the active language when the system wrote it, else as stored.

    `source` is what the system wrote: its English source, marked with `gettext_noop` where it
    is written, and the values put into it ({"msgid": ..., "params": {...}}). A note an officer
    or resident wrote has none and is shown as written, as is a row older than sources."""
    if not isinstance(source, dict):
        return stored
    return translated(source.get("msgid"), source.get("params") or {}, stored)


class Category(models.Model):
    """What a resident reports (a road, a street light, a snake...). Open311 calls it a service."""

    slug = models.SlugField(max_length=60, unique=True)  # also the Open311 service_code
    name_id = models.CharField(max_length=120)
    name_en = models.CharField(max_length=120)
    description_id = models.CharField(max_length=300, blank=True)
    description_en = models.CharField(max_length=300, blank=True)
    keywords = models.CharField(max_length=300, blank=True, help_text="Extra search words, id+en.")
    icon = models.CharField(max_length=40, default="report")
    group = models.CharField(max_length=60, default="infrastruktur")  # Open311 `group`
    # The office that handles it unless a routing rule for the area says otherwise.
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    # Service levels, counted in working time (see sla.py): triage in hours, resolution in days.
    triage_hours = models.PositiveSmallIntegerField(default=4)
    resolve_days = models.PositiveSmallIntegerField(default=5)
    is_active = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "slug"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(condition=Q(triage_hours__gte=1), name="category_triage_hours"),
            models.CheckConstraint(condition=Q(resolve_days__gte=1), name="category_resolve_days"),
        ]

    def __str__(self) -> str:
        return self.name_id

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_id

    def description(self, lang: str) -> str:
        return self.description_en if lang == "en" else self.description_id


class RoutingRule(models.Model):
    """An area where another office handles a category (a kelurahan rule beats a kecamatan one)."""

    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="rules")
    kecamatan = models.ForeignKey(
        Kecamatan, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kelurahan = models.ForeignKey(
        Kelurahan, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kecamatan__isnull=False) | Q(kelurahan__isnull=False),
                name="routing_rule_has_area",
            ),
            models.UniqueConstraint(
                fields=["category", "kecamatan", "kelurahan"], name="routing_rule_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category} @ {self.kelurahan or self.kecamatan} -> {self.office}"


class ServiceSettings(models.Model):
    """One row, edited by Diskominfo: working hours, closure window, public ranking threshold."""

    workday_start = models.TimeField(default=time(8, 0))
    workday_end = models.TimeField(default=time(16, 0))
    # ISO weekdays that are working days, e.g. "12345" = Monday to Friday.
    working_weekdays = models.CharField(max_length=7, default="12345")
    # A resolved case closes by itself after this many days unless the reporter reopens it.
    auto_close_days = models.PositiveSmallIntegerField(default=3)
    # Share of the service level after which the office is warned (80 = at 80 %).
    warn_percent = models.PositiveSmallIntegerField(default=80)
    # An office with fewer closed cases than this in the period is shown but not ranked.
    min_cases_for_ranking = models.PositiveSmallIntegerField(default=10)

    class Meta:
        verbose_name_plural = "service settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(workday_start__lt=models.F("workday_end")),
                name="settings_workday_order",
            ),
            models.CheckConstraint(
                condition=Q(warn_percent__gte=1) & Q(warn_percent__lte=99),
                name="settings_warn_percent",
            ),
        ]

    def __str__(self) -> str:
        return "LAKSA service settings"


class Holiday(models.Model):
    """A public holiday or collective leave day (cuti bersama): not a working day."""

    date = models.DateField(unique=True)
    name = models.CharField(max_length=120)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class FiguresSnapshot(models.Model):
    """The public office figures of one period as last computed (`stats.office_figures_refresh`,
    run by beat): the public page reads this row instead of counting a year of cases."""

    days = models.PositiveSmallIntegerField(unique=True)  # the period: the last `days` days
    computed_at = models.DateTimeField()
    # The ranking threshold the figures were ranked with, shown with them.
    threshold = models.PositiveSmallIntegerField()
    rows = models.JSONField(default=list)  # one object per office, in the page's order

    def __str__(self) -> str:
        return f"figures of the last {self.days} days at {self.computed_at:%Y-%m-%d %H:%M}"


class Complaint(models.Model):
    class State(models.TextChoices):
        NEW = "new", _("New")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned to an office")
        IN_PROGRESS = "in_progress", _("In progress")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded")
        MERGED = "merged", _("Merged")

    class Channel(models.TextChoices):
        APP = "app", _("App")
        OPEN311 = "open311", _("Open311 client")
        PHONE = "phone", _("Phone call")
        SOCIAL = "social", _("Social media")
        WALK_IN = "walk_in", _("Walk-in")

    # Public reference, e.g. "LK-7Q4M2X": short, unguessable, no sequence to enumerate. Unique by
    # a constraint (Meta), not unique=True, which on PostgreSQL adds a second, LIKE-only index.
    ref = models.CharField(max_length=12)
    # Indexed first in complaint_nearby (Meta): an index of its own would only cost writes.
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="complaints", db_index=False
    )
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.APP)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="complaints",
    )
    # The reporter chose to show their name publicly (shown once TLR checked the case). Hidden
    # unless chosen: many reports are about a neighbour, a landlord, an official.
    reporter_name_public = models.BooleanField(default=False)
    # Contact given by an Open311 client or taken down by TLR from a call; never public.
    contact_name = models.CharField(max_length=150, blank=True)
    contact_phone = models.CharField(max_length=20, blank=True)
    contact_email = models.EmailField(blank=True)
    description = models.TextField(max_length=MAX_DESCRIPTION)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    kelurahan = models.ForeignKey(Kelurahan, on_delete=models.PROTECT, related_name="+")
    address = models.CharField(max_length=300, blank=True)

    state = models.CharField(max_length=12, choices=State.choices, default=State.NEW)
    office = models.ForeignKey(  # indexed first in complaint_queue (Meta)
        Organisation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_complaints",
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    supporters_count = models.PositiveIntegerField(default=0)

    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(default=timezone.now)
    triaged_at = models.DateTimeField(null=True, blank=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Service-level deadlines (working time), set on submission and on assignment/reopening.
    triage_due_at = models.DateTimeField(null=True, blank=True)
    resolve_due_at = models.DateTimeField(null=True, blank=True)
    # When the office (TLR while new) is warned: the warning share of the running clock's
    # working time, computed when the clock starts so that beat finds due warnings by index.
    warn_at = models.DateTimeField(null=True, blank=True)
    warned_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    # Plain-language line for residents and Open311 status_notes: what happened last, in the
    # city's language (exports, anything that cannot translate). When the system wrote it, its
    # source too (`note_shown`), so each page shows it in its reader's language.
    public_note = models.CharField(max_length=500, blank=True)
    public_note_source = models.JSONField(default=dict, blank=True)
    reject_reason = models.CharField(max_length=500, blank=True)
    forwarded_to = models.CharField(max_length=200, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=500, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    # Open311 extras kept for the client that sent them.
    device_id = models.CharField(max_length=100, blank=True)
    account_id = models.CharField(max_length=100, blank=True)

    # Not columns: what a read prefetched (`selectors.complaint_rows`) or a service already knows
    # (a case just filed), so that its page or answer needs no second read. Absent otherwise.
    public_photos: list[Photo]
    public_events: list[Event]
    own_photos: list[Photo]

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # "Nearby open cases of this category": a bounding box on lat within category+state.
            models.Index(fields=["category", "state", "lat", "lon"], name="complaint_nearby"),
            models.Index(fields=["office", "state", "created_at"], name="complaint_queue"),
            models.Index(fields=["state", "resolve_due_at"], name="complaint_due"),
            models.Index(fields=["state", "triage_due_at"], name="complaint_triage_due"),
            models.Index(fields=["warned_at", "warn_at"], name="complaint_warn"),
            models.Index(fields=["updated_at"], name="complaint_updated"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["ref"], name="complaint_ref_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | (Q(rating__gte=1) & Q(rating__lte=5)),
                name="complaint_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=(Q(lat__isnull=True) & Q(lon__isnull=True))
                | (Q(lat__isnull=False) & Q(lon__isnull=False)),
                name="complaint_lat_lon_together",
            ),
            models.CheckConstraint(
                condition=~Q(state="merged") | Q(merged_into__isnull=False),
                name="complaint_merged_has_target",
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    OPEN_STATES = frozenset(
        {State.NEW, State.TRIAGED, State.ASSIGNED, State.IN_PROGRESS, State.RESOLVED}
    )

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES

    @property
    def resident_status(self) -> str:
        """What residents see: Menunggu / Proses / Selesai."""
        if self.state in (self.State.NEW, self.State.TRIAGED):
            return "waiting"
        if self.state in (self.State.ASSIGNED, self.State.IN_PROGRESS):
            return "in_progress"
        return "done"

    @property
    def open311_status(self) -> str:
        return "open" if self.state in self.OPEN_STATES else "closed"

    @property
    def shown_public_note(self) -> str:
        """The public note in the active language when the system wrote it, else as written."""
        return note_shown(self.public_note, self.public_note_source)


class Follower(models.Model):
    """Who follows a case: its reporter and everyone who said "me too" (supporters)."""

    class Role(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        SUPPORTER = "supporter", _("Supporter")

    complaint = models.ForeignKey(  # indexed first in follower_unique (Meta)
        Complaint, on_delete=models.CASCADE, related_name="followers", db_index=False
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followed_complaints"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["complaint", "user"], name="follower_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} {self.complaint_id}"


def _photo_path(instance: Photo, filename: str) -> str:
    # The name is ours (random), never the uploader's.
    return f"complaints/{instance.complaint.ref}/{filename}"


class Photo(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Report photo")
        EVIDENCE = "evidence", _("Evidence of the fix")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.REPORT)
    # Dimensions come from the re-encoding (photos.py), not from reading the file again.
    image = models.ImageField(upload_to=_photo_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Report photos are public only after an officer approved them (faces, plates, homes).
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} photo {self.pk}"


class Event(models.Model):
    """One entry of a case's timeline. `public` entries are shown to the reporter and followers."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SUPPORTED = "supported", _("Someone else reported it too")
        TRIAGED = "triaged", _("Triaged")
        ASSIGNED = "assigned", _("Assigned")
        STARTED = "started", _("Work started")
        NOTE = "note", _("Internal note")
        REPLY = "reply", _("Reply")
        RESOLVED = "resolved", _("Resolved")
        CLOSED = "closed", _("Closed")
        REOPENED = "reopened", _("Reopened")
        REJECTED = "rejected", _("Rejected")
        FORWARDED = "forwarded", _("Forwarded")
        MERGED = "merged", _("Merged")
        WARNED = "warned", _("Service level nearly reached")
        ESCALATED = "escalated", _("Service level breached: escalated")
        RATED = "rated", _("Rated")
        PHOTO_APPROVED = "photo_approved", _("Photo approved for the public")

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    public = models.BooleanField(default=True)
    note = models.TextField(blank=True, max_length=MAX_DESCRIPTION)
    # The source of a note the system wrote (see `Complaint.public_note_source`).
    note_source = models.JSONField(default=dict, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def shown_note(self) -> str:
        """The note in the active language when the system wrote it, else as written."""
        return note_shown(self.note, self.note_source)


class ReplyTemplate(models.Model):
    """Canned replies for TLR and offices; an office's own plus the city-wide ones (no office)."""

    office = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(max_length=120)
    body_id = models.TextField(max_length=1000)
    body_en = models.TextField(max_length=1000, blank=True)

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Open311Key(models.Model):
    """An API key for an Open311 client (a partner app, a kiosk). Only its hash is stored."""

    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Open311Token(models.Model):
    """Open311's answer when a request is accepted but its case is not created at once."""

    token = models.CharField(max_length=40, unique=True)
    key = models.ForeignKey(Open311Key, on_delete=models.CASCADE, related_name="+")
    complaint = models.ForeignKey(
        Complaint, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The accepted request, processed by a task (photos fetched from media_url first).
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    error = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return self.token
