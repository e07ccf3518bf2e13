"""NIK verification, once per resident, against the population-registry port."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kotalive.accounts.models import ResidentIdentity, User
from kotalive.civil_registry.numbers import validate_kk, validate_nik
from kotalive.civil_registry.registry import get_registry
from kotalive.core.audit import audit_record
from kotalive.core.crypto import blind_index, encrypt, mask_identity_number
from kotalive.core.errors import DomainError, PermissionDenied
from kotalive.core.models import AuditEvent
from kotalive.core.ratelimit import check_rate
from kotalive.regions.models import Kelurahan


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _nik_taken() -> DomainError:
    return DomainError(
        "nik_already_verified",
        _(
            "This NIK is already verified on another account. If that is not you, contact the "
            "civil registry office (Disdukcapil)."
        ),
        status=409,
        field="nik",
    )


def identity_verify(
    *,
    actor: User,
    nik: str,
    kk: str,
    full_name: str,
    birth_date: dt.date,
    ip: str | None,
    channel: str = AuditEvent.Channel.WEB,
) -> ResidentIdentity:
    """Check NIK, KK, name and date of birth against the registry; store the identity encrypted."""
    if not actor.is_resident:
        raise PermissionDenied("residents_only", _("Only residents verify a NIK."))
    if ResidentIdentity.objects.filter(user=actor).exists():
        raise DomainError(
            "identity_already_verified", _("Your NIK is already verified."), status=409
        )
    nik_info = validate_nik(nik)
    kk_info = validate_kk(kk)
    if nik_info.birth_date.strftime("%d%m%y") != birth_date.strftime("%d%m%y"):
        # The NIK encodes the date of birth: a difference is a typo the resident can fix.
        raise DomainError(
            "nik_birth_date_mismatch",
            _("The date of birth does not match the one encoded in the NIK (digits 7–12)."),
            field="birth_date",
        )
    # Counted only for structurally valid numbers: the limit guards the registry from probing.
    check_rate("nik_verify", f"user:{actor.pk}", fail_closed=True)
    record = get_registry().lookup(nik=nik_info.number)
    if record is None:
        raise DomainError(
            "nik_not_registered",
            _("This NIK is not in the population registry. Check the number on your KK."),
            field="nik",
        )
    if (
        record.kk != kk_info.number
        or record.birth_date != birth_date
        or not _same_name(record.full_name, full_name)
    ):
        # One answer for KK, name or date, so the form cannot be used to learn which was right.
        raise DomainError(
            "identity_mismatch",
            _(
                "The KK number, full name or date of birth do not match the population registry. "
                "Write them exactly as on your KK."
            ),
        )
    nik_index = blind_index(nik_info.number, context="nik")
    if ResidentIdentity.objects.filter(nik_index=nik_index).exclude(user=actor).exists():
        raise _nik_taken()
    kelurahan = Kelurahan.objects.filter(code=record.kelurahan_code).first()
    try:
        with transaction.atomic():
            identity = ResidentIdentity.objects.create(
                user=actor,
                nik_encrypted=encrypt(nik_info.number, context="nik"),
                nik_index=nik_index,
                kk_encrypted=encrypt(kk_info.number, context="kk"),
                kk_index=blind_index(kk_info.number, context="kk"),
                full_name=record.full_name,
                birth_date=record.birth_date,
                sex=record.sex,
                kelurahan=kelurahan,
                nik_masked=mask_identity_number(nik_info.number),
                kk_masked=mask_identity_number(kk_info.number),
            )
            if not actor.display_name:
                actor.display_name = record.full_name
                actor.save(update_fields=["display_name"])
            audit_record(
                actor=actor,
                action="resident.identity_verified",
                target=identity,
                channel=channel,
                ip=ip,
                data={"nik_masked": identity.nik_masked, "kk_masked": identity.kk_masked},
            )
    except IntegrityError:
        # Another account bound the same NIK between our check and our insert.
        raise _nik_taken() from None
    return identity
