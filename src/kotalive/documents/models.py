"""Signing keys and the documents the city issued with them.

A document's facts are signed once, at issue, as a compact JWS; the row keeps that JWS and the PDF
bytes exactly as handed out, so that anyone can check a copy against them. Revocation is a state
of the row, never a change to what was signed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SigningKey(models.Model):
    """An Ed25519 key pair; the private half encrypted with the platform key (`core.crypto`)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RETIRED = "retired", _("Retired")

    kid = models.CharField(max_length=64, unique=True)
    # The public key as an RFC 8037 JWK: {"kty": "OKP", "crv": "Ed25519", "x": ...}.
    public_jwk = models.JSONField()
    private_key = models.TextField(help_text="core.crypto.encrypt(..., context='signing-key')")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = [
            # Exactly one key signs at a time (a rotation retires the old one in the same commit).
            models.UniqueConstraint(
                fields=["status"],
                condition=Q(status="active"),
                name="documents_one_active_key",
            ),
            models.CheckConstraint(
                condition=Q(status="active", retired_at__isnull=True)
                | Q(status="retired", retired_at__isnull=False),
                name="documents_key_retired_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kid} ({self.status})"

    def jwk(self) -> dict[str, Any]:
        """The public JWK as published in /verify/keys."""
        return {**self.public_jwk, "kid": self.kid, "use": "sig", "alg": "EdDSA"}


class IssuedDocument(models.Model):
    """One document as issued: its facts, their JWS, the PDF, and whether it was revoked."""

    code = models.CharField(max_length=24, unique=True)
    kind = models.CharField(max_length=64, db_index=True)
    title_id = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    number = models.CharField(max_length=100)
    holder_name = models.CharField(max_length=200)
    # Masked as the platform masks NIKs (`core.crypto.mask_identity_number`); never the clear NIK.
    holder_nik_masked = models.CharField(max_length=16, blank=True)
    issuer = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="+")
    # The issuer's name as signed (an office may be renamed later; the document is not).
    issuer_name = models.CharField(max_length=200)
    # [{"label_id": ..., "label_en": ..., "value": ...}, ...], in the order shown.
    facts = models.JSONField(default=list)
    issued_at = models.DateTimeField(default=timezone.now)
    valid_until = models.DateField(null=True, blank=True)
    # What the document was issued for (e.g. "applications:123"), for the issuing app's look-ups.
    source_ref = models.CharField(max_length=200, blank=True, db_index=True)
    key = models.ForeignKey(SigningKey, on_delete=models.PROTECT, related_name="documents")
    jws = models.TextField()
    pdf = models.BinaryField(editable=False)
    pdf_sha256 = models.CharField(max_length=64, db_index=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoke_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ("-issued_at", "-pk")
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoke_reason="")
                | (Q(revoked_at__isnull=False) & ~Q(revoke_reason="")),
                name="documents_revoked_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_id} {self.number} ({self.code})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, today: Any = None) -> bool:
        """Past its last valid day (in the city's time zone)."""
        if self.valid_until is None:
            return False
        return self.valid_until < (today or timezone.localdate())
