"""The resident API's shapes: a service as the app renders its form, an application as its
applicant follows it. Built from the same selectors and words as the pages."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Schema

from kotalive.applications import selectors
from kotalive.applications.models import Application, ApplicationFile, ServiceDefinition
from kotalive.applications.spec import FieldSpec, ServiceSpec
from kotalive.applications.wording import next_step, state_words
from kotalive.core.errors import DomainError

MAX_ANSWERS = 80
SLUG = r"^[a-z0-9][a-z0-9-]*$"


class ApplicationChoiceOut(Schema):
    value: str
    label: str


class ApplicationFileRuleOut(Schema):
    types: list[str]
    max_kb: int
    max_files: int


class ApplicationSubFieldOut(Schema):
    key: str
    kind: str
    label: str
    help: str = ""
    required: bool = False
    required_if: dict[str, Any] | None = None
    shown_if: dict[str, Any] | None = None
    prefill: str | None = None
    max_length: int | None = None
    multiline: bool = False
    min: int | None = None
    max: int | None = None
    past_only: bool = False
    future_only: bool = False
    choices: list[ApplicationChoiceOut] = Field(default_factory=list)


class ApplicationFieldOut(ApplicationSubFieldOut):
    file: ApplicationFileRuleOut | None = None
    fields: list[ApplicationSubFieldOut] = Field(
        default_factory=list, description="A group's fields, one row each."
    )
    min_items: int = 0
    max_items: int = 0


class ApplicationStepOut(Schema):
    key: str
    label: str
    office: str = Field(description="applicant_kelurahan, applicant_kecamatan or an office's slug")
    service_level_days: int = Field(description="Working days")


class ApplicationFeeOut(Schema):
    amount: int = Field(description="Rupiah; paid at the counter until online payment exists")
    note: str = ""


class ApplicationDocumentSpecOut(Schema):
    kind: str
    title: str
    valid_days: int | None = None


class ApplicationServiceOut(Schema):
    slug: str
    menu: str | None
    title: str
    summary: str
    access: str = Field(description="signed_in, or nik_verified (a verified NIK is needed)")
    for_household: bool
    fee: ApplicationFeeOut | None
    fields: list[ApplicationFieldOut]
    steps: list[ApplicationStepOut]
    document: ApplicationDocumentSpecOut


class ApplicationFileOut(Schema):
    id: int
    field: str
    name: str
    kind: str
    size: int
    url: str = Field(description="The file on the web pages (signed-in session)")


class ApplicationEventOut(Schema):
    action: str
    at: datetime
    office: str | None
    note: str


class ApplicationActionOut(Schema):
    name: str
    label: str


class ApplicationSummaryOut(Schema):
    ref: str
    service: str
    title: str
    state: str
    state_label: str
    next_step: str
    updated_at: datetime
    url: str


class ApplicationOut(ApplicationSummaryOut):
    step_label: str
    due_at: datetime | None
    overdue: bool
    reason: str
    submitted_at: datetime | None
    answers: dict[str, Any]
    files: list[ApplicationFileOut]
    history: list[ApplicationEventOut]
    actions: list[ApplicationActionOut]
    document_code: str | None
    verify_url: str | None
    document_url: str | None


class ApplicationPageOut(Schema):
    items: list[ApplicationSummaryOut]
    page: int
    page_size: int
    total: int
    next_page: int | None


class ApplicationCreateIn(Schema):
    service: str = Field(
        min_length=1,
        max_length=80,
        pattern=r"^[a-z0-9][a-z0-9-]*$",
        description="Menu or service slug",
    )
    answers: dict[str, Any] = Field(default_factory=dict, max_length=MAX_ANSWERS)
    submit: bool = Field(False, description="Send it at once; a fault leaves nothing behind")


class ApplicationAnswersIn(Schema):
    answers: dict[str, Any] = Field(max_length=MAX_ANSWERS)


# --- builders -------------------------------------------------------------------------------------


def _condition(cond: Any) -> dict[str, Any] | None:
    if cond is None:
        return None
    data: dict[str, Any] = cond.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data


def _sub_field(f: FieldSpec, lang: str) -> dict[str, Any]:
    return {
        "key": f.key,
        "kind": f.kind.value,
        "label": f.label.get(lang),
        "help": f.help.get(lang) if f.help else "",
        "required": f.required,
        "required_if": _condition(f.required_if),
        "shown_if": _condition(f.shown_if),
        "prefill": f.prefill.value if f.prefill else None,
        "max_length": f.max_length,
        "multiline": f.multiline,
        "min": f.min,
        "max": f.max,
        "past_only": f.past_only,
        "future_only": f.future_only,
        "choices": [{"value": c.value, "label": c.label.get(lang)} for c in f.choices],
    }


def _field(f: FieldSpec, lang: str) -> dict[str, Any]:
    rule = f.file_rule
    return {
        **_sub_field(f, lang),
        "file": (
            {
                "types": [t.value for t in rule.types],
                "max_kb": rule.max_kb,
                "max_files": rule.max_files,
            }
            if f.kind.value == "file"
            else None
        ),
        "fields": [_sub_field(g, lang) for g in f.fields],
        "min_items": f.min_items if f.fields else 0,
        "max_items": f.max_items if f.fields else 0,
    }


def service_out(definition: ServiceDefinition, spec: ServiceSpec, lang: str) -> dict[str, Any]:
    return {
        "slug": definition.slug,
        "menu": definition.menu_slug or None,
        "title": spec.title.get(lang),
        "summary": spec.summary.get(lang) if spec.summary else "",
        "access": spec.access.value,
        "for_household": spec.for_household,
        "fee": (
            {"amount": spec.fee.amount, "note": spec.fee.note.get(lang) if spec.fee.note else ""}
            if spec.fee
            else None
        ),
        "fields": [_field(f, lang) for f in spec.fields],
        "steps": [
            {
                "key": s.key,
                "label": s.label.get(lang),
                "office": s.office,
                "service_level_days": s.service_level_days,
            }
            for s in spec.steps
        ],
        "document": {
            "kind": spec.document.kind,
            "title": spec.document.title.get(lang),
            "valid_days": spec.document.valid_days,
        },
    }


def _url(application: Application) -> str:
    return reverse("applications:detail", kwargs={"ref": application.ref})


def summary_out(application: Application, lang: str) -> dict[str, Any]:
    return {
        "ref": application.ref,
        "service": application.definition.slug,
        "title": selectors.application_title(application, lang),
        "state": application.state,
        "state_label": state_words(application),
        "next_step": next_step(application),
        "updated_at": application.updated_at,
        "url": _url(application),
    }


def file_out(application: Application, f: ApplicationFile) -> dict[str, Any]:
    return {
        "id": f.pk,
        "field": f.field_key,
        "name": f.name,
        "kind": f.kind,
        "size": f.size,
        "url": reverse("applications:file", kwargs={"ref": application.ref, "file_id": f.pk}),
    }


def application_out(application: Application, actor: Any, lang: str) -> dict[str, Any]:
    due = selectors.due_of(application)
    code = application.document_code or None
    return {
        **summary_out(application, lang),
        "step_label": selectors.current_step_label(application, lang),
        "due_at": due.due_at,
        "overdue": due.overdue,
        "reason": application.reason,
        "submitted_at": application.submitted_at,
        "answers": selectors.draft_answers_for(application),
        "files": [file_out(application, f) for f in selectors.files_of(application)],
        "history": [
            {
                "action": e.action,
                "at": e.created_at,
                "office": e.office.name if e.office else None,
                "note": e.note,
            }
            for e in selectors.history_of(application)
        ],
        "actions": [
            {"name": a.name, "label": str(a.label)}
            for a in selectors.actions_for(actor=actor, application=application)
        ],
        "document_code": code,
        "verify_url": f"/verify/{code}" if code else None,
        "document_url": (
            reverse("applications:document", kwargs={"ref": application.ref}) if code else None
        ),
    }


def answers_from_json(text: str) -> dict[str, Any]:
    """The answers of a multipart create, sent as a JSON object in one form field."""
    try:
        value = json.loads(text or "{}")
    except ValueError:
        value = None
    if not isinstance(value, dict) or len(value) > MAX_ANSWERS:
        raise DomainError(
            "answers_not_json",
            _("The answers must be a JSON object of at most %(count)d fields.")
            % {"count": MAX_ANSWERS},
            field="answers",
        )
    return value
