"""Resident API at /api/v1/applications: a service's form, drafts, documents, sending, following.

Thin: the selectors read (an application not the caller's own is a 404), the services write and
refuse with problem+json (`AnswersInvalid` is 422 with every fault in `errors`). POSTs take an
`Idempotency-Key` (core/idempotency.py, for every API POST): a retried create answers as the first.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Path, Router, Status, UploadedFile

from kotalive.accounts.auth import actor_of, token_or_session
from kotalive.applications import schemas, selectors
from kotalive.applications.models import Application, ApplicationFile, ServiceDefinition
from kotalive.applications.schemas import (
    ApplicationAnswersIn,
    ApplicationCreateIn,
    ApplicationFileOut,
    ApplicationOut,
    ApplicationPageOut,
    ApplicationServiceOut,
)
from kotalive.applications.services import (
    application_file_add,
    application_file_remove,
    application_save,
    application_start,
    application_submit,
    application_withdraw,
    files_discard,
)
from kotalive.core.errors import NotFound
from kotalive.core.http import current_language
from kotalive.core.models import AuditEvent
from kotalive.core.pagination import MAX_DB_ID, PageNumber, PageSize
from kotalive.core.schemas import Problem

router = Router(tags=["applications"])
API = AuditEvent.Channel.API
SLUG = r"^[a-z0-9][a-z0-9-]*$"
REF = r"^[A-Z0-9-]{1,12}$"
KEY = r"^[a-z][a-z0-9_]{0,39}$"
MAX_ANSWERS_JSON = 64 * 1024
MAX_UPLOADS = 10

SlugPath = Annotated[str, Path(max_length=80, pattern=SLUG)]
RefPath = Annotated[str, Path(max_length=12, pattern=REF)]
FileIdPath = Annotated[int, Path(ge=1, le=MAX_DB_ID)]
AUTH_ERRORS: dict[int | str, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
CHANGE_ERRORS: dict[int | str, Any] = {400: Problem, 409: Problem, 503: Problem, **AUTH_ERRORS}


def _service(slug: str) -> ServiceDefinition:
    """A service by its own slug or by the catalog menu it serves."""
    try:
        return selectors.definition_get(slug=slug)
    except NotFound:
        return selectors.definition_for_menu(menu_slug=slug)


def _own(request: HttpRequest, ref: str) -> tuple[Any, Application]:
    actor = actor_of(request)
    return actor, selectors.application_for_applicant(actor=actor, ref=ref)


def _out(application: Application, actor: Any) -> dict[str, Any]:
    return schemas.application_out(application, actor, current_language())


@router.get(
    "/services/{menu_slug}",
    auth=None,
    response={200: ApplicationServiceOut, 404: Problem, 422: Problem},
    summary="A service's form, steps and document, by its menu (or its own) slug",
)
def service(request: HttpRequest, response: HttpResponse, menu_slug: SlugPath) -> Any:
    definition = _service(menu_slug)
    response["Cache-Control"] = "public, max-age=300"
    return schemas.service_out(
        definition, selectors.definition_spec(definition), current_language()
    )


@router.post(
    "",
    auth=token_or_session,
    response={201: ApplicationOut, **CHANGE_ERRORS},
    summary="Start an application (a draft), and send it at once with submit=true",
)
def create(request: HttpRequest, payload: ApplicationCreateIn) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    definition = _service(payload.service)
    # One transaction: a refused sending leaves no draft behind.
    application = application_start(
        actor=actor,
        definition=definition,
        answers=payload.answers,
        submit=payload.submit,
        channel=API,
    )
    return Status(201, _out(application, actor))


@router.post(
    "/with-documents",
    auth=token_or_session,
    response={201: ApplicationOut, 413: Problem, **CHANGE_ERRORS},
    summary=(
        "Start an application with its documents in one request (multipart: service, answers as "
        "JSON, submit, and each document as a file named file.<field>)"
    ),
)
def create_with_documents(
    request: HttpRequest,
    service: Annotated[str, Form(min_length=1, max_length=80, pattern=SLUG)],
    answers: Annotated[str, Form(max_length=MAX_ANSWERS_JSON)] = "{}",
    submit: Annotated[bool, Form()] = False,
) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    definition = _service(service)
    parsed = schemas.answers_from_json(answers)
    uploads = [
        (name.removeprefix("file."), upload)
        for name in request.FILES
        if name.startswith("file.")
        for upload in request.FILES.getlist(name)
    ]
    stored: list[ApplicationFile] = []
    try:
        # One transaction: a refused document or sending leaves no draft and no file behind.
        with transaction.atomic():
            application = application_start(
                actor=actor, definition=definition, answers=parsed, channel=API
            )
            for field, upload in uploads[:MAX_UPLOADS]:
                stored.append(
                    application_file_add(
                        actor=actor,
                        application=application,
                        field=field,
                        upload=upload,
                        name=upload.name or "",
                        channel=API,
                    )
                )
            if submit:
                application = application_submit(actor=actor, application=application, channel=API)
    except Exception:
        files_discard(stored)
        raise
    return Status(201, _out(application, actor))


@router.get(
    "",
    auth=token_or_session,
    response={200: ApplicationPageOut, 401: Problem, 422: Problem},
    summary="My applications, the latest change first (page_size at most 100)",
)
def mine(
    request: HttpRequest, response: HttpResponse, page: PageNumber = 1, page_size: PageSize = 20
) -> dict[str, Any]:
    actor = actor_of(request)
    response["Cache-Control"] = "private, no-store"
    rows = selectors.applications_of(actor=actor)
    total = rows.count()
    start = (page - 1) * page_size
    lang = current_language()
    return {
        "items": [schemas.summary_out(a, lang) for a in rows[start : start + page_size]],
        "page": page,
        "page_size": page_size,
        "total": total,
        "next_page": page + 1 if start + page_size < total else None,
    }


@router.get(
    "/{ref}",
    auth=token_or_session,
    response={200: ApplicationOut, **AUTH_ERRORS},
    summary="One of my applications: state, step, due date, answers, files, history, actions",
)
def detail(request: HttpRequest, response: HttpResponse, ref: RefPath) -> dict[str, Any]:
    actor, application = _own(request, ref)
    response["Cache-Control"] = "private, no-store"
    return _out(application, actor)


@router.post(
    "/{ref}/answers",
    auth=token_or_session,
    response={200: ApplicationOut, **CHANGE_ERRORS},
    summary="Save answers of a draft or a correction (only the keys sent change)",
)
def save(request: HttpRequest, ref: RefPath, payload: ApplicationAnswersIn) -> dict[str, Any]:
    actor, application = _own(request, ref)
    application = application_save(
        actor=actor, application=application, answers=payload.answers, channel=API
    )
    return _out(application, actor)


@router.post(
    "/{ref}/files",
    auth=token_or_session,
    response={201: ApplicationFileOut, 413: Problem, **CHANGE_ERRORS},
    summary="Attach a document to a file field (multipart: field, file); checked by content",
)
def file_add(
    request: HttpRequest,
    ref: RefPath,
    field: Annotated[str, Form(max_length=40, pattern=KEY)],
    file: File[UploadedFile],
) -> Status[dict[str, Any]]:
    actor, application = _own(request, ref)
    stored = application_file_add(
        actor=actor,
        application=application,
        field=field,
        upload=file,
        name=file.name or "",
        channel=API,
    )
    return Status(201, schemas.file_out(application, stored))


@router.delete(
    "/{ref}/files/{file_id}",
    auth=token_or_session,
    response={204: None, **CHANGE_ERRORS},
    summary="Remove an attached document from a draft or a correction",
)
def file_remove(request: HttpRequest, ref: RefPath, file_id: FileIdPath) -> Status[None]:
    actor, application = _own(request, ref)
    application_file_remove(actor=actor, application=application, file_id=file_id, channel=API)
    return Status(204, None)


@router.post(
    "/{ref}/submit",
    auth=token_or_session,
    response={200: ApplicationOut, **CHANGE_ERRORS},
    summary="Send a draft, or a corrected application; every fault at once (422 `errors`)",
)
def submit(request: HttpRequest, ref: RefPath) -> dict[str, Any]:
    actor, application = _own(request, ref)
    application = application_submit(actor=actor, application=application, channel=API)
    return _out(application, actor)


@router.post(
    "/{ref}/withdraw",
    auth=token_or_session,
    response={200: ApplicationOut, **CHANGE_ERRORS},
    summary="Withdraw a draft or an application not yet decided",
)
def withdraw(request: HttpRequest, ref: RefPath) -> dict[str, Any]:
    actor, application = _own(request, ref)
    application = application_withdraw(actor=actor, application=application, channel=API)
    return _out(application, actor)
