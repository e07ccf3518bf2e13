"""The permission table: one entry point, `allowed(actor, permission, obj=None)`.

Core knows no roles. Each app declares its own permissions, each a rule (a predicate over the
actor and an optional object), in its own `<app>/policy.py` with `permissions_declare`; the
modules are imported once the apps are ready (`autodiscover`, from `core.apps`), as seeds and
back-office entries are found. Whoever asks (a view, the shell, another domain) names the
permission and never imports the policy that decides it. An unknown permission is refused.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from kotalive.core.errors import PermissionDenied

MODULE = "policy"

Rule = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Permission:
    """A declared permission: its name, the app that owns it and the rule that decides it."""

    name: str
    owner: str
    rule: Rule


_table: dict[str, Permission] = {}


def permissions_declare(owner: str, rules: Mapping[str, Rule]) -> None:
    """Declare `owner`'s permissions; a name belongs to one app (declaring it again replaces it
    only for the same owner, so that a re-imported module does not fail)."""
    for name, rule in rules.items():
        known = _table.get(name)
        if known is not None and known.owner != owner:
            raise ValueError(f"permission {name!r} is already declared by {known.owner}")
        _table[name] = Permission(name=name, owner=owner, rule=rule)


def allowed(actor: Any, permission: str, obj: Any = None) -> bool:
    """May `actor` do `permission` (to `obj`, when given)? Unknown permissions are refused."""
    found = _table.get(permission)
    return found is not None and bool(found.rule(actor, obj))


def require(actor: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied (403, code `forbidden`) unless `allowed(actor, permission, obj)`."""
    if not allowed(actor, permission, obj):
        raise PermissionDenied("forbidden", _("You do not have permission to do this."))


def declared() -> dict[str, Permission]:
    """Every declared permission by name (for tests and docs)."""
    return dict(_table)


def autodiscover() -> None:
    """Import `<app>.policy` of every installed KotaLive app that has one."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if config.name.startswith("kotalive.") and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
