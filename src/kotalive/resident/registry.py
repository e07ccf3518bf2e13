"""What the domains bring to the resident's hub, registered from each app's own `resident.py`.

The hub knows no domain, as the back-office shell does not: "Aktivitas saya" lists what the
registered sources return for the signed-in resident (reports today; applications, bills and job
applications as those modules arrive), and the header shows the counts registered here (the
inbox's unread messages). `autodiscover()` imports `<app>/resident.py` of every installed app
once the apps are ready, as the back office finds `<app>/backoffice.py`.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.apps import apps
from django_stubs_ext import StrOrPromise

from kotalive.accounts.models import User

MODULE = "resident"


@dataclass(frozen=True)
class Activity:
    """One thing the resident has going: what it is, where it stands, and what happens next."""

    kind: StrOrPromise
    title: str
    state: StrOrPromise
    next_step: StrOrPromise
    url: str
    updated_at: datetime
    is_open: bool = True


@dataclass(frozen=True)
class ActivitySource:
    """A module's activities: `items(user)` returns that resident's, newest change first."""

    key: str
    label: StrOrPromise
    items: Callable[[User], Iterable[Activity]]
    order: int = 100


_sources: dict[str, ActivitySource] = {}
_counts: dict[str, Callable[[User], int]] = {}


def activity_source_register(source: ActivitySource) -> None:
    """Add (or replace, by key) a source of activities."""
    _sources[source.key] = source


def count_register(key: str, count: Callable[[User], int]) -> None:
    """Add (or replace) a count shown in the hub's navigation, e.g. "inbox" (unread messages)."""
    _counts[key] = count


def activities_for(user: User) -> list[Activity]:
    """Everything `user` has going: open ones first, each group by its latest change."""
    found: list[Activity] = []
    for source in sorted(_sources.values(), key=lambda s: (s.order, s.key)):
        found.extend(source.items(user))
    found.sort(key=lambda a: a.updated_at, reverse=True)
    found.sort(key=lambda a: not a.is_open)
    return found


def count_for(key: str, user: User) -> int:
    """The registered count `key` for `user`; 0 when no module registered it."""
    count = _counts.get(key)
    return count(user) if count is not None else 0


def autodiscover() -> None:
    """Import `<app>.resident` of every installed app that has one."""
    for config in apps.get_app_configs():
        name = f"{config.name}.{MODULE}"
        if config.name != f"kotalive.{MODULE}" and importlib.util.find_spec(name) is not None:
            importlib.import_module(name)
