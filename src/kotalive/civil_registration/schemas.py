"""API shapes of "Cek KK dan KTP-el": the resident's own household, masked numbers only."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Schema
from pydantic import Field

EktpStateName = Literal["not_recorded", "recorded", "printed", "ready", "collected"]
KkChangeKind = Literal["add_member", "change_address", "change_data", "remove_member"]
KkChangeState = Literal["received", "verifying", "printed", "done"]


class CivilEktpOut(Schema):
    state: EktpStateName
    state_label: str = Field(description="The state in the language of the request.")
    since: dt.date | None = Field(description="The date of the current state.")
    recorded_on: dt.date | None
    printed_on: dt.date | None
    ready_on: dt.date | None
    collected_on: dt.date | None
    office: str = Field(
        description="Where the printed card is (to be) collected; empty before printing.",
        examples=["Kantor Kecamatan Tangerang"],
    )
    adult_on: dt.date | None = Field(
        description="Under 17: the day the person turns 17 and may record for an e-KTP."
    )


class CivilMemberOut(Schema):
    full_name: str
    nik_masked: str = Field(examples=["3671************"])
    relationship: Literal["head", "spouse", "child", "parent", "other"]
    birth_date: dt.date
    is_you: bool = Field(description="This member is the signed-in resident.")
    ektp: CivilEktpOut | None = Field(description="None: the registry has no e-KTP record.")


class CivilKkChangeOut(Schema):
    reference: str
    kind: KkChangeKind
    kind_label: str
    state: KkChangeState
    state_label: str
    member_name: str = Field(description="The member concerned (newborn, deceased), or empty.")
    received_on: dt.date
    updated_on: dt.date = Field(description="The date of the current state.")


class CivilStatusOut(Schema):
    kk_masked: str = Field(examples=["3671************"])
    members: list[CivilMemberOut]
    kk_changes: list[CivilKkChangeOut] = Field(description="Newest first, done ones included.")
