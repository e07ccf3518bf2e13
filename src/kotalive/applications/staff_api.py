"""Staff API at /api/v1/staff/applications: the queue, an application, the steps, the files and
the definitions. The same selectors, policy and services as the pages (`staff_views.py`).

Auth as the rest of the staff API (`backoffice.guard.staff_auth`): a bearer token or a staff
session that passed TOTP. Residents and staff without a desk get 403; an application outside the
caller's view is 404, as one that does not exist. Reading an application is audited
(`application.viewed`), also when a step returns it.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import FileResponse, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Path, Query, Router

from kotalive.accounts.auth import actor_of
from kotalive.accounts.models import User
from kotalive.applications import policy, selectors
from kotalive.applications.answers import answers_to_json
from kotalive.applications.files import file_response
from kotalive.applications.models import Application, ServiceDefinition
from kotalive.applications.services import (
    application_approve,
    application_issue,
    application_reject,
    application_request_correction,
)
from kotalive.applications.spec import SpecError
from kotalive.applications.staff_display import (
    answers_view,
    definition_managed,
    definitions_managed,
    history_view,
    queue_query,
    queue_rows,
    queue_slice,
)
from kotalive.applications.staff_schemas import (
    REF,
    SLUG,
    ApplicationNoteIn,
    ApplicationReasonIn,
    StaffApplicationAnswerOut,
    StaffApplicationDetail,
    StaffApplicationEventOut,
    StaffApplicationFileOut,
    StaffApplicationItem,
    StaffApplicationPage,
    StaffDefinitionExportOut,
    StaffDefinitionImportIn,
    StaffDefinitionImportOut,
    StaffDefinitionOut,
    StaffDefinitionVersionOut,
)
from kotalive.applications.staff_services import definition_import_checked
from kotalive.backoffice.guard import staff_auth
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language
from kotalive.core.models import AuditEvent
from kotalive.core.pagination import MAX_DB_ID, Limit, Offset
from kotalive.core.permissions import require
from kotalive.core.schemas import Problem

router = Router(tags=["staff applications"], auth=staff_auth)
API = AuditEvent.Channel.API

READ_ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Problem]] = {**READ_ERRORS, 400: Problem, 409: Problem, 503: Problem}

RefPath = Annotated[str, Path(pattern=REF)]
SlugPath = Annotated[str, Path(pattern=SLUG)]
FileIdPath = Annotated[int, Path(ge=1, le=MAX_DB_ID)]


# --- helpers ----------------------------------------------------------------------------------


def _desk_user(request: HttpRequest) -> User:
    """The caller, if they have a desk (an office that takes applications); else 403."""
    actor = actor_of(request)
    require(actor, policy.QUEUE)
    return actor


def _define_user(request: HttpRequest) -> User:
    actor = actor_of(request)
    require(actor, policy.DEFINE)
    return actor


def _item(row: Any) -> dict[str, Any]:
    return {
        "ref": row.ref,
        "state": row.state,
        "state_label": row.state_label,
        "service": {"slug": row.service_slug, "title": row.service_title},
        "kelurahan": {"code": row.kelurahan_code, "name": row.kelurahan_name},
        "step": {"index": row.step, "label": row.step_label, "office": row.office_name},
        "submitted_at": row.submitted_at,
        "due_at": row.due_at,
        "overdue": row.overdue,
    }


def _detail(actor: User, ref: str) -> StaffApplicationDetail:
    found = selectors.application_for_staff(actor=actor, ref=ref.upper(), channel=API)
    return _show(actor, found)


def _show(actor: User, found: Application) -> StaffApplicationDetail:
    lang = current_language()
    files = list(selectors.files_of(found))
    answers = answers_view(found, files, language=lang)
    row = queue_rows([found], language=lang)[0]
    return StaffApplicationDetail(
        **_item(row),
        reason=found.reason,
        document_code=found.document_code,
        answers=[
            StaffApplicationAnswerOut(
                key=a.key,
                label=a.label,
                kind=a.kind,
                value=answers_to_json({"v": a.raw})["v"] if a.raw is not None else None,
                display=a.value,
                files=[stored.pk for stored in a.files],
            )
            for a in answers
        ],
        files=[
            StaffApplicationFileOut(
                id=stored.pk,
                field=stored.field_key,
                name=stored.name,
                kind=stored.kind,
                size=stored.size,
                url=reverse("api:staff_application_file", args=[found.ref, stored.pk]),
            )
            for stored in files
        ],
        history=[
            StaffApplicationEventOut(
                action=e.action,
                label=e.label,  # type: ignore[attr-defined]
                from_state=e.from_state,
                to_state=e.to_state,
                step=e.step,
                office=e.office.name if e.office else None,
                actor=e.by or None,  # type: ignore[attr-defined]
                note=e.note,
                at=e.created_at,
            )
            for e in history_view(found)
        ],
        actions=[a.name for a in selectors.actions_for(actor=actor, application=found)],
    )


def _for_step(actor: User, ref: str) -> Application:
    """The application to act on: one the caller may read, else 404 (the service decides the
    rest)."""
    return selectors.application_for_staff(actor=actor, ref=ref.upper(), channel=API)


# --- definitions (before /{ref}, which would take their paths) -----------------------------------


@router.get(
    "/definitions",
    response={200: list[StaffDefinitionOut], **READ_ERRORS},
    summary="The service definitions the caller manages, with their versions",
)
def definitions(request: HttpRequest) -> list[StaffDefinitionOut]:
    actor = _define_user(request)
    lang = current_language()
    return [
        StaffDefinitionOut(
            slug=d.slug,
            title=selectors.definition_spec(d).title.get(lang),
            office=d.office.name,
            is_active=d.is_active,
            versions=[
                StaffDefinitionVersionOut(
                    number=v.number,
                    note=v.note,
                    created_at=v.created_at,
                    current=v.pk == d.current_id,
                )
                for v in d.versions.all()
            ],
        )
        for d in definitions_managed(actor)
    ]


def _managed(actor: User, slug: str) -> ServiceDefinition:
    found = definition_managed(actor, slug)
    if found is None:
        raise NotFound("service_not_found", _("No such service definition."))
    return found


@router.get(
    "/definitions/{slug}/export",
    response={200: StaffDefinitionExportOut, **READ_ERRORS},
    summary="The current version of a definition as YAML",
)
def definition_export(request: HttpRequest, slug: SlugPath) -> StaffDefinitionExportOut:
    found = _managed(_define_user(request), slug)
    assert found.current is not None
    return StaffDefinitionExportOut(
        slug=found.slug,
        version=found.current.number,
        yaml=selectors.definition_export_yaml(definition=found),
    )


@router.post(
    "/definitions/import",
    response={200: StaffDefinitionImportOut, **WRITE_ERRORS},
    summary="Publish a definition (YAML) as a new version; the same text as now changes nothing",
)
def definition_import(
    request: HttpRequest, body: StaffDefinitionImportIn
) -> StaffDefinitionImportOut:
    actor = _define_user(request)
    try:
        done = definition_import_checked(actor=actor, text=body.yaml, note=body.note, channel=API)
    except SpecError as exc:
        raise DomainError(
            "definition_invalid",
            _("The definition has problems; nothing was published."),
            field="yaml",
            extra={"problems": exc.problems},
        ) from None
    return StaffDefinitionImportOut(
        slug=done.version.definition.slug, version=done.version.number, created=done.created
    )


# --- the queue and an application -------------------------------------------------------------


@router.get(
    "/",
    response={200: StaffApplicationPage, **READ_ERRORS},
    summary="The applications at the caller's offices, the nearest service level first",
)
def queue(
    request: HttpRequest,
    service: Annotated[str | None, Query(pattern=SLUG)] = None,
    state: Annotated[str, Query(pattern=r"^(waiting|all)$")] = "waiting",
    overdue: bool = False,
    limit: Limit = 25,
    offset: Offset = 0,
) -> StaffApplicationPage:
    """`state=waiting` (the default): what waits for the caller's offices; `all`: everything they
    have seen. No personal data: the applicant's answers are only in the application."""
    actor = _desk_user(request)
    rows = queue_query(actor=actor, service=service, waiting=state == "waiting", overdue=overdue)
    ids = list(rows.values_list("pk", flat=True)[offset : offset + limit])
    page = queue_rows(queue_slice(ids), language=current_language())
    return StaffApplicationPage(
        count=rows.count(),
        limit=limit,
        offset=offset,
        items=[StaffApplicationItem(**_item(r)) for r in page],
    )


@router.get(
    "/{ref}",
    response={200: StaffApplicationDetail, **READ_ERRORS},
    summary="One application with the applicant's answers (audited)",
)
def application(request: HttpRequest, ref: RefPath) -> StaffApplicationDetail:
    return _detail(_desk_user(request), ref)


@router.get(
    "/{ref}/files/{file_id}",
    response=READ_ERRORS,
    url_name="staff_application_file",
    summary="A document attached to the application (PDF or image)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The document, as checked and stored.",
                "content": {
                    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
                    "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                },
            }
        }
    },
)
def application_file(request: HttpRequest, ref: RefPath, file_id: FileIdPath) -> FileResponse:
    actor = _desk_user(request)
    found = selectors.application_for_staff(actor=actor, ref=ref.upper(), channel=API)
    stored = selectors.file_get(application=found, file_id=file_id)
    response = file_response(stored)
    return response


@router.post(
    "/{ref}/request_correction",
    response={200: StaffApplicationDetail, **WRITE_ERRORS},
    summary="Send back to the applicant with what to correct",
)
def request_correction(
    request: HttpRequest, ref: RefPath, body: ApplicationReasonIn
) -> StaffApplicationDetail:
    actor = _desk_user(request)
    done = application_request_correction(
        actor=actor, application=_for_step(actor, ref), reason=body.reason, channel=API
    )
    return _show(actor, done)


@router.post(
    "/{ref}/approve",
    response={200: StaffApplicationDetail, **WRITE_ERRORS},
    summary="Checked: on to the next step, or approved at the last",
)
def approve(request: HttpRequest, ref: RefPath, body: ApplicationNoteIn) -> StaffApplicationDetail:
    actor = _desk_user(request)
    done = application_approve(
        actor=actor, application=_for_step(actor, ref), note=body.note, channel=API
    )
    return _show(actor, done)


@router.post(
    "/{ref}/reject",
    response={200: StaffApplicationDetail, **WRITE_ERRORS},
    summary="Reject, with the reason the applicant reads",
)
def reject(request: HttpRequest, ref: RefPath, body: ApplicationReasonIn) -> StaffApplicationDetail:
    actor = _desk_user(request)
    done = application_reject(
        actor=actor, application=_for_step(actor, ref), reason=body.reason, channel=API
    )
    return _show(actor, done)


@router.post(
    "/{ref}/issue",
    response={200: StaffApplicationDetail, **WRITE_ERRORS},
    summary="Issue the document of an approved application",
)
def issue(request: HttpRequest, ref: RefPath) -> StaffApplicationDetail:
    actor = _desk_user(request)
    done = application_issue(actor=actor, application=_for_step(actor, ref), channel=API)
    return _show(actor, done)
