"""A short shared cache of the public Open311 reads (docs/open311.md, "Speed").

Partners and researchers poll the same lists and requests again and again; what they read changes
far less often than they ask. A 200 answer of GET `requests` and `requests/{id}` is kept for
`OPEN311_READ_CACHE_SECONDS` under its full URL (scheme, host, path and query string: `media_url`
is absolute), its format and the language it was written in, together with the version of the
cases it was built from. Every change to a case, its filing included, goes through
`services.common.record_event`, which calls `open311_reads_changed`: when its transaction commits
the version is new, and every kept answer is stale at once. So a new case, a triage, an approved
photo, a reply or a merge shows in the next answer; what changes outside the services (the Django
admin, a shell, `laksa_fill`) shows within the cache time, as would a read replica's lag.

Not kept: lists by `service_request_id` (a partner reading what it has just filed, perhaps from a
replica that has not caught up) and any answer but a 200. An answer holds only what anyone may read
(no cookie, key or session is read on these GETs), so sharing it between callers shows nobody
anything they could not read themselves.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse


def _version_key() -> str:
    # Per database, as refdata's versions: two sites (or test workers) on one Redis never mix.
    return f"open311:reads:{connection.settings_dict['NAME']}:version"


def _new_version() -> str:
    version = secrets.token_hex(8)
    cache.set(_version_key(), version, timeout=None)
    return version


def open311_reads_changed() -> None:
    """A case changed: answers kept before the transaction commits are stale after it."""
    if settings.OPEN311_READ_CACHE_SECONDS:
        transaction.on_commit(_new_version)


def open311_read_cached(
    request: HttpRequest, *, fmt: str, lang: str, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """`build()`'s answer, or the one kept for this URL, format and language at this version."""
    seconds = int(settings.OPEN311_READ_CACHE_SECONDS)
    if not seconds or request.method not in ("GET", "HEAD"):
        return build()
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(f"{fmt}\n{lang}\n{url}".encode()).hexdigest()
    key, version_key = f"open311:read:{digest}", _version_key()
    # One round trip for the version and the answer; the answer is kept with its version.
    found = cache.get_many([version_key, key])
    version = found.get(version_key) or _new_version()
    entry = found.get(key)
    if isinstance(entry, tuple) and len(entry) == 3 and entry[0] == version:
        return HttpResponse(entry[1], content_type=entry[2])
    response = build()
    if response.status_code == 200:
        cache.set(key, (version, response.content, response["Content-Type"]), seconds)
    return response
