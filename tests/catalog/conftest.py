from __future__ import annotations

import pytest

from kotalive.catalog.models import Category, Menu, ServiceStandard
from kotalive.catalog.seed import seed

# What a resident's phone sends: the test client sends no user agent, which "Popular" does not
# count (usage.py: an agent-less request is a program, not a person).
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 11; SM-A025F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def seeded(db: None) -> None:
    """The full Kota Tangerang catalog, as `kotalive seed` loads it."""
    seed(log=lambda message: None)


@pytest.fixture
def category(db: None) -> Category:
    return Category.objects.create(slug="uji", name_id="Kategori Uji", name_en="Test Category")


@pytest.fixture
def make_menu(category: Category):
    def make(slug: str = "layanan-uji", **fields: object) -> Menu:
        defaults: dict[str, object] = {
            "category": category,
            "name_id": "Layanan Uji",
            "name_en": "Test Service",
            "kind": Menu.Kind.FORM,
            "is_available": False,
        }
        defaults.update(fields)
        menu = Menu.objects.create(slug=slug, **defaults)
        ServiceStandard.objects.create(
            menu=menu,
            requirements_id="KTP-el",
            requirements_en="e-ID",
            where_today_id="Kantor Uji",
            where_today_en="Test Office",
        )
        return menu

    return make
