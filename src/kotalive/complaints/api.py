"""Resident and public LAKSA API at /api/v1/complaints: categories, nearby cases, filing a report
(multipart, with photos), my reports, a case, and the follow-up steps. Thin: selectors read,
services write, `schemas` decides what of a case is public."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, Status, UploadedFile
from pydantic import BeforeValidator

from kotalive.accounts.auth import SessionAuth, TokenAuth, actor_of, token_or_session
from kotalive.accounts.models import User
from kotalive.complaints import schemas, selectors
from kotalive.complaints.drafts import MARKER_LENGTH, check_draft_author
from kotalive.complaints.models import MAX_DESCRIPTION
from kotalive.complaints.schemas import (
    CaseDetailOut,
    LaksaCategoryOut,
    MineOut,
    NearbyOut,
    RateIn,
    ReopenIn,
    SupportOut,
)
from kotalive.complaints.services import (
    complaint_confirm,
    complaint_rate,
    complaint_reopen,
    complaint_submit,
    complaint_support,
)
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent
from kotalive.core.schemas import Problem
from kotalive.regions.models import Kelurahan

router = Router(tags=["complaints"])
API = AuditEvent.Channel.API
SLUG = r"^[-a-zA-Z0-9_]+$"
REF = r"^[A-Z0-9-]{1,12}$"
KELURAHAN_CODE = r"^[0-9.]{1,13}$"
DRAFT_AUTHOR = rf"^[0-9a-f]{{{MARKER_LENGTH}}}$"
# Descriptions longer than the limit reach the service, which answers with its own message.
MAX_DESCRIPTION_INPUT = MAX_DESCRIPTION * 2


def _blank_is_none(value: Any) -> Any:
    # A form sends an empty field for "no pin"; that means none, not a malformed number.
    return None if isinstance(value, str) and not value.strip() else value


Coordinate = Annotated[float | None, BeforeValidator(_blank_is_none)]
Blank = Annotated[str | None, BeforeValidator(_blank_is_none)]
RefPath = Annotated[str, Path(max_length=12, pattern=REF)]
AUTH_ERRORS: dict[int | str, Any] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}


def _anonymous(request: HttpRequest) -> bool:
    """Last of the optional auth chain: nobody signed in is fine for public reads."""
    return True


# A bearer token or the session when present, else anonymous: public shape plus follower extras.
optional_auth = [TokenAuth(), SessionAuth(), _anonymous]


def _caller(request: HttpRequest) -> User | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, User) else None


@router.get("/categories", response={200: list[LaksaCategoryOut]}, auth=None, summary="Categories")
def list_categories(request: HttpRequest, response: HttpResponse) -> Any:
    response["Cache-Control"] = "public, max-age=300"
    return [schemas.category_out(c) for c in selectors.categories_active()]


@router.get(
    "/nearby",
    response={200: list[NearbyOut], 404: Problem, 422: Problem},
    auth=None,
    summary="Open cases near a point (of one category when given): join one instead of a new one",
)
def nearby(
    request: HttpRequest,
    response: HttpResponse,
    lat: Annotated[float, Query(ge=-90, le=90)],
    lon: Annotated[float, Query(ge=-180, le=180)],
    category: Annotated[str | None, Query(max_length=60, pattern=SLUG)] = None,
) -> Any:
    found = selectors.category_get(slug=category) if category else None
    response["Cache-Control"] = "public, max-age=30"
    return [
        schemas.nearby_out(n) for n in selectors.complaints_nearby(lat=lat, lon=lon, category=found)
    ]


@router.post(
    "/",
    auth=token_or_session,
    response={201: CaseDetailOut, 400: Problem, 409: Problem, 413: Problem, **AUTH_ERRORS},
    summary="File a report (multipart: the fields and up to 5 `photos` files)",
)
def submit(
    request: HttpRequest,
    category: Annotated[str, Form(min_length=1, max_length=60, pattern=SLUG)],
    description: Annotated[str, Form(max_length=MAX_DESCRIPTION_INPUT)],
    lat: Annotated[Coordinate, Form(None, ge=-90, le=90)] = None,
    lon: Annotated[Coordinate, Form(None, ge=-180, le=180)] = None,
    kelurahan: Annotated[Blank, Form(None, max_length=13, pattern=KELURAHAN_CODE)] = None,
    address: Annotated[str, Form(max_length=300)] = "",
    show_name: Annotated[
        bool,
        Form(description="Show my name with the report (after TLR checked it). Default: hidden."),
    ] = False,
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
    author: Annotated[
        Blank,
        Form(
            None,
            max_length=MARKER_LENGTH,
            pattern=DRAFT_AUTHOR,
            description=(
                "A report saved offline: the marker of the account it was written under "
                "(`data-author` of the pages). Another account's is refused "
                "(403 `draft_other_account`) and nothing is filed."
            ),
        ),
    ] = None,
) -> Status[dict[str, Any]]:
    actor = actor_of(request)
    check_draft_author(actor=actor, author=author or "")
    found = selectors.category_get(slug=category, field="category")
    place = None
    if kelurahan:
        place = Kelurahan.objects.filter(code=kelurahan).first()
        if place is None:
            raise DomainError("kelurahan_unknown", _("No such kelurahan."), field="kelurahan")
    files = list(photos or [])
    complaint = complaint_submit(
        actor=actor,
        category=found,
        description=description,
        lat=lat,
        lon=lon,
        kelurahan=place,
        address=address,
        photos=files,
        show_name=show_name,
        audit_channel=API,
    )
    return Status(201, schemas.case_detail(complaint, actor))


@router.get(
    "/mine",
    auth=token_or_session,
    response={200: list[MineOut], 401: Problem},
    summary="My reports and the ones I follow",
)
def mine(request: HttpRequest, response: HttpResponse) -> Any:
    actor = actor_of(request)
    response["Cache-Control"] = "private, no-store"
    return schemas.my_cases(actor)


@router.get(
    "/{ref}",
    auth=optional_auth,
    response={200: CaseDetailOut, 404: Problem, 422: Problem},
    openapi_extra={"security": [{}]},  # anonymous callers are welcome too
    summary="A case: the public part for everyone, the timeline and next steps for its followers",
)
def detail(request: HttpRequest, response: HttpResponse, ref: RefPath) -> Any:
    complaint = selectors.complaint_public_get(ref=ref)
    body = schemas.case_detail(complaint, _caller(request))
    response["Cache-Control"] = "private, no-store" if body["following"] else "public, max-age=30"
    return body


@router.post(
    "/{ref}/support",
    auth=token_or_session,
    response={200: SupportOut, 409: Problem, **AUTH_ERRORS},
    summary='"Me too": follow an open case as a supporter (idempotent)',
)
def support(request: HttpRequest, ref: RefPath) -> dict[str, Any]:
    actor = actor_of(request)
    complaint = selectors.complaint_public_get(ref=ref)
    joined = complaint_support(actor=actor, complaint=complaint, channel=API)
    followed = complaint.merged_into if complaint.merged_into_id else complaint
    assert followed is not None
    followed.refresh_from_db(fields=["supporters_count"])
    return {"ref": followed.ref, "joined": joined, "supporters_count": followed.supporters_count}


def _own(request: HttpRequest, ref: str) -> tuple[User, Any]:
    actor = actor_of(request)
    return actor, selectors.complaint_get_for(actor=actor, ref=ref)


@router.post(
    "/{ref}/confirm",
    auth=token_or_session,
    response={200: CaseDetailOut, 409: Problem, **AUTH_ERRORS},
    summary="The reporter confirms the fix: the case closes",
)
def confirm(request: HttpRequest, ref: RefPath) -> dict[str, Any]:
    actor, complaint = _own(request, ref)
    complaint = complaint_confirm(actor=actor, complaint=complaint, channel=API)
    return schemas.case_detail(selectors.complaint_public_get(ref=ref), actor)


@router.post(
    "/{ref}/reopen",
    auth=token_or_session,
    response={200: CaseDetailOut, 400: Problem, 409: Problem, **AUTH_ERRORS},
    summary="The reporter reopens a resolved case within the window",
)
def reopen(request: HttpRequest, ref: RefPath, payload: ReopenIn) -> dict[str, Any]:
    actor, complaint = _own(request, ref)
    complaint_reopen(actor=actor, complaint=complaint, reason=payload.reason, channel=API)
    return schemas.case_detail(selectors.complaint_public_get(ref=ref), actor)


@router.post(
    "/{ref}/rate",
    auth=token_or_session,
    response={200: CaseDetailOut, 400: Problem, 409: Problem, **AUTH_ERRORS},
    summary="The reporter rates a closed case, once (1 to 5)",
)
def rate(request: HttpRequest, ref: RefPath, payload: RateIn) -> dict[str, Any]:
    actor, complaint = _own(request, ref)
    complaint_rate(
        actor=actor,
        complaint=complaint,
        rating=payload.rating,
        comment=payload.comment,
        channel=API,
    )
    return schemas.case_detail(selectors.complaint_public_get(ref=ref), actor)
