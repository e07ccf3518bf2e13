"""Reads of civil registration, always for the resident themself: their household (their own KK,
from the population-registry port), each member's e-KTP, and the KK changes in progress."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kotalive.accounts.models import User
from kotalive.accounts.selectors import identity_of
from kotalive.civil_registry.registry import EktpStatus, KkChangeRecord, get_registry
from kotalive.core.crypto import blind_index, decrypt, mask_identity_number
from kotalive.core.errors import PermissionDenied


@dataclass(frozen=True)
class MemberStatus:
    full_name: str
    nik_masked: str
    relationship: str
    birth_date: dt.date
    is_you: bool
    ektp: EktpStatus | None


@dataclass(frozen=True)
class HouseholdStatus:
    kk_masked: str
    members: list[MemberStatus]
    changes: list[KkChangeRecord]

    @property
    def changes_open(self) -> list[KkChangeRecord]:
        return [c for c in self.changes if c.state != "done"]

    @property
    def changes_done(self) -> list[KkChangeRecord]:
        return [c for c in self.changes if c.state == "done"]


def household_status_of(*, actor: User) -> HouseholdStatus:
    """The actor's own household by the KK of their verified NIK; refused until it is verified.

    The KK is never a parameter: a resident can only ever see the card their NIK is on.
    Not audited, as the household on the profile is not: a resident reading their own card.
    """
    identity = identity_of(actor=actor) if actor.is_authenticated else None
    if identity is None:
        raise PermissionDenied(
            "identity_required", _("Verify your NIK first to see your KK and e-KTP status.")
        )
    kk = decrypt(identity.kk_encrypted, context="kk")
    registry = get_registry()
    members = [
        MemberStatus(
            full_name=m.full_name,
            nik_masked=mask_identity_number(m.nik),
            relationship=m.relationship,
            birth_date=m.birth_date,
            is_you=blind_index(m.nik, context="nik") == identity.nik_index,
            ektp=registry.ektp_status(nik=m.nik),
        )
        for m in registry.household(kk=kk)
    ]
    return HouseholdStatus(
        kk_masked=identity.kk_masked, members=members, changes=registry.kk_changes(kk=kk)
    )
