"""Writes to the local population registry (the stand-in for Dukcapil's own records)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from kotalive.civil_registry.models import Family, Person
from kotalive.civil_registry.numbers import validate_kk, validate_nik
from kotalive.core.audit import audit_record
from kotalive.core.crypto import encrypt, mask_identity_number
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan


@transaction.atomic
def family_register(
    *,
    kk: str,
    kelurahan: Kelurahan,
    address: str,
    members: list[tuple[str, str, dt.date, str]],
    channel: str = AuditEvent.Channel.SYSTEM,
) -> Family:
    """Record a family and its members: `members` is (nik, full_name, birth_date, relationship).

    The sex is read from the NIK (day + 40 for women) so the two can never disagree.
    """
    kk_number = validate_kk(kk).number
    family = Family.objects.create(
        kk_encrypted=encrypt(kk_number, context="kk"),
        kk_index=Family.index_of(kk_number),
        kk_masked=mask_identity_number(kk_number),
        kelurahan=kelurahan,
        address=address,
    )
    for nik, full_name, birth_date, relationship in members:
        info = validate_nik(nik)
        Person.objects.create(
            family=family,
            nik_encrypted=encrypt(info.number, context="nik"),
            nik_index=Person.index_of(info.number),
            nik_masked=mask_identity_number(info.number),
            full_name=full_name,
            birth_date=birth_date,
            sex=info.sex,
            relationship=relationship,
        )
    audit_record(
        actor=None,
        action="registry.family_registered",
        target=family,
        channel=channel,
        data={"kk_masked": family.kk_masked, "members": len(members)},
    )
    return family
