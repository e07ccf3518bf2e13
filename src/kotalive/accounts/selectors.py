"""Reads about a resident, always for the actor themself."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kotalive.accounts.models import ApiToken, ResidentIdentity, User
from kotalive.civil_registry.registry import PersonRecord, get_registry
from kotalive.core.crypto import decrypt
from kotalive.core.errors import DomainError


def identity_of(*, actor: User) -> ResidentIdentity | None:
    return (
        ResidentIdentity.objects.select_related("kelurahan__kecamatan").filter(user=actor).first()
    )


def household_of(*, actor: User) -> list[PersonRecord]:
    """The members of the actor's KK, from the registry; refused until the NIK is verified."""
    identity = identity_of(actor=actor)
    if identity is None:
        raise DomainError(
            "identity_required",
            _("Verify your NIK first to see your household."),
            status=403,
        )
    return get_registry().household(kk=decrypt(identity.kk_encrypted, context="kk"))


def api_tokens_of(*, actor: User, include_revoked: bool = False) -> QuerySet[ApiToken]:
    tokens = ApiToken.objects.filter(user=actor).order_by("-created_at", "-id")
    return tokens if include_revoked else tokens.filter(revoked_at__isnull=True)
