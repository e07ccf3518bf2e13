"""API shapes for residents: sign-in by code, bearer tokens, profile, NIK verification, export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field

# No control characters (they also break PostgreSQL text columns with NUL).
_PRINTABLE = r"^[^\x00-\x1f\x7f]*$"


class CodeRequestIn(Schema):
    phone: str = Field(
        min_length=1,
        max_length=20,
        pattern=r"^[0-9+ ().\-]+$",
        description="Indonesian mobile number: 08xx, 628xx or +628xx.",
        examples=["081234567890"],
    )


class CodeRequestOut(Schema):
    phone: str = Field(description="The normalised number, masked.")
    expires_in: int = Field(description="Seconds the code stays valid.")


class TokenIn(Schema):
    phone: str = Field(min_length=1, max_length=20, pattern=r"^[0-9+ ().\-]+$")
    code: str = Field(min_length=6, max_length=6, pattern=r"^[0-9]{6}$")
    device_name: str = Field(
        min_length=1, max_length=100, pattern=_PRINTABLE, examples=["Android Budi"]
    )


class TokenCreatedOut(Schema):
    id: int
    name: str
    token: str = Field(description="The bearer token. Shown once: store it now.")
    token_type: str = "Bearer"
    created_at: dt.datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters after `klt_`, to tell tokens apart.")
    created_at: dt.datetime
    last_used_at: dt.datetime | None


class IdentityOut(Schema):
    nik_masked: str = Field(
        examples=["3671************"],
        description="Only the province and city code: nothing else can be rebuilt from it.",
    )
    kk_masked: str = Field(examples=["3671************"])
    full_name: str
    birth_date: dt.date
    sex: str
    kelurahan_code: str | None
    kelurahan_name: str | None
    verified_at: dt.datetime


class ProfileOut(Schema):
    id: int
    phone_masked: str
    display_name: str
    language: str
    date_joined: dt.datetime
    identity_verified: bool
    identity: IdentityOut | None


class IdentityIn(Schema):
    nik: str = Field(min_length=1, max_length=32, pattern=_PRINTABLE, examples=["3671011708850001"])
    kk: str = Field(min_length=1, max_length=32, pattern=_PRINTABLE, examples=["3671012001120001"])
    full_name: str = Field(min_length=1, max_length=150, pattern=_PRINTABLE)
    birth_date: dt.date


class HouseholdMemberOut(Schema):
    full_name: str
    nik_masked: str
    relationship: str
    birth_date: dt.date
    sex: str


class ExportOut(Schema):
    exported_at: dt.datetime
    profile: dict[str, Any]
    identity: dict[str, Any] | None
    household: list[dict[str, Any]]
    api_tokens: list[dict[str, Any]]
    web_sessions: list[dict[str, Any]]
    audit_events: list[dict[str, Any]]


class DeviceOut(Schema):
    kind: str = Field(description="`web` (a browser session) or `app` (an API token).")
    id: int = Field(description="End it with DELETE /me/sessions/{id} (web) or /me/tokens/{id}.")
    device: str = Field(description="The browser and system, shortened; for an app its name.")
    signed_in_at: dt.datetime
    last_used_at: dt.datetime | None
    current: bool = Field(description="The session or token of this request.")


class EndedOut(Schema):
    ended: int = Field(ge=0, description="Web sessions ended and app tokens revoked.")
