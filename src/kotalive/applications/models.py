"""Service definitions, their immutable versions, applications, their files and their history.

The workflow is in `services.py` and `lifecycle.py`; what a service asks and who acts on it is
in each version's spec (`spec.py`). An application keeps the version it was made with. Its answers
(names, NIKs, dates of birth) are one encrypted blob: the plain columns hold only what the
officers' queue filters and sorts on.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Organisation
from kotalive.regions.models import Kelurahan


class ServiceDefinition(models.Model):
    """A service residents apply for (a birth certificate, a domicile letter): a name for its
    versions, the office that owns it and the catalog menu it serves."""

    slug = models.SlugField(max_length=80, unique=True)
    office = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    menu_slug = models.SlugField(max_length=80, blank=True, db_index=True)
    # The version new applications are made with; None until the first is published.
    current = models.ForeignKey(
        "DefinitionVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class DefinitionVersion(models.Model):
    """One published version of a definition: its spec, as JSON, never changed once written."""

    definition = models.ForeignKey(
        ServiceDefinition, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField()
    spec = models.JSONField()
    note = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "number"], name="applications_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} v{self.number}"


class Application(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Being checked")
        CORRECTION = "correction", _("Correction requested")
        APPROVED = "approved", _("Approved")
        ISSUED = "issued", _("Issued")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATES = (State.DRAFT, State.SUBMITTED, State.CORRECTION, State.APPROVED)
    # Waiting for an office: what the officers' queue holds.
    WAITING_STATES = (State.SUBMITTED, State.APPROVED)

    # The receipt number a resident quotes, e.g. "PM-7Q4M2XKD": random, no sequence to enumerate.
    ref = models.CharField(max_length=12, unique=True)
    definition = models.ForeignKey(ServiceDefinition, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(DefinitionVersion, on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="applications"
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    step = models.PositiveSmallIntegerField(default=0)  # index into the version's steps
    # The office that acts now (set on submission, moved by each step), and the applicant's area.
    office = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kelurahan = models.ForeignKey(
        Kelurahan, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The answers, as JSON, encrypted (core.crypto) with the reference as associated data.
    answers_encrypted = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    due_at = models.DateTimeField(null=True, blank=True)  # the current step's service level
    decided_at = models.DateTimeField(null=True, blank=True)
    # What the resident is told: the latest correction asked for, or why it was refused.
    reason = models.TextField(blank=True)
    document_code = models.CharField(max_length=40, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["office", "state", "due_at"], name="applications_queue"),
            models.Index(fields=["applicant", "-updated_at"], name="applications_mine"),
            # What waits at an office, in the queue's order: read by the index alone, no sort.
            models.Index(
                fields=["office", "due_at", "submitted_at", "id"],
                condition=Q(state__in=["submitted", "approved"]),
                name="applications_waiting",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "withdrawn"]) | Q(submitted_at__isnull=False),
                name="applications_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(submitted_at__isnull=True) | Q(kelurahan__isnull=False),
                name="applications_submitted_has_kelurahan",
            ),
            models.CheckConstraint(
                condition=~Q(state="issued") | ~Q(document_code=""),
                name="applications_issued_has_document",
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def is_open(self) -> bool:
        return self.state in self.OPEN_STATES


def _private_storage() -> Storage:
    return storages["private"]


def _file_path(instance: ApplicationFile, filename: str) -> str:
    return f"applications/{instance.application.ref}/{filename}"


class ApplicationFile(models.Model):
    """A document a resident attached to a field, checked by its content and written anew."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    field_key = models.CharField(max_length=40)
    file = models.FileField(upload_to=_file_path, storage=_private_storage, max_length=200)
    kind = models.CharField(max_length=8)  # pdf, jpeg
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    name = models.CharField(max_length=120)  # what the resident called it, cleaned
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.application_id}:{self.field_key}:{self.name}"


class Event(models.Model):
    """The history of an application: each action, who took it, from which state to which."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=30)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    office = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=12)
    to_state = models.CharField(max_length=12)
    step = models.PositiveSmallIntegerField(default=0)
    note = models.TextField(blank=True)  # a reason the resident reads
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.application_id} {self.action}"
