"""Reads of documents: by code, their PDF and address, their verification, the published keys.

Verifying needs no account: a document's page shows only what its QR code already carries
(the holder's NIK masked), so nothing here takes an actor.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Literal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotalive.core.errors import NotFound
from kotalive.core.permissions import require
from kotalive.documents import signing
from kotalive.documents.claims import claims_for, verify_url
from kotalive.documents.models import IssuedDocument, SigningKey
from kotalive.documents.policy import DOCUMENT_REVOKE, revoke_scope

State = Literal["valid", "expired", "revoked"]


def document_get_by_code(*, code: str) -> IssuedDocument | None:
    """The document with this code (its PDF loaded only when asked for), or None."""
    if not code or len(code) > 24:
        return None
    return (
        IssuedDocument.objects.select_related("issuer", "key")
        .defer("pdf")
        .filter(code=code)
        .first()
    )


def document_pdf(*, document: IssuedDocument) -> bytes:
    """The PDF exactly as issued (its SHA-256 is `pdf_sha256`)."""
    return bytes(document.pdf)


def document_url(*, document: IssuedDocument) -> str:
    """The absolute address of the document's verify page (printed and in its QR code)."""
    return verify_url(document.code)


def document_state(document: IssuedDocument) -> State:
    if document.revoked_at is not None:
        return "revoked"
    if document.is_expired(timezone.localdate()):
        return "expired"
    return "valid"


@dataclass(frozen=True)
class Verification:
    """What the verify page says about a document."""

    document: IssuedDocument
    # The stored JWS verifies against its key and says exactly what the stored row says.
    signature_ok: bool
    state: State
    kid: str


def document_verification(*, code: str) -> Verification | None:
    """One query (the document with its issuer and key); the signature check is kept per process."""
    document = document_get_by_code(code=code)
    if document is None:
        return None
    return _verification(document)


def _verification(document: IssuedDocument) -> Verification:
    key = document.key
    signature_ok = signing.jws_verify(document.jws, key.public_jwk.get("x", ""))
    if signature_ok:
        parsed = signing.jws_parse(document.jws)
        signature_ok = (
            parsed is not None
            and parsed.header.get("kid") == key.kid
            and parsed.claims.get("jti") == document.code
            and parsed.claims.get("doc") == claims_for(document)["doc"]
        )
    return Verification(
        document=document, signature_ok=signature_ok, state=document_state(document), kid=key.kid
    )


def document_find_by_pdf(*, data: bytes) -> Verification | None:
    """The document whose issued PDF is byte for byte `data`, verified; None if there is none."""
    digest = hashlib.sha256(data).hexdigest()
    document = (
        IssuedDocument.objects.select_related("issuer", "key")
        .defer("pdf")
        .filter(pdf_sha256=digest)
        .first()
    )
    return _verification(document) if document is not None else None


def signing_keys_jwks() -> dict[str, Any]:
    """The JWK Set of every key that ever signed: the active one first, then retired ones, which
    old documents still need."""
    keys = SigningKey.objects.order_by("status", "-created_at").only(
        "kid", "public_jwk", "status", "created_at"
    )
    return {"keys": [key.jwk() for key in keys]}


def documents_revocable_by(*, actor: Any, query: str = "") -> QuerySet[IssuedDocument]:
    """The documents of the offices whose documents `actor` may revoke, newest first; `query`
    matches a code or a number exactly."""
    scope = revoke_scope(actor)
    rows = IssuedDocument.objects.defer("pdf", "jws", "facts").select_related("issuer")
    if scope is not None:
        rows = rows.filter(issuer_id__in=scope)
    query = query.strip()[:100]
    if query:
        rows = rows.filter(Q(code=query) | Q(number=query))
    return rows.order_by("-issued_at", "-pk")


def document_get_for(*, actor: Any, code: str) -> IssuedDocument:
    """The document, for someone who may revoke it (the back office); 404 or 403 otherwise."""
    document = document_get_by_code(code=code)
    if document is None:
        raise NotFound("document_not_found", _("No document has this code."))
    require(actor, DOCUMENT_REVOKE, document)
    return document


@dataclass(frozen=True)
class JwsCheck:
    """A JWS someone pasted (read from a QR code): is it ours, and which document is it?"""

    signature_ok: bool
    claims: dict[str, Any]
    verification: Verification | None


def jws_check(*, jws: str) -> JwsCheck | None:
    """Check a compact JWS against our published keys; None if it is not a JWS at all."""
    parsed = signing.jws_parse(jws)
    if parsed is None:
        return None
    kid = parsed.header.get("kid")
    key = SigningKey.objects.filter(kid=kid).first() if isinstance(kid, str) else None
    ok = key is not None and signing.jws_verify(jws.strip(), key.public_jwk.get("x", ""))
    code = parsed.claims.get("jti")
    verification = document_verification(code=code) if ok and isinstance(code, str) else None
    return JwsCheck(signature_ok=ok, claims=parsed.claims, verification=verification)
