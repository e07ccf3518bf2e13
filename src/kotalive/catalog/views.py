"""HTML pages of the catalog: home, category, menu, search. Thin: selectors read, services count."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from kotalive.catalog import selectors
from kotalive.catalog.search import MAX_QUERY_LENGTH, MenuDoc
from kotalive.catalog.services import RECENT_SESSION_KEY, menu_usage_record, recent_menus_push
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


def home(request: HttpRequest) -> HttpResponse:
    recent_slugs = (
        request.session.get(RECENT_SESSION_KEY, []) if hasattr(request, "session") else []
    )
    context = {
        "categories": _categories(),
        "popular": _cards(selectors.menus_popular(limit=8)),
        "recent": _cards(selectors.menus_by_slugs(list(recent_slugs))),
        "announcements": selectors.announcements_list(limit=3),
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
