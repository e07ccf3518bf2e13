"""Audit events: every service that changes state calls `audit_record` in its transaction."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.db import models

from kotalive.core.db import insert_one
from kotalive.core.logging import request_id_var
from kotalive.core.models import AuditEvent

# Who may read the audit log: rules registered by the apps that know roles (accounts, through
# `kotalive.backoffice.registry`); core itself knows no roles, so with no rule nobody may.
AuditViewRule = Callable[[Any], bool]
_view_rules: dict[str, AuditViewRule] = {}


def audit_view_rule_register(key: str, rule: AuditViewRule) -> None:
    """Add a rule granting the audit log to some users (registering a key again replaces it)."""
    _view_rules[key] = rule


def audit_view_allowed(user: Any) -> bool:
    """May `user` read the audit log? Yes when any registered rule says so."""
    return any(rule(user) for rule in _view_rules.values())


class Actor(Protocol):
    """Who acted: the user model (accounts) as core sees it, without importing it."""

    @property
    def pk(self) -> Any: ...

    @property
    def audit_label(self) -> str: ...


def audit_record(
    *,
    actor: Actor | None,
    action: str,
    target: models.Model | None = None,
    channel: str = AuditEvent.Channel.SYSTEM,
    ip: str | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one audit event. `data` must never hold a NIK or KK number in clear."""
    actor_obj = actor if actor is not None and actor.pk is not None else None
    event = AuditEvent(
        actor_id=actor_obj.pk if actor_obj else None,
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
