"""Opaque bearer tokens for the mobile apps: shown once, stored hashed, revocable by the owner."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import ApiToken, User
from kotalive.core.audit import audit_record
from kotalive.core.crypto import token_hash
from kotalive.core.errors import NotFound
from kotalive.core.models import AuditEvent

TOKEN_PREFIX = "klt_"


@transaction.atomic
def api_token_create(
    *, actor: User, name: str, channel: str = AuditEvent.Channel.API, ip: str | None = None
) -> tuple[ApiToken, str]:
    """Return the stored token and its raw value; the raw value is never stored or shown again."""
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor,
        name=(name or "").strip()[:100] or _("Unnamed device"),
        token_hash=token_hash(raw),
        prefix=raw[len(TOKEN_PREFIX) : len(TOKEN_PREFIX) + 8],
    )
    audit_record(
        actor=actor,
        action="resident.token_created",
        target=token,
        channel=channel,
        ip=ip,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(
    *, actor: User, token_id: int, channel: str = AuditEvent.Channel.WEB, ip: str | None = None
) -> ApiToken:
    """Revoke one of the actor's own tokens; someone else's token is simply not found."""
    token = (
        ApiToken.objects.select_for_update()
        .filter(pk=token_id, user=actor, revoked_at__isnull=True)
        .first()
    )
    if token is None:
        raise NotFound("token_not_found", _("No such active token."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(
        actor=actor,
        action="resident.token_revoked",
        target=token,
        channel=channel,
        ip=ip,
        data={"name": token.name, "prefix": token.prefix},
    )
    return token
