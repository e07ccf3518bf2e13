"""HTML pages of the catalog: home, category, menu, search. Thin: selectors read, services count."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from kotalive.catalog import selectors
from kotalive.catalog.search import MAX_QUERY_LENGTH, MenuDoc
from kotalive.catalog.services import (
    RECENT_SESSION_KEY,
    catalog_version,
    menu_usage_record,
    recent_menus_push,
)
from kotalive.core.errors import NotFound


def _lang() -> str:
    return (get_language() or "id")[:2]


def _cards(docs: list[MenuDoc]) -> list[dict[str, Any]]:
    lang = _lang()
    return [
        {
            "slug": d.slug,
            "name": d.name(lang),
            "description": d.description(lang),
            "icon": d.icon,
            "kind": d.kind,
            "is_available": d.is_available,
        }
        for d in docs
    ]


def _categories() -> list[dict[str, Any]]:
    lang = _lang()
    return [
        {"slug": c.slug, "name": c.name(lang), "icon": c.icon, "count": c.menu_count}
        for c in selectors.categories_list()
    ]


# The shared part of the home page (categories, popular, announcements) is the same for every
# visitor of a language: rendered once a minute, or at once when the catalog changes.
HOME_SECTIONS_TTL = 60


def _home_sections() -> str:
    key = f"catalog:home:{_lang()}:{catalog_version()}"
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


def home(request: HttpRequest) -> HttpResponse:
    recent_slugs = (
        request.session.get(RECENT_SESSION_KEY, []) if hasattr(request, "session") else []
    )
    context = {
        "sections": mark_safe(_home_sections()),  # noqa: S308 - our own rendered template
        "recent": _cards(selectors.menus_by_slugs(list(recent_slugs))),
    }
    return render(request, "catalog/home.html", context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        cat = selectors.category_get(slug=slug)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    context = {
        "category": {"slug": cat.slug, "name": cat.name(_lang()), "icon": cat.icon},
        "menus": _cards(selectors.menus_list(category=cat.slug)),
    }
    return render(request, "catalog/category.html", context)


def menu(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        item = selectors.menu_get(slug=slug)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    menu_usage_record(menu=item)
    recent_menus_push(session=request.session, slug=item.slug)
    standard = item.standard.localised(_lang()) if hasattr(item, "standard") else None
    context = {
        "menu": item,
        "category_name": selectors.category_get(slug=item.category.slug).name(_lang()),
        "standard": standard,
    }
    return render(request, "catalog/menu.html", context)


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = _cards(selectors.menus_search(query=query, limit=30)) if query else []
    context = {"q": query, "results": results}
    template = "catalog/search.html"
    if request.headers.get("HX-Request"):
        template += "#results"
    return render(request, template, context)
