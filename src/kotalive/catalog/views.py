"""HTML pages of the catalog: home, category, menu, search. Thin: selectors read, services count."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from kotalive.catalog import selectors
from kotalive.catalog.labels import is_emergency, numbered_steps, site_name, source_parts, tel_href
from kotalive.catalog.modules import module_url
from kotalive.catalog.search import MAX_QUERY_LENGTH, MenuDoc
from kotalive.catalog.services import (
    CATALOG_REFDATA,
    RECENT_SESSION_KEY,
    catalog_version,
    menu_usage_record,
    recent_menus_push,
)
from kotalive.catalog.usage import counts_as_resident_use
from kotalive.core.errors import NotFound
from kotalive.core.http import current_language
from kotalive.core.refdata import refdata_cache_key


def _cards(docs: list[MenuDoc]) -> list[dict[str, Any]]:
    lang = current_language()
    return [
        {
            "slug": d.slug,
            "name": d.name(lang),
            "description": d.description(lang),
            "icon": d.icon,
            "kind": d.kind,
            "is_available": d.is_available,
            "status": d.status,
        }
        for d in docs
    ]


def _categories() -> list[dict[str, Any]]:
    lang = current_language()
    return [
        {"slug": c.slug, "name": c.name(lang), "icon": c.icon, "count": c.menu_count}
        for c in selectors.categories_list()
    ]


# The shared part of the home page (categories, popular, announcements) is the same for every
# visitor of a language: rendered once a minute, or at once when the catalog changes.
HOME_SECTIONS_TTL = 60


def _home_sections() -> str:
    key = f"catalog:home:{current_language()}:{catalog_version()}"
    html: str | None = cache.get(key)
    if html is None:
        html = render_to_string(
            "catalog/_home_sections.html",
            {
                "categories": _categories(),
                "popular": _cards(selectors.menus_popular(limit=8)),
                "announcements": selectors.announcements_list(limit=3),
            },
        )
        cache.set(key, html, HOME_SECTIONS_TTL)
    return html


# A visitor without a session or messages cookie sees exactly the anonymous page of the language:
# nothing on it is theirs except the CSRF token of the language form. That page is rendered once
# (per language and catalog version, for HOME_SECTIONS_TTL like its sections) with a placeholder
# where the token goes, and each response gets its own token put in. It is the hot path: the home
# page is what most visitors open first, and the full render (base.html included) is most of its
# cost. Anyone with a session (signed in, recent menus, a language choice...) gets the full render.
_CSRF_PLACEHOLDER = "__kotalive_csrf_token__"


def _anonymous_page_cacheable(request: HttpRequest) -> bool:
    return (
        request.method in ("GET", "HEAD")
        and not request.GET
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
    )


def _anonymous_home(request: HttpRequest) -> HttpResponse:
    # One cache round trip for both the catalog version and the page (stored with the version it
    # was rendered for); the version's own lookup, with its database fallback, only on a miss.
    key = f"catalog:home-page:{current_language()}:{request.path}"
    version_key = refdata_cache_key(CATALOG_REFDATA)
    found = cache.get_many([version_key, key])
    version = str(found[version_key]) if version_key in found else catalog_version()
    entry = found.get(key)
    html = entry[1] if isinstance(entry, tuple) and entry[0] == version else None
    if html is None:
        context = {
            "sections": mark_safe(_home_sections()),  # noqa: S308 - our own rendered template
            "recent": [],
            "csrf_token": _CSRF_PLACEHOLDER,
        }
        html = render_to_string("catalog/home.html", context, request)
        # A CSP nonce belongs to one response: a page that carries one cannot be shared.
        if "nonce=" not in html:
            cache.set(key, (version, html), HOME_SECTIONS_TTL)
    # What a full render does for this visitor, so headers and cookies stay the same: the session
    # is looked at (empty: no cookie), and the CSRF cookie is set with this response's own token.
    request.session.get(RECENT_SESSION_KEY)
    return HttpResponse(html.replace(_CSRF_PLACEHOLDER, get_token(request)))


def home(request: HttpRequest) -> HttpResponse:
    if hasattr(request, "session") and _anonymous_page_cacheable(request):
        return _anonymous_home(request)
    recent_slugs = (
        request.session.get(RECENT_SESSION_KEY, []) if hasattr(request, "session") else []
    )
    context = {
        "sections": mark_safe(_home_sections()),  # noqa: S308 - our own rendered template
        # No slugs, no lookup (the search index behind it costs a cache round trip).
        "recent": _cards(selectors.menus_by_slugs(list(recent_slugs))) if recent_slugs else [],
    }
    return render(request, "catalog/home.html", context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        cat = selectors.category_get(slug=slug)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    context = {
        "category": {"slug": cat.slug, "name": cat.name(current_language()), "icon": cat.icon},
        "menus": _cards(selectors.menus_list(category=cat.slug)),
    }
    return render(request, "catalog/category.html", context)


def menu(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = selectors.menu_get(slug=slug)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    if counts_as_resident_use(request, slug=item.slug, day=timezone.localdate()):
        menu_usage_record(menu=item)
    recent_menus_push(session=request.session, slug=item.slug)
    standard = item.standard.localised(current_language()) if hasattr(item, "standard") else None
    context = {
        "menu": item,
        "category_name": selectors.category_get(slug=item.category.slug).name(current_language()),
        "standard": standard,
        "module_url": module_url(item),
        "status": item.status,
        "emergency": is_emergency(item.category.slug),
        # A number other than 112 (whose buttons every emergency page has) gets its own button.
        "call_href": tel_href(item.call_number) if item.call_number not in ("", "112") else "",
        "site_name": site_name(item.external_url) if item.external_url else "",
    }
    context["source_text"], context["source_url"] = source_parts(item.source)
    context["procedure_steps"] = numbered_steps(standard["procedure"]) if standard else []
    return render(request, "catalog/menu.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = _cards(selectors.menus_search(query=query, limit=30)) if query else []
    context = {"q": query, "results": results}
    template = "catalog/search.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)
