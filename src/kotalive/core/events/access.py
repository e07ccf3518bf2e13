"""Who may listen where: `public` for all, `user:<id>` for that user; other scopes by rule.

Core knows no organisations: the app that owns a scope registers its rule (the `org:` rule comes
from accounts through `kotalive.backoffice.registry`). A scope without a rule admits nobody.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kotalive.core.events.base import CHANNEL_RE

# (user, id in the channel name) -> may this signed-in, active user listen?
ChannelRule = Callable[[Any, int], bool]

_rules: dict[str, ChannelRule] = {}


def channel_rule_register(scope: str, rule: ChannelRule) -> None:
    """Let `rule` decide who listens on `<scope>:<id>` channels (registering again replaces)."""
    if scope in {"public", "user"}:
        raise ValueError(f"the {scope!r} scope is built in")
    _rules[scope] = rule


def channel_access_check(*, user: Any, channel: str) -> bool:
    if not CHANNEL_RE.match(channel):
        return False
    if channel == "public":
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    scope, _, raw_id = channel.partition(":")
    if scope == "user":
        return bool(int(raw_id) == user.pk)
    rule = _rules.get(scope)
    return rule is not None and rule(user, int(raw_id))
