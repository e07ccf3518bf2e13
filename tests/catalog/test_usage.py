from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.catalog.models import MenuUsageDay
from kotalive.catalog.selectors import menus_popular
from kotalive.catalog.services import menu_usage_record

pytestmark = pytest.mark.django_db


def test_usage_is_counted_per_menu_per_day(make_menu):
    menu = make_menu()
    for _ in range(3):
        menu_usage_record(menu=menu)
    yesterday = timezone.localdate() - timedelta(days=1)
    menu_usage_record(menu=menu, day=yesterday)
    assert MenuUsageDay.objects.get(menu=menu, date=timezone.localdate()).count == 3
    assert MenuUsageDay.objects.get(menu=menu, date=yesterday).count == 1


def test_usage_counts_hold_no_personal_data(client, make_menu):
    menu = make_menu()
    user = User.objects.create_user(phone="+6281234567890")
    client.force_login(user)
    client.get(f"/layanan/{menu.slug}/")
    fields = {f.name for f in MenuUsageDay._meta.get_fields()}
    assert fields == {"id", "menu", "date", "count"}
    row = MenuUsageDay.objects.get(menu=menu)
    assert row.count == 1


def test_usage_record_recovers_when_the_row_appears_concurrently(make_menu, monkeypatch):
    """Another request creates today's row between our update and our insert."""
    menu = make_menu()
    today = timezone.localdate()
    from django.db.models import QuerySet

    original_update = QuerySet.update
    calls = {"n": 0}

    def racing_update(self, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            # The competitor wins the insert; our first update found nothing.
            MenuUsageDay.objects.create(menu=menu, date=today, count=1)
            return 0
        return original_update(self, **kwargs)

    monkeypatch.setattr(QuerySet, "update", racing_update)
    menu_usage_record(menu=menu)
    monkeypatch.undo()
    assert MenuUsageDay.objects.get(menu=menu, date=today).count == 2


def test_popular_orders_by_use_in_the_last_30_days(make_menu):
    a = make_menu("menu-a", name_id="A", order=1)
    b = make_menu("menu-b", name_id="B", order=2)
    c = make_menu("menu-c", name_id="C", order=3)
    today = timezone.localdate()
    MenuUsageDay.objects.create(menu=c, date=today, count=5)
    MenuUsageDay.objects.create(menu=b, date=today - timedelta(days=3), count=2)
    MenuUsageDay.objects.create(menu=b, date=today, count=2)
    MenuUsageDay.objects.create(menu=a, date=today - timedelta(days=40), count=100)
    assert [m.slug for m in menus_popular(limit=3)] == ["menu-c", "menu-b", "menu-a"]


def test_popular_falls_back_to_the_seeded_order(seeded):
    slugs = [m.slug for m in menus_popular(limit=3)]
    assert slugs == ["laksa", "siaga-112", "ambulans-gratis"]
