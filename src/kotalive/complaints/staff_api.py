"""Staff LAKSA API at /api/v1/staff/complaints: the queue, a case with its personal data, and
every step of the console. The same selectors, policy and services as the pages.

Auth as the rest of the staff API (`backoffice.guard.staff_auth`): a bearer token or a staff
session that passed TOTP. Residents and staff without a LAKSA role get 403; a case outside the
caller's view is 404, as one that does not exist. Reading a case is audited as a personal-data
view (`complaint.personal_data_viewed`), also when an action returns it.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Form, Path, Query, Router, UploadedFile

from kotalive.accounts.auth import actor_of
from kotalive.accounts.models import Organisation, User
from kotalive.backoffice.guard import staff_auth
from kotalive.complaints import policy, selectors
from kotalive.complaints.lifecycle import STAFF as STAFF_ROLES
from kotalive.complaints.models import MAX_DESCRIPTION, Complaint, Event
from kotalive.complaints.services import (
    case_actions,
    complaint_assign,
    complaint_forward,
    complaint_merge,
    complaint_photo_approve,
    complaint_reject,
    complaint_reply,
    complaint_resolve,
    complaint_start,
    complaint_triage,
    complaint_viewed,
)
from kotalive.complaints.staff_schemas import (
    REF,
    SLUG,
    AssignIn,
    ForwardIn,
    MergeIn,
    PersonOut,
    RejectIn,
    ReplyIn,
    StaffCaseDetail,
    StaffCaseItem,
    StaffCasePage,
    StaffPhotoOut,
    StaffTimelineOut,
    StepNoteIn,
    TriageIn,
)
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import client_ip, current_language
from kotalive.core.models import AuditEvent
from kotalive.core.pagination import MAX_DB_ID, IdFilter, Limit, Offset
from kotalive.core.permissions import require
from kotalive.core.schemas import Problem

router = Router(tags=["staff complaints"], auth=staff_auth)
API = AuditEvent.Channel.API
STATES = r"^(work|open|" + "|".join(Complaint.State.values) + r")$"

READ_ERRORS: dict[int, type[Problem]] = {401: Problem, 403: Problem, 404: Problem, 422: Problem}
WRITE_ERRORS: dict[int, type[Problem]] = {**READ_ERRORS, 400: Problem, 409: Problem}

RefPath = Annotated[str, Path(pattern=REF)]
PhotoIdPath = Annotated[int, Path(ge=1, le=MAX_DB_ID)]


# --- helpers ----------------------------------------------------------------------------------


def _console_user(request: HttpRequest) -> User:
    """The caller, if LAKSA's policy lets them use the console; else 403."""
    actor = actor_of(request)
    require(actor, policy.CONSOLE)
    return actor


def _case(actor: User, ref: str) -> Complaint:
    return selectors.complaint_for_staff(actor=actor, ref=ref.upper())


def _item(c: Complaint) -> dict[str, Any]:
    sla = selectors.sla_state(c)
    return {
        "ref": c.ref,
        "state": c.state,
        "state_label": c.get_state_display(),
        "channel": c.channel,
        "category": {"slug": c.category.slug, "name": c.category.name(current_language())},
        "office": {"id": c.office.pk, "name": c.office.name} if c.office else None,
        "place": {
            "kelurahan_code": c.kelurahan.code,
            "kelurahan": c.kelurahan.name,
            "kecamatan": c.kelurahan.kecamatan.name,
            "address": c.address,
            "lat": c.lat,
            "lon": c.lon,
        },
        "sla": sla,
        "escalated": c.escalated_at is not None,
        "supporters_count": c.supporters_count,
        "created_at": c.created_at,
        "updated_at": c.updated_at,
    }


def _detail(request: HttpRequest, actor: User, ref: str) -> StaffCaseDetail:
    c = _case(actor, ref)
    complaint_viewed(actor=actor, complaint=c, channel=API, ip=client_ip(request))
    reporter = c.reporter
    has_contact = bool(c.contact_name or c.contact_phone or c.contact_email)
    return StaffCaseDetail(
        **_item(c),
        description=c.description,
        reporter=PersonOut(
            name=reporter.display_name, phone=reporter.phone or "", email=reporter.email
        )
        if reporter is not None
        else None,
        contact=PersonOut(name=c.contact_name, phone=c.contact_phone, email=c.contact_email)
        if has_contact
        else None,
        assignee=str(c.assignee) if c.assignee_id else None,
        public_note=c.shown_public_note,
        reject_reason=c.reject_reason,
        forwarded_to=c.forwarded_to,
        merged_into=c.merged_into.ref if c.merged_into_id and c.merged_into else None,
        reopened_count=c.reopened_count,
        rating=c.rating,
        photos=[
            StaffPhotoOut(
                id=p.pk,
                kind=p.kind,
                url=p.image.url,
                width=p.width,
                height=p.height,
                approved=p.approved_at is not None,
            )
            for p in c.photos.all()
        ],
        timeline=[_event(e) for e in selectors.timeline_full(complaint=c)],
        actions=case_actions(actor, c, acting_as=STAFF_ROLES),
    )


def _event(e: Event) -> StaffTimelineOut:
    return StaffTimelineOut(
        kind=e.kind,
        label=e.get_kind_display(),
        public=e.public,
        note=e.shown_note,
        actor=str(e.actor) if e.actor else None,
        at=e.created_at,
        data=e.data,
    )


# --- endpoints --------------------------------------------------------------------------------


@router.get(
    "/", response={200: StaffCasePage, **READ_ERRORS}, summary="The queue (TLR: the whole city)"
)
def queue(
    request: HttpRequest,
    state: Annotated[str | None, Query(pattern=STATES)] = None,
    category: Annotated[str | None, Query(pattern=SLUG)] = None,
    kecamatan: IdFilter = None,
    overdue: bool = False,
    q: Annotated[str | None, Query(max_length=100)] = None,
    order: Annotated[str, Query(pattern=r"^(newest|deadline)$")] = "newest",
    limit: Limit = 25,
    offset: Offset = 0,
) -> StaffCasePage:
    """Cases the caller may see, newest first unless `order=deadline` (the console's default
    with `state=work`: what still needs staff, nearest deadline first); no personal data."""
    actor = _console_user(request)
    rows = selectors.complaints_queue(
        actor=actor,
        order=order,
        state=state,
        category=category,
        kecamatan=kecamatan,
        overdue=True if overdue else None,
        q=q,
    )
    items = [StaffCaseItem(**_item(c)) for c in rows[offset : offset + limit]]
    return StaffCasePage(count=rows.count(), limit=limit, offset=offset, items=items)


@router.get(
    "/{ref}",
    response={200: StaffCaseDetail, **READ_ERRORS},
    summary="One case with personal data (audited)",
)
def case(request: HttpRequest, ref: RefPath) -> StaffCaseDetail:
    return _detail(request, _console_user(request), ref)


@router.post("/{ref}/triage", response={200: StaffCaseDetail, **WRITE_ERRORS}, summary="Triage")
def triage(request: HttpRequest, ref: RefPath, body: TriageIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    category = None
    if body.category:
        category = selectors.category_get(slug=body.category, field="category")
    complaint_triage(
        actor=actor, complaint=complaint, category=category, note=body.note, channel=API
    )
    return _detail(request, actor, ref)


@router.post(
    "/{ref}/assign", response={200: StaffCaseDetail, **WRITE_ERRORS}, summary="Assign to an office"
)
def assign(request: HttpRequest, ref: RefPath, body: AssignIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    office = None
    if body.office is not None:
        office = Organisation.objects.filter(pk=body.office).first()
        if office is None:
            raise DomainError("office_unknown", _("No such office."), field="office")
    complaint_assign(
        actor=actor,
        complaint=complaint,
        office=office,
        note=body.note,
        note_public=body.note_public,
        channel=API,
    )
    return _detail(request, actor, ref)


@router.post("/{ref}/start", response={200: StaffCaseDetail, **WRITE_ERRORS}, summary="Start")
def start(request: HttpRequest, ref: RefPath, body: StepNoteIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint_start(
        actor=actor,
        complaint=_case(actor, ref),
        note=body.note,
        note_public=body.note_public,
        channel=API,
    )
    return _detail(request, actor, ref)


@router.post(
    "/{ref}/reply",
    response={200: StaffCaseDetail, **WRITE_ERRORS},
    summary="Reply (public) or internal note",
)
def reply(request: HttpRequest, ref: RefPath, body: ReplyIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    complaint_reply(
        actor=actor, complaint=complaint, text=body.text, public=body.public, channel=API
    )
    return _detail(request, actor, ref)


@router.post(
    "/{ref}/resolve",
    response={200: StaffCaseDetail, 413: Problem, **WRITE_ERRORS},
    summary="Resolve with evidence (multipart: `note` and 1-5 `evidence` photos)",
)
def resolve(
    request: HttpRequest,
    ref: RefPath,
    note: Annotated[str, Form(max_length=MAX_DESCRIPTION)] = "",
    evidence: Annotated[list[UploadedFile] | None, File()] = None,
) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    complaint_resolve(
        actor=actor, complaint=complaint, note=note, evidence=evidence or [], channel=API
    )
    return _detail(request, actor, ref)


@router.post("/{ref}/reject", response={200: StaffCaseDetail, **WRITE_ERRORS}, summary="Reject")
def reject(request: HttpRequest, ref: RefPath, body: RejectIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint_reject(actor=actor, complaint=_case(actor, ref), reason=body.reason, channel=API)
    return _detail(request, actor, ref)


@router.post(
    "/{ref}/forward",
    response={200: StaffCaseDetail, **WRITE_ERRORS},
    summary="Forward outside the city",
)
def forward(request: HttpRequest, ref: RefPath, body: ForwardIn) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    complaint_forward(
        actor=actor,
        complaint=complaint,
        to=body.to,
        note=body.note,
        note_public=body.note_public,
        channel=API,
    )
    return _detail(request, actor, ref)


@router.post(
    "/{ref}/merge",
    response={200: StaffCaseDetail, **WRITE_ERRORS},
    summary="Merge into another case (returns the kept case)",
)
def merge(request: HttpRequest, ref: RefPath, body: MergeIn) -> StaffCaseDetail:
    actor = _console_user(request)
    source = _case(actor, ref)
    try:
        target = _case(actor, body.into)
    except NotFound:
        raise DomainError("merge_target_unknown", _("No such report."), field="into") from None
    kept = complaint_merge(actor=actor, source=source, target=target, channel=API)
    return _detail(request, actor, kept.ref)


@router.post(
    "/{ref}/photos/{photo_id}/approve",
    response={200: StaffCaseDetail, **WRITE_ERRORS},
    summary="Approve a report photo for the public (after checking it for faces and plates)",
)
def photo_approve(request: HttpRequest, ref: RefPath, photo_id: PhotoIdPath) -> StaffCaseDetail:
    actor = _console_user(request)
    complaint = _case(actor, ref)
    photo = selectors.report_photo(complaint=complaint, photo_id=photo_id)
    complaint_photo_approve(actor=actor, photo=photo, channel=API)
    return _detail(request, actor, ref)
