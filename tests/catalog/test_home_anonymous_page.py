"""The home page of an anonymous visitor: rendered once, with a token of its own each time."""

from __future__ import annotations

import re

from django.test import Client

from kotalive.catalog.models import Menu

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_each_anonymous_visitor_gets_the_same_page_with_its_own_working_csrf_token(seeded):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    html_1 = first.get("/").content.decode()
    html_2 = second.get("/").content.decode()
    token_1, token_2 = TOKEN.search(html_1), TOKEN.search(html_2)
    assert token_1
    assert token_2
    assert "csrftoken" in first.cookies
    assert "csrftoken" in second.cookies
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value
    assert TOKEN.sub("", html_1) == TOKEN.sub("", html_2)
    # The token in the page goes with this visitor's cookie: the language switch is accepted.
    response = first.post(
        "/i18n/setlang/", {"language": "en", "next": "/", "csrfmiddlewaretoken": token_1.group(1)}
    )
    assert response.status_code == 302


def test_the_anonymous_page_is_the_same_as_the_full_render(client, seeded):
    anonymous = client.get("/").content.decode()
    client.cookies["sessionid"] = "no-such-session"  # a session cookie takes the full render
    full = client.get("/").content.decode()
    assert TOKEN.sub("", anonymous) == TOKEN.sub("", full)


def test_a_catalog_change_shows_on_the_anonymous_home_page_at_once(client, seeded):
    assert "Kependudukan" in client.get("/").content.decode()
    menu = Menu.objects.filter(category__slug="kependudukan").first()
    assert menu is not None
    category = menu.category
    category.name_id = "Kependudukan dan Catatan Sipil Baru"
    category.save()
    assert "Kependudukan dan Catatan Sipil Baru" in client.get("/").content.decode()
