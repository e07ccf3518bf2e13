"""Catalog writes: usage counting, the per-process cache version, recently used menus."""

from __future__ import annotations

import secrets
import time
from datetime import date
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from kotalive.catalog.models import CatalogState, Menu, MenuUsageDay

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase

VERSION_KEY = "catalog:version"
VERSION_CACHE_SECONDS = 5
# Each process also remembers the version this long, so the hot paths (catalog API, search) cost
# no round trip to Redis. A change made in another process is seen here within this time.
VERSION_MEMO_SECONDS = 1.0
_memo: dict[str, tuple[float, str]] = {}
RECENT_SESSION_KEY = "catalog_recent"
RECENT_MAX = 8


def _version_key() -> str:
    # Per database, so that two sites (or two test workers) sharing one Redis never mix versions.
    return f"{VERSION_KEY}:{connection.settings_dict['NAME']}"


def catalog_version() -> str:
    """The current catalog version: every process rebuilds its search index when it changes.

    Read from the cache; on a miss, from the CatalogState row (one indexed query). The short
    timeout lets processes with a per-process cache (the embedded default) catch up within seconds.
    """
    key = _version_key()
    now = time.monotonic()
    remembered = _memo.get(key)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    version = cache.get(key)
    if version is None:
        version = CatalogState.objects.filter(pk=1).values_list("version", flat=True).first() or 0
        cache.set(key, version, timeout=VERSION_CACHE_SECONDS)
    _memo[key] = (now + VERSION_MEMO_SECONDS, str(version))
    return str(version)


def catalog_version_forget() -> None:
    """Drop this process's memory of the version: the next read asks the cache again."""
    _memo.clear()


def _forget_version() -> None:
    cache.delete(_version_key())
    catalog_version_forget()


def catalog_version_bump() -> None:
    """Mark the catalog changed. Called for every write to the catalog tables (see signals.py)."""
    # A random version, not a counter: a version is never used twice, even when a rolled-back
    # transaction or a restored database takes the row back (bodies and indexes are keyed by it).
    CatalogState.objects.update_or_create(pk=1, defaults={"version": secrets.randbits(62)})
    _forget_version()
    # Again after commit: a reader between our update and the commit cached the old version.
    transaction.on_commit(_forget_version)


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
