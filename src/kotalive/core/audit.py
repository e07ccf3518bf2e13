"""Audit events: every service that changes state calls `audit_record` in its transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from kotalive.core.db import insert_one
from kotalive.core.logging import request_id_var
from kotalive.core.models import AuditEvent

if TYPE_CHECKING:
    from kotalive.accounts.models import User


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    channel: str = AuditEvent.Channel.SYSTEM,
    ip: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `data` must never hold a NIK or KK number in clear."""
    actor_obj = actor if actor is not None and actor.pk is not None else None
    event = AuditEvent(
        actor=actor_obj,
        actor_label=actor_obj.audit_label if actor_obj else "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        channel=channel,
        request_id=request_id_var.get() if request_id_var.get() != "-" else "",
        ip=ip,
        data=data or {},
    )
    insert_one(event)
    return event
