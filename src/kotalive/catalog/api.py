"""Public catalog API: lists, search and menu detail, cacheable with ETag and Cache-Control."""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from ninja import Path, Query, Router
from pydantic import TypeAdapter

from kotalive.catalog import selectors
from kotalive.catalog.labels import Status
from kotalive.catalog.models import Menu
from kotalive.catalog.schemas import (
    AnnouncementOut,
    CategoryOut,
    MenuDetailOut,
    MenuOut,
    MenuPageOut,
    ProblemOut,
    SearchOut,
)
from kotalive.catalog.search import MAX_QUERY_LENGTH, MenuDoc
from kotalive.catalog.services import catalog_version
from kotalive.core.http import current_language
from kotalive.core.pagination import PageNumber, PageSize

router = Router(tags=["catalog"])

CACHE_CONTROL = "public, max-age=60"
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
COMMON: dict[int | str, Any] = {304: None, 422: ProblemOut}
# Bodies kept per process, by ETag: at most this many (about 3 MB for the largest pages).
BODY_CACHE_ENTRIES = 256
GZIP_MIN_BYTES = 200
_ACCEPTS_GZIP = re.compile(r"\bgzip\b")
CATEGORIES: TypeAdapter[Any] = TypeAdapter(list[CategoryOut])
MENU_PAGE: TypeAdapter[Any] = TypeAdapter(MenuPageOut)
SEARCH: TypeAdapter[Any] = TypeAdapter(SearchOut)
MENU_DETAIL: TypeAdapter[Any] = TypeAdapter(MenuDetailOut)
ANNOUNCEMENTS: TypeAdapter[Any] = TypeAdapter(list[AnnouncementOut])
MENUS: TypeAdapter[Any] = TypeAdapter(list[MenuOut])


def _etag(request: HttpRequest, *extra: str) -> str:
    raw = "|".join(
        (catalog_version(), current_language(), request.path, request.GET.urlencode(), *extra)
    )
    return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'


def _headers(response: HttpResponse, etag: str) -> None:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response["Content-Language"] = current_language()
    patch_vary_headers(response, ("Accept-Language",))


class _Bodies:
    """JSON bodies and their gzip, by ETag, in this process: a least-recently-used dictionary.

    The body of a tag never changes (the tag covers the catalog version, language, path and
    query), so a hit is always current. In-process, not in Redis: the hot path then costs no
    round trip and no compression (about 0.4 ms of 1 ms per request before).
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._entries: OrderedDict[str, tuple[bytes, bytes | None]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> tuple[bytes, bytes | None] | None:
        with self._lock:
            entry = self._entries.get(etag)
            if entry is not None:
                self._entries.move_to_end(etag)
            return entry

    def put(self, etag: str, body: bytes) -> tuple[bytes, bytes | None]:
        # mtime=0: the same body always compresses to the same bytes.
        packed = gzip.compress(body, mtime=0) if len(body) >= GZIP_MIN_BYTES else None
        entry = (body, packed)
        with self._lock:
            self._entries[etag] = entry
            self._entries.move_to_end(etag)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return entry


_bodies = _Bodies(BODY_CACHE_ENTRIES)


def _conditional(
    request: HttpRequest,
    response: HttpResponse,
    build: Callable[[], Any],
    shape: TypeAdapter[Any],
    *extra: str,
) -> Any:
    """Answer 304 when the client's copy is current, else the body for this tag (gzip if asked)."""
    etag = _etag(request, *extra)
    client = request.headers.get("If-None-Match", "")
    # A gzip answer carries the weak form of the tag ("W/..."); a weak match is enough for a GET.
    tags = {tag.strip().removeprefix("W/") for tag in client.split(",")}
    if etag in tags or client.strip() == "*":
        not_modified = HttpResponse(status=304)
        _headers(not_modified, etag)
        return not_modified
    entry = _bodies.get(etag) or _bodies.put(etag, shape.dump_json(shape.validate_python(build())))
    body, packed = entry
    if packed is not None and _ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        answer = HttpResponse(packed, content_type="application/json; charset=utf-8")
        answer["Content-Encoding"] = "gzip"
        _headers(answer, "W/" + etag)
    else:
        answer = HttpResponse(body, content_type="application/json; charset=utf-8")
        _headers(answer, etag)
    patch_vary_headers(answer, ("Accept-Encoding",))
    return answer


def _menu_out(doc: MenuDoc, lang: str) -> dict[str, Any]:
    return {
        "slug": doc.slug,
        "category": doc.category_slug,
        "kind": doc.kind,
        "icon": doc.icon,
        "name": doc.name(lang),
        "description": doc.description(lang),
        "access": doc.access,
        "is_available": doc.is_available,
        "external_url": doc.external_url or None,
        "office": doc.office_abbrev,
        **_status_out(doc.status),
    }


def _status_out(status: Status) -> dict[str, str]:
    return {"status": status.key, "status_label": str(status.label)}


def _menu_detail(menu: Menu, lang: str) -> dict[str, Any]:
    standard = getattr(menu, "standard", None)
    return {
        "slug": menu.slug,
        "category": menu.category.slug,
        "kind": menu.kind,
        "icon": menu.icon,
        "name": menu.name,
        "description": menu.description,
        "access": menu.access,
        "is_available": menu.is_available,
        "external_url": menu.external_url or None,
        "office": menu.office_abbrev,
        **_status_out(menu.status),
        "office_name": menu.office_name,
        "module_key": menu.module_key,
        "source": menu.source,
        "standard": standard.localised(lang) if standard is not None else None,
    }


@router.get(
    "/categories", response={200: list[CategoryOut], **COMMON}, auth=None, summary="Categories"
)
def list_categories(request: HttpRequest, response: HttpResponse) -> Any:
    lang = current_language()
    return _conditional(
        request,
        response,
        lambda: [
            {"slug": c.slug, "name": c.name(lang), "icon": c.icon, "menu_count": c.menu_count}
            for c in selectors.categories_list()
        ],
        CATEGORIES,
    )


@router.get(
    "/menus",
    response={200: MenuPageOut, 404: ProblemOut, **COMMON},
    auth=None,
    summary="Menus, a page at a time (page_size at most 100)",
)
def list_menus(
    request: HttpRequest,
    response: HttpResponse,
    page: PageNumber = 1,
    page_size: PageSize = 20,
    category: Annotated[str | None, Query(max_length=60, pattern=SLUG_PATTERN)] = None,
) -> Any:
    if category:
        selectors.category_get(slug=category)  # unknown category: 404, not an empty page
    lang = current_language()

    def build() -> dict[str, Any]:
        menus = selectors.menus_list(category=category)
        start = (page - 1) * page_size
        items = menus[start : start + page_size]
        return {
            "items": [_menu_out(m, lang) for m in items],
            "page": page,
            "page_size": page_size,
            "total": len(menus),
            "next_page": page + 1 if start + page_size < len(menus) else None,
        }

    return _conditional(request, response, build, MENU_PAGE)


@router.get(
    "/menus/search",
    response={200: SearchOut, **COMMON},
    auth=None,
    summary="Search menus (Indonesian or English, forgiving typos)",
)
def search_menus(
    request: HttpRequest,
    response: HttpResponse,
    q: Annotated[str, Query(min_length=1, max_length=MAX_QUERY_LENGTH)],
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> Any:
    lang = current_language()
    return _conditional(
        request,
        response,
        lambda: {
            "query": q,
            "items": [_menu_out(m, lang) for m in selectors.menus_search(query=q, limit=limit)],
        },
        SEARCH,
    )


@router.get(
    "/menus/{slug}",
    response={200: MenuDetailOut, 404: ProblemOut, **COMMON},
    auth=None,
    summary="One menu with its service standard",
)
def get_menu(
    request: HttpRequest,
    response: HttpResponse,
    slug: Annotated[str, Path(max_length=80)],
) -> Any:
    menu = selectors.menu_get(slug=slug)
    return _conditional(
        request, response, lambda: _menu_detail(menu, current_language()), MENU_DETAIL
    )


@router.get(
    "/announcements",
    response={200: list[AnnouncementOut], **COMMON},
    auth=None,
    summary="Current announcements",
)
def list_announcements(request: HttpRequest, response: HttpResponse) -> Any:
    return _conditional(
        request,
        response,
        lambda: [
            {"id": a.pk, "title": a.title, "body": a.body, "published_at": a.published_at}
            for a in selectors.announcements_list(limit=10)
        ],
        ANNOUNCEMENTS,
    )


@router.get(
    "/popular",
    response={200: list[MenuOut], **COMMON},
    auth=None,
    summary="Most used menus in the last 30 days",
)
def list_popular(
    request: HttpRequest,
    response: HttpResponse,
    limit: Annotated[int, Query(ge=1, le=50)] = 8,
) -> Any:
    lang = current_language()
    popular = selectors.menus_popular(limit=limit)
    # Usage changes without a catalog change, so the list itself is part of the tag.
    return _conditional(
        request,
        response,
        lambda: [_menu_out(m, lang) for m in popular],
        MENUS,
        ",".join(m.slug for m in popular),
    )
