"""Catalog writes: usage counting, the catalog's version, recently used menus."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from kotalive.catalog.models import Menu, MenuUsageDay
from kotalive.core.refdata import refdata_bump, refdata_version

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase

# The catalog is reference data (core/refdata.py): its version keys the search index and the
# cached bodies; every write to its tables bumps it (apps.py).
CATALOG_REFDATA = "catalog"
RECENT_SESSION_KEY = "catalog_recent"
RECENT_MAX = 8


def catalog_version() -> str:
    """The current catalog version: every process rebuilds its search index when it changes."""
    return refdata_version(CATALOG_REFDATA)


def catalog_version_bump() -> None:
    """Mark the catalog changed (the signals do it for every write to its tables; the seed too)."""
    refdata_bump(CATALOG_REFDATA)


def module_menus_open(*, module_key: str) -> int:
    """A module is built: its menus open it instead of saying "not online yet" (its seed calls
    this). Returns how many menus opened."""
    opened = Menu.objects.filter(module_key=module_key, is_available=False).update(
        is_available=True
    )
    if opened:
        catalog_version_bump()
    return opened


def menu_form_open(*, slug: str) -> bool:
    """A menu is served by a published service definition (the applications engine): it becomes
    an online form that opens the application page. False when no such menu exists."""
    opened = Menu.objects.filter(slug=slug).update(
        kind=Menu.Kind.FORM, module_key="applications", is_available=True
    )
    if opened:
        catalog_version_bump()
    return bool(opened)


def menu_usage_record(*, menu: Menu, day: date | None = None) -> None:
    """Count one opening of `menu` today. Atomic on SQLite and PostgreSQL alike.

    Not audited: a count with no actor is not a change to anyone's record, and logging who opened
    which menu would be exactly the personal data the counts are designed not to hold.
    """
    day = day or timezone.localdate()
    rows = MenuUsageDay.objects.filter(menu=menu, date=day)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            MenuUsageDay.objects.create(menu=menu, date=day, count=1)
    except IntegrityError:
        # Another request created today's row between our update and insert.
        rows.update(count=F("count") + 1)


def recent_menus_push(*, session: SessionBase, slug: str) -> list[str]:
    """Remember the last menus a visitor opened, newest first, in their own session only."""
    recent = [s for s in session.get(RECENT_SESSION_KEY, []) if isinstance(s, str) and s != slug]
    recent = [slug, *recent][:RECENT_MAX]
    session[RECENT_SESSION_KEY] = recent
    return recent
