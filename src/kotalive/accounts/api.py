"""Resident API: sign-in by SMS code, bearer tokens, profile, NIK verification, data rights."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest, HttpResponse
from ninja import Router, Status
from ninja.params.functions import Path

from kotalive.accounts.auth import actor_of, token_or_session
from kotalive.accounts.models import ApiToken, ResidentIdentity, User
from kotalive.accounts.schemas import (
    CodeRequestIn,
    CodeRequestOut,
    DeviceOut,
    EndedOut,
    ExportOut,
    HouseholdMemberOut,
    IdentityIn,
    IdentityOut,
    ProfileOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
)
from kotalive.accounts.selectors import api_tokens_of, household_of, identity_of
from kotalive.accounts.services import (
    api_token_create,
    api_token_revoke,
    identity_verify,
    phone_code_request,
    phone_code_verify,
    resident_data_export,
    resident_delete,
    resident_devices,
    resident_session_end,
    resident_sessions_end_others,
)
from kotalive.accounts.services.phone import CODE_TTL
from kotalive.core.crypto import mask_identity_number, token_hash
from kotalive.core.http import client_ip
from kotalive.core.models import AuditEvent
from kotalive.core.schemas import Problem

router = Router(tags=["accounts"])
API = AuditEvent.Channel.API


def _identity_out(identity: ResidentIdentity) -> IdentityOut:
    return IdentityOut(
        nik_masked=identity.nik_masked,
        kk_masked=identity.kk_masked,
        full_name=identity.full_name,
        birth_date=identity.birth_date,
        sex=identity.sex,
        kelurahan_code=identity.kelurahan.code if identity.kelurahan else None,
        kelurahan_name=identity.kelurahan.name if identity.kelurahan else None,
        verified_at=identity.verified_at,
    )


def _profile_out(user: User) -> ProfileOut:
    identity = identity_of(actor=user)
    return ProfileOut(
        id=user.pk,
        phone_masked=user.masked_phone,
        display_name=user.display_name,
        language=user.language,
        date_joined=user.date_joined,
        identity_verified=identity is not None,
        identity=_identity_out(identity) if identity else None,
    )


@router.post(
    "/auth/code",
    response={202: CodeRequestOut, 400: Problem, 422: Problem, 429: Problem},
    summary="Send a sign-in code by SMS",
)
def auth_code(request: HttpRequest, payload: CodeRequestIn) -> Status[CodeRequestOut]:
    code = phone_code_request(phone=payload.phone, ip=client_ip(request))
    masked = f"{code.phone[:5]}****{code.phone[-3:]}"
    return Status(202, CodeRequestOut(phone=masked, expires_in=int(CODE_TTL.total_seconds())))


@router.post(
    "/auth/token",
    response={201: TokenCreatedOut, 400: Problem, 403: Problem, 422: Problem, 429: Problem},
    summary="Exchange phone + code for a bearer token (shown once)",
)
def auth_token(
    request: HttpRequest, response: HttpResponse, payload: TokenIn
) -> Status[TokenCreatedOut]:
    # The token is a credential: no cache (and no idempotency replay store) may keep it.
    response["Cache-Control"] = "no-store"
    ip = client_ip(request)
    user = phone_code_verify(phone=payload.phone, code=payload.code, ip=ip, channel=API)
    token, raw = api_token_create(actor=user, name=payload.device_name, channel=API, ip=ip)
    return Status(
        201, TokenCreatedOut(id=token.pk, name=token.name, token=raw, created_at=token.created_at)
    )


@router.get("/me", auth=token_or_session, response={200: ProfileOut, 401: Problem})
def me(request: HttpRequest) -> ProfileOut:
    return _profile_out(actor_of(request))


@router.post(
    "/me/identity",
    auth=token_or_session,
    response={
        200: IdentityOut,
        400: Problem,
        401: Problem,
        403: Problem,
        409: Problem,
        422: Problem,
        429: Problem,
    },
    summary="Verify my NIK against the population registry",
)
def me_identity(request: HttpRequest, payload: IdentityIn) -> IdentityOut:
    identity = identity_verify(
        actor=actor_of(request),
        nik=payload.nik,
        kk=payload.kk,
        full_name=payload.full_name,
        birth_date=payload.birth_date,
        ip=client_ip(request),
        channel=API,
    )
    return _identity_out(identity)


@router.get(
    "/me/household",
    auth=token_or_session,
    response={200: list[HouseholdMemberOut], 401: Problem, 403: Problem},
    summary="The members of my family card (KK); needs a verified NIK",
)
def me_household(request: HttpRequest) -> list[HouseholdMemberOut]:
    return [
        HouseholdMemberOut(
            full_name=m.full_name,
            nik_masked=mask_identity_number(m.nik),
            relationship=m.relationship,
            birth_date=m.birth_date,
            sex=m.sex,
        )
        for m in household_of(actor=actor_of(request))
    ]


@router.get(
    "/me/export",
    auth=token_or_session,
    response={200: ExportOut, 401: Problem, 403: Problem},
    summary="Download all my data",
)
def me_export(request: HttpRequest, response: HttpResponse) -> ExportOut:
    response["Cache-Control"] = "no-store"
    data = resident_data_export(actor=actor_of(request), channel=API, ip=client_ip(request))
    return ExportOut.model_validate(data)


@router.delete(
    "/me",
    auth=token_or_session,
    response={204: None, 401: Problem, 403: Problem},
    summary="Delete my account",
)
def me_delete(request: HttpRequest) -> Status[None]:
    resident_delete(actor=actor_of(request), channel=API, ip=client_ip(request))
    if hasattr(request, "session"):
        request.session.flush()
    return Status(204, None)


@router.get("/me/tokens", auth=token_or_session, response={200: list[TokenOut], 401: Problem})
def me_tokens(request: HttpRequest) -> list[TokenOut]:
    return [
        TokenOut(
            id=t.pk,
            name=t.name,
            prefix=t.prefix,
            created_at=t.created_at,
            last_used_at=t.last_used_at,
        )
        for t in api_tokens_of(actor=actor_of(request))
    ]


@router.delete(
    "/me/tokens/{token_id}",
    auth=token_or_session,
    response={204: None, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="Revoke one of my tokens",
)
def me_token_revoke(
    request: HttpRequest, token_id: Annotated[int, Path(ge=1, le=2_147_483_647)]
) -> Status[None]:
    api_token_revoke(actor=actor_of(request), token_id=token_id, channel=API, ip=client_ip(request))
    return Status(204, None)


def _current(request: HttpRequest, actor: User) -> tuple[str | None, int | None]:
    """The web session or the app token this request came with (a bearer token wins)."""
    scheme, _, raw = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and raw:
        found = ApiToken.objects.filter(token_hash=token_hash(raw.strip()), user=actor)
        return None, found.values_list("pk", flat=True).first()
    session = getattr(request, "session", None)
    return (session.session_key if session is not None else None), None


@router.get(
    "/me/sessions",
    auth=token_or_session,
    response={200: list[DeviceOut], 401: Problem},
    summary="Where I am signed in: browser sessions and app tokens",
)
def me_sessions(request: HttpRequest, response: HttpResponse) -> list[DeviceOut]:
    response["Cache-Control"] = "private, no-store"
    actor = actor_of(request)
    session_key, token_id = _current(request, actor)
    devices = resident_devices(
        actor=actor, current_session_key=session_key, current_token_id=token_id
    )
    return [DeviceOut.model_validate(d, from_attributes=True) for d in devices]


# Declared before /me/sessions/{session_id}: the first declared path wins the URL.
@router.post(
    "/me/sessions/end-others",
    auth=token_or_session,
    response={200: EndedOut, 401: Problem, 403: Problem},
    summary="Sign out every other browser and app, keep this one",
)
def me_sessions_end_others(request: HttpRequest) -> EndedOut:
    actor = actor_of(request)
    session_key, token_id = _current(request, actor)
    ended = resident_sessions_end_others(
        actor=actor,
        current_session_key=session_key,
        current_token_id=token_id,
        channel=API,
        ip=client_ip(request),
    )
    return EndedOut(ended=ended)


@router.delete(
    "/me/sessions/{session_id}",
    auth=token_or_session,
    response={204: None, 401: Problem, 403: Problem, 404: Problem, 422: Problem},
    summary="Sign out one of my browser sessions (an app: DELETE /me/tokens/{id})",
)
def me_session_end(
    request: HttpRequest, session_id: Annotated[int, Path(ge=1, le=2**63 - 1)]
) -> Status[None]:
    resident_session_end(
        actor=actor_of(request), session_id=session_id, channel=API, ip=client_ip(request)
    )
    return Status(204, None)
