"""Catalog reads. The catalog is public (no actor needed): every reader sees the same menus.

Lists come from the in-memory index (search.py), so the home page and the API cost no SQL beyond
the usage counts and announcements; a menu page reads its one menu and standard from the database.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotalive.catalog.labels import EMERGENCY_CATEGORY, is_emergency
from kotalive.catalog.models import Announcement, Menu, MenuUsageDay
from kotalive.catalog.search import CategoryDoc, MenuDoc, get_index, search_menus
from kotalive.core.errors import NotFound

POPULAR_DAYS = 30


def categories_list() -> list[CategoryDoc]:
    return [c for c in get_index().categories if c.menu_count]


def category_get(*, slug: str) -> CategoryDoc:
    for category in get_index().categories:
        if category.slug == slug:
            return category
    raise NotFound("category_not_found", _("There is no such category."))


def menus_list(*, category: str | None = None) -> list[MenuDoc]:
    menus = get_index().menus
    if category:
        return [m for m in menus if m.category_slug == category]
    return list(menus)


def menus_by_slugs(slugs: list[str]) -> list[MenuDoc]:
    by_slug = get_index().by_slug
    return [by_slug[s] for s in slugs if s in by_slug]


def menus_search(*, query: str, limit: int = 20) -> list[MenuDoc]:
    return search_menus(query, limit=limit)


def menu_get(*, slug: str) -> Menu:
    """The full menu with its service standard; unknown or inactive slugs are NotFound."""
    menu = (
        Menu.objects.filter(slug=slug, is_active=True)
        .select_related("category", "standard", "office")
        .first()
    )
    if menu is None:
        raise NotFound("menu_not_found", _("There is no such menu."))
    return menu


def menus_popular(*, limit: int = 8) -> list[MenuDoc]:
    """Most opened by residents in the last 30 days; topped up with the city's featured order.

    Emergency menus are left out: their service is a phone call, which the home page offers as
    its own call buttons, not a card that looks like an online service.
    """
    since = timezone.localdate() - timedelta(days=POPULAR_DAYS - 1)
    used = (
        MenuUsageDay.objects.filter(date__gte=since, menu__is_active=True)
        .exclude(menu__category__slug=EMERGENCY_CATEGORY)
        .values("menu__slug")
        .annotate(total=Sum("count"))
        .order_by("-total", "menu__slug")[:limit]
    )
    slugs = [row["menu__slug"] for row in used]
    popular = menus_by_slugs(slugs)
    if len(popular) < limit:
        seen = set(slugs)
        popular += [
            m for m in get_index().menus if m.slug not in seen and not is_emergency(m.category_slug)
        ][: limit - len(popular)]
    return popular


def announcements_list(*, limit: int = 5) -> list[Announcement]:
    return list(
        Announcement.objects.filter(is_active=True, published_at__lte=timezone.now()).order_by(
            "-published_at"
        )[:limit]
    )
