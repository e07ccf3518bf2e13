"""Reference data kept in each process: read on every request, changed a few times a year.

LAKSA categories and routing rules, the offices they name, the kelurahan polygons: a report would
otherwise read them all from the database on every submission. Each kind (a `name`) has a version
in the shared cache (Redis in production). Any write to one of its models sets a new random
version (signals, so the admin, the seed and a shell all count); every process compares the
version before using what it holds and loads again when it changed.

A process asks the cache for a version at most once a second, so a change made in another process
is seen there within about a second; in the process that made it, at once. The version is set
again when the writing transaction commits, so a process that loaded between the write and the
commit (and saw the old rows) loads once more. Versions are random, never counters: a rolled-back
change or a restored database never gives an old number back.

What `refdata` returns is shared by the threads of a process: treat it as read-only.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Any, cast

from django.core.cache import cache
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save

VERSION_MEMO_SECONDS = 1.0
_lock = threading.Lock()
_versions: dict[str, tuple[float, str]] = {}  # name -> (valid until, version)
_values: dict[tuple[str, str], tuple[str, Any]] = {}  # (name, part) -> (version, value)


def _key(name: str) -> str:
    return f"refdata:{name}:version"


def refdata_version(name: str) -> str:
    now = time.monotonic()
    remembered = _versions.get(name)
    if remembered is not None and remembered[0] > now:
        return remembered[1]
    version = cache.get(_key(name))
    if version is None:
        # First reader since the cache was emptied: any new number does; `add` lets the first
        # of several processes win, and everyone reads the winner's.
        cache.add(_key(name), secrets.token_hex(8), timeout=None)
        version = cache.get(_key(name)) or "unknown"
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
    cache.set(_key(name), secrets.token_hex(8), timeout=None)
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
