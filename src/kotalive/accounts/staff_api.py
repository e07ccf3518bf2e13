"""Staff API at /api/v1/staff/: the resident register of the caller's area.

Auth: a bearer token, or the web session of a staff member who passed the TOTP step. Residents are
authenticated but refused (403); anonymous callers get 401. An out-of-area resident is a 404, as
for one that does not exist.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Schema

from kotalive.accounts import policy, staff_selectors, staff_services
from kotalive.accounts.auth import actor_of
from kotalive.accounts.models import ResidentIdentity
from kotalive.backoffice.guard import staff_auth
from kotalive.core.http import client_ip
from kotalive.core.pagination import Limit, Offset
from kotalive.core.permissions import require
from kotalive.core.schemas import Problem

router = Router(tags=["staff"], auth=staff_auth)


class RegionRef(Schema):
    code: str
    name: str


class ResidentListItem(Schema):
    id: int
    nik_masked: str
    full_name: str
    kelurahan: RegionRef | None


class ResidentListPage(Schema):
    items: list[ResidentListItem]
    count: int


class ResidentDetail(ResidentListItem):
    kk_masked: str
    birth_date: date
    sex: str
    kecamatan: RegionRef | None
    verified_at: datetime


def _region(obj: object) -> RegionRef | None:
    if obj is None:
        return None
    return RegionRef(code=getattr(obj, "code", ""), name=getattr(obj, "name", ""))


def _item(r: ResidentIdentity) -> ResidentListItem:
    return ResidentListItem(
        id=r.pk, nik_masked=r.nik_masked, full_name=r.full_name, kelurahan=_region(r.kelurahan)
    )


@router.get(
    "/residents",
    response={200: ResidentListPage, 401: Problem, 403: Problem, 422: Problem},
    summary="Residents in my area (audited)",
)
def residents_list(request: HttpRequest, limit: Limit = 20, offset: Offset = 0) -> ResidentListPage:
    """Residents who verified their NIK, limited to the caller's area; NIKs masked. Every call is
    written to the audit log as `resident.listed` (the slice and the residents shown)."""
    page = staff_services.residents_list_for(
        actor=actor_of(request), offset=offset, limit=limit, channel="api", ip=client_ip(request)
    )
    return ResidentListPage(items=[_item(r) for r in page.items], count=page.count)


@router.get(
    "/residents/{id}",
    response=ResidentDetail,
    summary="One resident (audited)",
)
def residents_get(
    request: HttpRequest, id: Annotated[int, Path(ge=1, le=staff_selectors.MAX_ID - 1)]
) -> ResidentDetail:
    """One resident's record. Every call is written to the audit log as `resident.viewed`."""
    actor = actor_of(request)
    require(actor, policy.RESIDENT_VIEW)
    r = staff_services.resident_open_for(actor=actor, id=id, channel="api", ip=client_ip(request))
    kelurahan = r.kelurahan
    return ResidentDetail(
        **_item(r).model_dump(exclude={"kelurahan"}),
        kelurahan=_region(kelurahan),
        kk_masked=r.kk_masked,
        birth_date=r.birth_date,
        sex=r.sex,
        kecamatan=_region(kelurahan.kecamatan if kelurahan is not None else None),
        verified_at=r.verified_at,
    )
