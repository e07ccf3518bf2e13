"""Open311 API keys: created and revoked by Diskominfo, looked up by the hash of the key.

Only a SHA-256 of the key is stored (the key is 256 random bits, so a plain hash is enough, as
for other API tokens, see `core.crypto.token_hash`); the key itself is shown once, on creation.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import User
from kotalive.complaints.models import Open311Key
from kotalive.core.audit import audit_record
from kotalive.core.crypto import token_hash
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.models import AuditEvent

PREFIX_LENGTH = 8
MAX_NAME = 100


def open311_key_create(
    *, actor: User | None, name: str, channel: str = AuditEvent.Channel.CLI
) -> tuple[Open311Key, str]:
    """A new key for a client; returns the row and the key, which is never retrievable again."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise DomainError(
            "open311_key_name_invalid",
            _("Give the key a name of 1 to %(limit)d characters.") % {"limit": MAX_NAME},
            field="name",
        )
    # Hex, not URL-safe base64: a key (and so its prefix) must never start with "-", or
    # `open311_key revoke PREFIX` would read the prefix as an option.
    raw = secrets.token_hex(32)
    with transaction.atomic():
        key = Open311Key.objects.create(
            name=name,
            key_hash=token_hash(raw),
            prefix=raw[:PREFIX_LENGTH],
            created_by=actor if actor is not None and actor.pk else None,
        )
        audit_record(
            actor=actor,
            action="open311.key_created",
            target=key,
            channel=channel,
            data={"name": name, "prefix": key.prefix},
        )
    return key, raw


def open311_key_revoke(
    *, actor: User | None, key: Open311Key, channel: str = AuditEvent.Channel.CLI
) -> Open311Key:
    with transaction.atomic():
        key = Open311Key.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            audit_record(
                actor=actor,
                action="open311.key_revoked",
                target=key,
                channel=channel,
                data={"name": key.name, "prefix": key.prefix},
            )
    return key


def open311_key_by_prefix(*, prefix: str) -> Open311Key:
    found = list(Open311Key.objects.filter(prefix=prefix)[:2])
    if not found:
        raise NotFound(
            "open311_key_unknown", _("No key starts with %(prefix)s.") % {"prefix": prefix}
        )
    if len(found) > 1:
        raise DomainError(
            "open311_key_ambiguous",
            _("Several keys start with %(prefix)s; revoke it in the admin.") % {"prefix": prefix},
        )
    return found[0]


def open311_keys() -> QuerySet[Open311Key]:
    return Open311Key.objects.order_by("-created_at")


def open311_key_check(raw: str | None) -> Open311Key:
    """The live key for this secret, or PermissionDenied (missing, unknown or revoked alike)."""
    key = None
    if raw:
        key = Open311Key.objects.filter(key_hash=token_hash(raw), revoked_at__isnull=True).first()
    if key is None:
        raise PermissionDenied("api_key_invalid", _("A valid api_key is required."))
    now = timezone.now()
    # One write a minute at most: the column says "in use", not "every request".
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        Open311Key.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key
