"""What the domains bring to the back office, registered from each app's own `backoffice.py`.

The shell knows no domain: it draws the menu and the dashboard from what is registered here, and
asks each entry's own check (a policy function of the domain) whether the staff member sees it.
`autodiscover()` imports `<app>/backoffice.py` of every installed app once the apps are ready,
as seeds (`<app>/seed.py`) and data rights (`<app>/data_rights.py`) are found.

Event-channel rules and audit-view rights are consumed by core (the SSE server, the admin), which
must not import this app; they are stored there and registered through here, so that a domain
has one place to plug into.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.urls import URLPattern
from django_stubs_ext import StrOrPromise

from kotalive.accounts.models import User
from kotalive.core.audit import AuditViewRule, audit_view_rule_register
from kotalive.core.events.access import ChannelRule, channel_rule_register

MODULE = "backoffice"

Check = Callable[[User], bool]


@dataclass(frozen=True)
class MenuEntry:
    """A link in the back office's menu, shown to whom `allowed` admits."""

    key: str
    label: StrOrPromise
    url_name: str
    allowed: Check
    order: int = 100


@dataclass(frozen=True)
class Tile:
    """A dashboard tile: `context(user)` is the template's context, or None to hide the tile."""

    key: str
    template: str
    context: Callable[[User], Mapping[str, Any] | None]
    order: int = 100


@dataclass(frozen=True)
class ShownTile:
    template: str
    context: Mapping[str, Any]


_menu: dict[str, MenuEntry] = {}
_tiles: dict[str, Tile] = {}
_pages: dict[str, URLPattern] = {}


def menu_entry_register(entry: MenuEntry) -> None:
    """Add (or replace, by key) a menu entry."""
    _menu[entry.key] = entry


def tile_register(tile: Tile) -> None:
    """Add (or replace, by key) a dashboard tile."""
    _tiles[tile.key] = tile


def pages_register(patterns: Sequence[URLPattern]) -> None:
    """Add pages under /staff/ in the `staff:` URL namespace (for apps whose pages kept it)."""
    for pattern in patterns:
        if not pattern.name:
            raise ValueError("a back-office page needs a URL name")
        _pages[pattern.name] = pattern


def channel_rule(scope: str, rule: ChannelRule) -> None:
    """Decide who listens on `<scope>:<id>` event channels (see core/events/access.py)."""
    channel_rule_register(scope, rule)


def audit_view_right(key: str, rule: AuditViewRule) -> None:
    """Grant the audit log to the users `rule` admits (see core/audit.py)."""
    audit_view_rule_register(key, rule)


def menu_for(user: User) -> list[MenuEntry]:
    """The entries `user` may see, in order."""
    entries = sorted(_menu.values(), key=lambda e: (e.order, e.key))
    return [e for e in entries if e.allowed(user)]


def tiles_for(user: User) -> list[ShownTile]:
    """The tiles shown to `user`, in order, each with its context."""
    shown = []
    for tile in sorted(_tiles.values(), key=lambda t: (t.order, t.key)):
        context = tile.context(user)
        if context is not None:
            shown.append(ShownTile(template=tile.template, context=context))
    return shown


def page_patterns() -> list[URLPattern]:
    return list(_pages.values())


def autodiscover() -> None:
    """Import `<app>.backoffice` of every installed app that has one."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
