"""Issued documents and signing keys in the Django admin: read-only, except revocation.

A document is revoked here through `document_revoke` (the same service, permission and audit as
anywhere else), by writing the reason in the one field that is not read-only.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kotalive.core.permissions import allowed
from kotalive.documents.models import IssuedDocument, SigningKey
from kotalive.documents.policy import DOCUMENT_REVOKE
from kotalive.documents.services import REASON_MAX, document_revoke


class RevokeForm(forms.ModelForm):  # type: ignore[type-arg]
    revoke_now = forms.CharField(
        label=_("Revoke with this reason"),
        help_text=_("Shown to anyone who verifies the document. Leave empty to keep it in force."),
        required=False,
        max_length=REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    actor: Any = None

    class Meta:
        model = IssuedDocument
        fields: list[str] = []

    def clean_revoke_now(self) -> str:
        reason = " ".join(str(self.cleaned_data.get("revoke_now") or "").split())
        if reason and not allowed(self.actor, DOCUMENT_REVOKE, self.instance):
            raise forms.ValidationError(_("You may not revoke this document."))
        if reason and self.instance.revoked_at is not None:
            raise forms.ValidationError(_("This document was already revoked."))
        return reason


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(admin.ModelAdmin[IssuedDocument]):
    form = RevokeForm
    list_display = (
        "code",
        "kind",
        "number",
        "holder_name",
        "issuer_name",
        "issued_at",
        "revoked_at",
    )
    list_filter = ("kind",)
    search_fields = ("code", "number", "holder_name", "source_ref")
    date_hierarchy = "issued_at"
    readonly_fields = (
        "code",
        "kind",
        "title_id",
        "title_en",
        "number",
        "holder_name",
        "holder_nik_masked",
        "issuer",
        "issuer_name",
        "facts",
        "issued_at",
        "valid_until",
        "source_ref",
        "key",
        "pdf_sha256",
        "revoked_at",
        "revoke_reason",
        "revoked_by",
        "jws",
    )

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).defer("pdf").select_related("issuer", "key")

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        form.actor = request.user  # type: ignore[attr-defined]
        return form

    # Revoking is the one change, decided by the same policy as everywhere (`document.revoke`),
    # not by Django's model permissions.
    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) or allowed(
            request.user, DOCUMENT_REVOKE, obj
        )

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) or allowed(request.user, DOCUMENT_REVOKE)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return allowed(request.user, DOCUMENT_REVOKE, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: IssuedDocument, form: Any, change: bool
    ) -> None:
        reason = form.cleaned_data.get("revoke_now")
        if reason and request.user.is_authenticated:
            document_revoke(document=obj, reason=reason, actor=request.user)


@admin.register(SigningKey)
class SigningKeyAdmin(admin.ModelAdmin[SigningKey]):
    """Keys are made and retired by `kotalive documents_rotate_key`; the private half is hidden."""

    list_display = ("kid", "status", "created_at", "retired_at")
    fields = ("kid", "status", "public_jwk", "created_at", "retired_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
