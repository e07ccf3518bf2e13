"""API shapes of the staff applications endpoints (`staff_api.py`): the queue item (no personal
data), the application with the applicant's answers, the steps' bodies, and definitions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from kotalive.applications.services import MAX_REASON
from kotalive.applications.staff_services import MAX_YAML

REF = r"^[A-Za-z0-9-]{1,12}$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"


class StaffApplicationServiceRef(Schema):
    slug: str
    title: str


class StaffApplicationKelurahanRef(Schema):
    code: str
    name: str


class StaffApplicationStepOut(Schema):
    index: int = Field(description="From 0, into the version's steps.")
    label: str = Field(description="Empty once the application is decided.")
    office: str


class StaffApplicationItem(Schema):
    ref: str
    state: str
    state_label: str
    service: StaffApplicationServiceRef
    kelurahan: StaffApplicationKelurahanRef
    step: StaffApplicationStepOut
    submitted_at: datetime | None
    due_at: datetime | None
    overdue: bool


class StaffApplicationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[StaffApplicationItem]


class StaffApplicationAnswerOut(Schema):
    key: str
    label: str
    kind: str
    value: Any = Field(description="As stored: text, number, ISO date, a list of rows for a group.")
    display: str = Field(description="The value as the page shows it (a choice's label).")
    files: list[int] = Field(default_factory=list, description="Ids of the field's files.")


class StaffApplicationFileOut(Schema):
    id: int
    field: str
    name: str
    kind: str
    size: int
    url: str


class StaffApplicationEventOut(Schema):
    action: str
    label: str
    from_state: str
    to_state: str
    step: int
    office: str | None
    actor: str | None
    note: str
    at: datetime


class StaffApplicationDetail(StaffApplicationItem):
    reason: str = Field(description="The latest correction asked for, or why it was rejected.")
    document_code: str
    answers: list[StaffApplicationAnswerOut]
    files: list[StaffApplicationFileOut]
    history: list[StaffApplicationEventOut]
    actions: list[str] = Field(description="The lifecycle actions the caller may take now.")


class ApplicationReasonIn(Schema):
    reason: str = Field(max_length=MAX_REASON, description="The applicant reads it.")


class ApplicationNoteIn(Schema):
    note: str = Field(default="", max_length=MAX_REASON)


class StaffDefinitionVersionOut(Schema):
    number: int
    note: str
    created_at: datetime
    current: bool


class StaffDefinitionOut(Schema):
    slug: str
    title: str
    office: str
    is_active: bool
    versions: list[StaffDefinitionVersionOut]


class StaffDefinitionExportOut(Schema):
    slug: str
    version: int
    yaml: str


class StaffDefinitionImportIn(Schema):
    yaml: str = Field(max_length=MAX_YAML)
    note: str = Field(default="", max_length=300)


class StaffDefinitionImportOut(Schema):
    slug: str
    version: int
    created: bool = Field(description="False: the text was the current version; nothing changed.")
