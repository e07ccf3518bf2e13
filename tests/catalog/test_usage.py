from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.catalog.models import Menu, MenuUsageDay
from kotalive.catalog.selectors import menus_popular
from kotalive.catalog.services import menu_usage_record
from tests.catalog.conftest import PHONE_UA

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
    client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
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


def test_popular_falls_back_to_the_seeded_order_without_phone_only_menus(seeded):
    slugs = [m.slug for m in menus_popular(limit=3)]
    assert slugs == ["laksa", "tangerang-cakap-kerja", "cek-status-kk-ktp"]


CRAWLERS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/120.0 Safari/537.36",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "",
]
BROWSERS = [
    PHONE_UA,
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.2 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:121.0) Gecko/20100101 Firefox/121.0",
]


@pytest.mark.parametrize("agent", CRAWLERS)
def test_a_crawler_or_script_opening_a_menu_is_not_counted(client, make_menu, agent):
    menu = make_menu()
    response = client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=agent)
    assert response.status_code == 200
    assert not MenuUsageDay.objects.filter(menu=menu).exists()


@pytest.mark.parametrize("agent", BROWSERS)
def test_a_resident_browser_is_counted(client, make_menu, agent):
    menu = make_menu()
    client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=agent)
    assert MenuUsageDay.objects.get(menu=menu).count == 1


def test_one_visitor_reopening_a_menu_counts_once_a_day(client, make_menu):
    menu = make_menu()
    other = make_menu("layanan-lain")
    for _ in range(5):
        client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
    client.get(f"/layanan/{other.slug}/", HTTP_USER_AGENT=PHONE_UA)
    assert MenuUsageDay.objects.get(menu=menu).count == 1
    assert MenuUsageDay.objects.get(menu=other).count == 1


def test_two_visitors_count_twice(client, make_menu):
    from django.test import Client

    menu = make_menu()
    client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
    Client().get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
    assert MenuUsageDay.objects.get(menu=menu).count == 2


def test_the_same_visitor_counts_again_the_next_day(rf):
    from django.contrib.sessions.backends.signed_cookies import SessionStore

    from kotalive.catalog.usage import first_open_today

    session = SessionStore()
    today = timezone.localdate()
    assert first_open_today(session=session, slug="pbb-p2", day=today)
    assert not first_open_today(session=session, slug="pbb-p2", day=today)
    assert first_open_today(session=session, slug="pbb-p2", day=today + timedelta(days=1))


def test_staff_opening_a_menu_is_not_counted(client, make_menu):
    menu = make_menu()
    officer = User.objects.create_user("petugas", "rahasia-panjang-123", kind=User.Kind.STAFF)
    client.force_login(officer)
    client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
    assert not MenuUsageDay.objects.filter(menu=menu).exists()


def test_prefetch_and_head_requests_are_not_counted(client, make_menu):
    menu = make_menu()
    client.get(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA, HTTP_SEC_PURPOSE="prefetch")
    client.head(f"/layanan/{menu.slug}/", HTTP_USER_AGENT=PHONE_UA)
    assert not MenuUsageDay.objects.filter(menu=menu).exists()


def test_popular_never_shows_a_phone_only_emergency_menu(seeded):
    today = timezone.localdate()
    for slug in ["siaga-112", "ambulans-gratis", "pemadam-kebakaran"]:
        MenuUsageDay.objects.create(menu=Menu.objects.get(slug=slug), date=today, count=1000)
    MenuUsageDay.objects.create(menu=Menu.objects.get(slug="bus-tayo"), date=today, count=3)
    popular = menus_popular(limit=8)
    assert popular[0].slug == "bus-tayo"
    assert not [m.slug for m in popular if m.category_slug == "darurat"]
