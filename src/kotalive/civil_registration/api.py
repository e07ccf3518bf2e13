"""Resident API of civil registration: GET /api/v1/civil-registration/status."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from kotalive.accounts.auth import actor_of, token_or_session
from kotalive.civil_registration.schemas import (
    CivilEktpOut,
    CivilKkChangeOut,
    CivilMemberOut,
    CivilStatusOut,
)
from kotalive.civil_registration.selectors import household_status_of
from kotalive.civil_registry.models import EktpState, KkChange
from kotalive.core.schemas import Problem

router = Router(tags=["civil-registration"])


@router.get(
    "/status",
    auth=token_or_session,
    response={200: CivilStatusOut, 401: Problem, 403: Problem},
    summary="My household's e-KTP and KK changes in progress; needs a verified NIK",
)
def status(request: HttpRequest, response: HttpResponse) -> CivilStatusOut:
    household = household_status_of(actor=actor_of(request))
    response["Cache-Control"] = "private, no-store"
    return CivilStatusOut(
        kk_masked=household.kk_masked,
        members=[
            CivilMemberOut(
                full_name=m.full_name,
                nik_masked=m.nik_masked,
                relationship=m.relationship,  # type: ignore[arg-type]
                birth_date=m.birth_date,
                is_you=m.is_you,
                ektp=None
                if m.ektp is None
                else CivilEktpOut(
                    state=m.ektp.state,  # type: ignore[arg-type]
                    state_label=str(EktpState(m.ektp.state).label),
                    since=m.ektp.since,
                    recorded_on=m.ektp.recorded_on,
                    printed_on=m.ektp.printed_on,
                    ready_on=m.ektp.ready_on,
                    collected_on=m.ektp.collected_on,
                    office=m.ektp.office,
                    adult_on=m.ektp.adult_on,
                ),
            )
            for m in household.members
        ],
        kk_changes=[
            CivilKkChangeOut(
                reference=c.reference,
                kind=c.kind,  # type: ignore[arg-type]
                kind_label=str(KkChange.Kind(c.kind).label),
                state=c.state,  # type: ignore[arg-type]
                state_label=str(KkChange.State(c.state).label),
                member_name=c.member_name,
                received_on=c.received_on,
                updated_on=c.updated_on,
            )
            for c in household.changes
        ],
    )
