"""Writes of documents: issue (sign and render once), revoke, rotate the signing key.

The only entry points other apps use (with `selectors`): `applications` calls `document_issue`,
and payments, jobs and health will too.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import Organisation, User
from kotalive.core.audit import audit_record
from kotalive.core.crypto import mask_identity_number
from kotalive.core.errors import DomainError
from kotalive.core.permissions import require
from kotalive.documents import signing
from kotalive.documents.claims import claims_for, verify_url
from kotalive.documents.models import IssuedDocument, SigningKey
from kotalive.documents.pages import page_forget
from kotalive.documents.pdf import PdfContent, pdf_build
from kotalive.documents.policy import DOCUMENT_REVOKE

# 9 random bytes: 12 URL-safe characters, 72 bits that nobody guesses.
CODE_BYTES = 9
REASON_MAX = 500
_NIK = re.compile(r"\d{16}")


@dataclass(frozen=True)
class Fact:
    """One line of the document, its label in both languages."""

    label_id: str
    label_en: str
    value: str


def _active_key() -> SigningKey:
    """The signing key, made on first use; a concurrent first use finds the other's key."""
    key = SigningKey.objects.filter(status=SigningKey.Status.ACTIVE).first()
    if key is not None:
        return key
    material = signing.key_generate()
    try:
        with transaction.atomic():
            key = SigningKey.objects.create(
                kid=material.kid,
                public_jwk=material.public_jwk,
                private_key=material.private_key_sealed,
            )
    except IntegrityError:
        return SigningKey.objects.get(status=SigningKey.Status.ACTIVE)
    audit_record(actor=None, action="documents.key_created", target=key, data={"kid": key.kid})
    return key


def _clean(value: str, *, field: str, code: str, what: str | Promise, limit: int = 200) -> str:
    """One line of text, its spaces collapsed (it is printed, signed and put in a QR code)."""
    cleaned = " ".join(value.split())
    if not cleaned or len(cleaned) > limit:
        raise DomainError(code, _("%(what)s is missing or too long.") % {"what": what}, field=field)
    return cleaned


@transaction.atomic
def document_issue(
    *,
    kind: str,
    title_id: str,
    title_en: str,
    number: str,
    holder_name: str,
    holder_nik: str | None,
    facts: Sequence[Fact],
    issuer: Organisation,
    valid_until: date | None,
    source_ref: str,
    actor: User | None,
) -> IssuedDocument:
    """Sign the facts, render the PDF and store both; the NIK is kept masked only."""
    nik = (holder_nik or "").strip()
    if nik and not _NIK.fullmatch(nik):
        raise DomainError("document_nik_invalid", _("A NIK has 16 digits."), field="holder_nik")
    lines = [
        {
            "label_id": _clean(
                f.label_id, field="facts", code="document_fact_invalid", what=_("A fact's label")
            ),
            "label_en": _clean(
                f.label_en, field="facts", code="document_fact_invalid", what=_("A fact's label")
            ),
            "value": _clean(
                f.value,
                field="facts",
                code="document_fact_invalid",
                what=_("A fact's value"),
                limit=500,
            ),
        }
        for f in facts
    ]
    key = _active_key()
    document = IssuedDocument(
        code=signing.b64url(secrets.token_bytes(CODE_BYTES)),
        kind=_clean(kind, field="kind", code="document_kind_invalid", what=_("The kind"), limit=64),
        title_id=_clean(
            title_id, field="title_id", code="document_title_invalid", what=_("The title")
        ),
        title_en=_clean(
            title_en, field="title_en", code="document_title_invalid", what=_("The title")
        ),
        number=_clean(
            number, field="number", code="document_number_invalid", what=_("The number"), limit=100
        ),
        holder_name=_clean(
            holder_name, field="holder_name", code="document_holder_invalid", what=_("The name")
        ),
        holder_nik_masked=mask_identity_number(nik) if nik else "",
        issuer=issuer,
        issuer_name=issuer.name,
        facts=lines,
        issued_at=timezone.now().replace(microsecond=0),
        valid_until=valid_until,
        source_ref=source_ref[:200],
        key=key,
    )
    document.jws = signing.jws_sign(
        claims=claims_for(document), kid=key.kid, private_key_sealed=key.private_key
    )
    document.pdf = pdf_build(
        PdfContent(
            site_name=settings.SITE_NAME,
            title_id=document.title_id,
            title_en=document.title_en,
            number=document.number,
            holder_name=document.holder_name,
            holder_nik_masked=document.holder_nik_masked,
            issuer_name=document.issuer_name,
            issued_at=timezone.localtime(document.issued_at),
            valid_until=document.valid_until,
            facts=[(f["label_id"], f["label_en"], f["value"]) for f in lines],
            verify_url=verify_url(document.code),
            jws=document.jws,
        )
    )
    document.pdf_sha256 = hashlib.sha256(document.pdf).hexdigest()
    document.save()
    audit_record(
        actor=actor,
        action="documents.issued",
        target=document,
        data={
            "code": document.code,
            "kind": document.kind,
            "number": document.number,
            "kid": key.kid,
            "source_ref": document.source_ref,
        },
    )
    return document


@transaction.atomic
def document_revoke(*, document: IssuedDocument, reason: str, actor: User) -> IssuedDocument:
    """Mark a document revoked, with the reason anyone verifying it will read."""
    require(actor, DOCUMENT_REVOKE, document)
    cleaned = " ".join(reason.split())
    if not cleaned or len(cleaned) > REASON_MAX:
        raise DomainError(
            "document_reason_required",
            _("Say why the document is revoked (at most %(n)d characters).") % {"n": REASON_MAX},
            field="reason",
        )
    locked = IssuedDocument.objects.select_for_update().defer("pdf").get(pk=document.pk)
    if locked.revoked_at is not None:
        raise DomainError(
            "document_already_revoked", _("This document was already revoked."), status=409
        )
    locked.revoked_at = timezone.now()
    locked.revoke_reason = cleaned
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoke_reason", "revoked_by"])
    audit_record(
        actor=actor,
        action="documents.revoked",
        target=locked,
        data={"code": locked.code, "reason": cleaned},
    )
    code = locked.code
    transaction.on_commit(lambda: page_forget(code))
    document.revoked_at, document.revoke_reason = locked.revoked_at, locked.revoke_reason
    document.revoked_by = actor
    return document


@transaction.atomic
def signing_key_rotate(*, actor: User | None = None) -> SigningKey:
    """Retire the active key and make a new one; retired keys stay published (/verify/keys)."""
    now = timezone.now()
    retired = list(SigningKey.objects.select_for_update().filter(status=SigningKey.Status.ACTIVE))
    SigningKey.objects.filter(pk__in=[k.pk for k in retired]).update(
        status=SigningKey.Status.RETIRED, retired_at=now
    )
    material = signing.key_generate()
    key = SigningKey.objects.create(
        kid=material.kid,
        public_jwk=material.public_jwk,
        private_key=material.private_key_sealed,
        created_at=now,
    )
    audit_record(
        actor=actor,
        action="documents.key_rotated",
        target=key,
        data={"kid": key.kid, "retired": [k.kid for k in retired]},
    )
    return key
