"""What a document's JWS says: its claims, built from the stored row (at issue and to check)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from kotalive.documents.models import IssuedDocument


def verify_url(code: str) -> str:
    """https://<site>/verify/<code>, as printed and put in the QR code."""
    return f"{settings.SITE_URL.rstrip('/')}/verify/{code}"


def claims_for(document: IssuedDocument) -> dict[str, Any]:
    """What is signed: compact, since it travels in the QR code (see docs/applications.md)."""
    doc: dict[str, Any] = {
        "kind": document.kind,
        "title": [document.title_id, document.title_en],
        "number": document.number,
        "holder": {"name": document.holder_name},
        "issuer": document.issuer_name,
        "issued": timezone.localtime(document.issued_at).date().isoformat(),
    }
    if document.holder_nik_masked:
        doc["holder"]["nik"] = document.holder_nik_masked
    if document.valid_until is not None:
        doc["valid_until"] = document.valid_until.isoformat()
    doc["facts"] = [[f["label_id"], f["label_en"], f["value"]] for f in document.facts]
    return {
        "iss": settings.SITE_URL.rstrip("/"),
        "jti": document.code,
        "iat": int(document.issued_at.timestamp()),
        "doc": doc,
    }
