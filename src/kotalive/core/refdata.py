"""Reference data kept in each process: read on every request, changed a few times a year.

The catalog (its search index and cached bodies), LAKSA categories and routing rules, the offices
they name, the kelurahan polygons: without this, every request would read them again. Each kind
(a `name`) has a version, stored in the database (`RefdataVersion`) with a copy in the shared
cache for a few seconds. Any write to one of its models sets a new random version (signals, so
the admin, the seed and a shell all count); every process compares the version before using what
it holds and loads again when it changed.

A process asks the cache for a version at most once a second, and the cache asks the database
at most every few seconds, so a change made in another process is seen within a few seconds
(even with a per-process cache, the embedded default), in the process that made it at once. The
version is set again when the writing transaction commits, so a process that loaded between the
write and the commit (and saw the old rows) loads once more. Versions are random, never counters:
a rolled-back change never lends its number to another.

What `refdata` returns is shared by the threads of a process: treat it as read-only.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import cache
from django.db import connection, models, router, transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from kotalive.core.models import RefdataVersion

VERSION_MEMO_SECONDS = 1.0
VERSION_CACHE_SECONDS = 5
_lock = threading.Lock()
_versions: dict[str, tuple[float, str]] = {}  # name -> (valid until, version)
_values: dict[tuple[str, str], tuple[str, Any]] = {}  # (name, part) -> (version, value)


def refdata_cache_key(name: str) -> str:
    """Where the cache holds `name`'s version (for a caller that fetches it with other keys)."""
    # Per database: two sites (or two test workers) sharing one Redis never mix versions.
    return f"refdata:{connection.settings_dict['NAME']}:{name}:version"


def _stored() -> QuerySet[RefdataVersion]:
    # The primary, always: a lagging replica would hand a process its own change back as old.
    return RefdataVersion.objects.using(router.db_for_write(RefdataVersion))


def refdata_version(name: str) -> str:
    now = time.monotonic()
    remembered = _versions.get(name)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    version = cache.get(refdata_cache_key(name))
    if version is None:
        row, _created = _stored().get_or_create(
            name=name, defaults={"version": secrets.token_hex(8)}
        )
        version = row.version
        cache.set(refdata_cache_key(name), version, timeout=VERSION_CACHE_SECONDS)
    _versions[name] = (now + VERSION_MEMO_SECONDS, str(version))
    return str(version)


def refdata[T](name: str, part: str, loader: Callable[[], T]) -> T:
    """`loader()`'s result, loaded again only when `name`'s version changed."""
    version = refdata_version(name)
    held = _values.get((name, part))
    if held is not None and held[0] == version:
        return cast(T, held[1])
    value = loader()
    with _lock:
        _values[(name, part)] = (version, value)
    return value


def _new_version(name: str) -> None:
    version = secrets.token_hex(8)
    _stored().update_or_create(name=name, defaults={"version": version})
    cache.set(refdata_cache_key(name), version, timeout=VERSION_CACHE_SECONDS)
    _versions.pop(name, None)


def refdata_bump(name: str) -> None:
    """Mark `name` changed: now for this process, and again when the transaction commits."""
    _new_version(name)
    transaction.on_commit(lambda: _new_version(name))


def refdata_forget() -> None:
    """Drop everything this process holds (tests: their rolled-back rows must not linger)."""
    with _lock:
        _versions.clear()
        _values.clear()


def refdata_watch(name: str, *watched: type[models.Model]) -> None:
    """Bump `name` on every save and delete of these models (call from an AppConfig.ready)."""

    def bump(sender: type, **kwargs: Any) -> None:
        if not kwargs.get("raw"):  # loading fixtures: the tables may not be complete yet
            refdata_bump(name)

    for model in watched:
        label = model._meta.label_lower
        post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"refdata-{name}-s-{label}")
        post_delete.connect(
            bump, sender=model, weak=False, dispatch_uid=f"refdata-{name}-d-{label}"
        )
