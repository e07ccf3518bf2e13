"""The verify page as anonymous visitors get it, kept rendered in the shared cache.

Every scanned QR code lands on `/verify/<code>`, nearly always from a phone without a session, so
the page is rendered once per code, language and day (a document expires at midnight, WIB) and
served from the cache with this response's own CSRF token put in (the catalog's home page does
the same). A revocation forgets the code's pages when it commits; `PAGE_TTL` bounds how long a
page rendered from a row read just before that commit can outlive it.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

PAGE_TTL = 300
CSRF_PLACEHOLDER = "documents-csrf-placeholder-3b9f"
_LANGUAGES = ("id", "en")


def page_cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def page_key(code: str, language: str, day: date | None = None) -> str:
    return f"documents:verify:{language}:{(day or timezone.localdate()).isoformat()}:{code}"


def page_forget(code: str) -> None:
    """Drop the code's cached pages (today's and yesterday's, around midnight), both languages."""
    today = timezone.localdate()
    cache.delete_many(
        [page_key(code, lang, day) for lang in _LANGUAGES for day in (today, today - timedelta(1))]
    )
