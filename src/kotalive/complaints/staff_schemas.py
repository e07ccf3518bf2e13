"""API shapes of the staff LAKSA endpoints (`staff_api.py`): the queue item, the case with its
personal data, and the bodies of the console's steps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from kotalive.complaints.services.common import MAX_NOTE

REF = r"^[A-Za-z0-9-]{1,12}$"
SLUG = r"^[a-z0-9-]{1,60}$"


class NamedRef(Schema):
    id: int
    name: str


class StaffCategoryRef(Schema):
    slug: str
    name: str


class PlaceOut(Schema):
    kelurahan_code: str
    kelurahan: str
    kecamatan: str
    address: str
    lat: float | None
    lon: float | None


class StaffSlaOut(Schema):
    running: bool
    due: datetime | None
    overdue: bool
    label: str = Field(description="triage or resolve; empty when no clock runs.")


class StaffCaseItem(Schema):
    ref: str
    state: str
    state_label: str
    channel: str
    category: StaffCategoryRef
    office: NamedRef | None
    place: PlaceOut
    sla: StaffSlaOut
    escalated: bool
    supporters_count: int
    created_at: datetime
    updated_at: datetime


class StaffCasePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[StaffCaseItem]


class PersonOut(Schema):
    name: str
    phone: str
    email: str


class StaffPhotoOut(Schema):
    id: int
    kind: str
    url: str
    width: int
    height: int
    approved: bool


class StaffTimelineOut(Schema):
    kind: str
    label: str
    public: bool
    note: str
    actor: str | None
    at: datetime
    data: dict[str, Any]


class StaffCaseDetail(StaffCaseItem):
    """A case with its personal data: reporter and contact. Every read is audited."""

    description: str
    reporter: PersonOut | None
    contact: PersonOut | None
    assignee: str | None
    public_note: str
    reject_reason: str
    forwarded_to: str
    merged_into: str | None
    reopened_count: int
    rating: int | None
    photos: list[StaffPhotoOut]
    timeline: list[StaffTimelineOut]
    actions: list[str] = Field(
        description="The steps of the case's lifecycle the caller may take now "
        "(docs/complaints.md): triage, assign, start, reply, note, resolve, reject, forward, "
        "merge, approve_photo."
    )


class NoteIn(Schema):
    note: str = Field(default="", max_length=MAX_NOTE)


class StepNoteIn(NoteIn):
    note_public: bool = Field(
        default=False,
        description="True: the reporter and followers see the note; by default only staff do.",
    )


class TriageIn(NoteIn):
    category: str | None = Field(default=None, pattern=SLUG, description="Corrected category.")


class AssignIn(StepNoteIn):
    office: int | None = Field(default=None, ge=1, description="Default: the routed office.")


class ReplyIn(Schema):
    text: str = Field(max_length=MAX_NOTE)
    public: bool = Field(default=True, description="False: an internal note only staff see.")


class RejectIn(Schema):
    reason: str = Field(max_length=500)


class ForwardIn(StepNoteIn):
    to: str = Field(max_length=200)


class MergeIn(Schema):
    into: str = Field(pattern=REF, description="Reference of the report to keep.")
