"""The installable app: manifest, service worker and offline page, as a browser receives them."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

pytestmark = pytest.mark.django_db


def test_manifest_is_json_with_the_fields_an_install_needs(client: Client) -> None:
    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = json.loads(response.content)
    assert data["name"] == "Tangerang LIVE"
    assert 0 < len(data["short_name"]) <= 12
    assert data["start_url"] == "/"
    assert data["scope"] == "/"
    assert data["display"] == "standalone"
    assert data["lang"] == "id"
    assert re.fullmatch(r"#[0-9a-f]{6}", data["theme_color"])
    assert re.fullmatch(r"#[0-9a-f]{6}", data["background_color"])
    assert data["description"] == "Semua layanan publik Kota Tangerang dalam satu tempat."
    sizes = {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    assert any(icon.get("purpose") == "maskable" for icon in data["icons"])


def test_manifest_icons_exist_as_pngs_of_their_stated_size(client: Client) -> None:
    data = json.loads(client.get("/manifest.webmanifest").content)

    for icon in data["icons"]:
        name = icon["src"].removeprefix("/static/")
        found = finders.find(name)
        assert isinstance(found, str), icon["src"]
        with open(found, "rb") as handle:
            header = handle.read(24)
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width = int.from_bytes(header[16:20], "big")
        height = int.from_bytes(header[20:24], "big")
        assert f"{width}x{height}" == icon["sizes"]


def test_manifest_stays_in_indonesian_whatever_the_browser_language(client: Client) -> None:
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="en")

    assert json.loads(response.content)["lang"] == "id"
    assert "Semua layanan publik" in json.loads(response.content)["description"]


def test_service_worker_is_served_from_the_root_with_root_scope_and_no_cache(
    client: Client,
) -> None:
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    body = response.content.decode()
    assert "{%" not in body
    assert "{{" not in body


def test_service_worker_precaches_the_shell_and_the_offline_page(client: Client) -> None:
    body = client.get("/sw.js").content.decode()

    precache = json.loads(re.search(r"const PRECACHE = (\[.*?\]);", body).group(1))  # type: ignore[union-attr]
    assert "/offline/" in precache
    assert "/static/kotalive/app.css" in precache
    assert "/static/kotalive/app.js" in precache
    assert any(url.endswith(".png") for url in precache)
    # Nothing personal or from the API is ever stored by the worker.
    assert not any(url.startswith(("/api/", "/profil", "/masuk")) for url in precache)
    assert 'startsWith("/api/")' in body


def _listed(body: str, name: str) -> list[str]:
    found = re.search(rf"const {name} = (\[.*?\]);", body)
    assert found is not None, name
    listed: list[str] = json.loads(found.group(1))
    return listed


def test_service_worker_keeps_the_pages_that_must_open_offline(client: Client) -> None:
    body = client.get("/sw.js").content.decode()

    # As last seen when visited: the home page, the report form and "my reports".
    assert _listed(body, "PAGES") == ["/", "/lapor/", "/lapor/saya/"]
    # Fetched for offline use: the drafts list and the emergency menus with their call buttons,
    # with the files the drafts list needs.
    extras = _listed(body, "EXTRAS")
    assert {"/lapor/draf/", "/layanan/siaga-112/", "/layanan/ambulans-gratis/"} <= set(extras)
    assert {"/static/complaints/outbox.js", "/static/complaints/drafts.js"} <= set(extras)
    assert not any(url.startswith(("/api/", "/profil", "/masuk")) for url in extras)
    # Someone signing in or out drops the kept personal pages.
    assert set(_listed(body, "SIGN_IN_OUT")) == {"/masuk/", "/keluar/", "/profil/hapus/"}
    assert "caches.delete(PAGES_CACHE)" in body


def test_the_drafts_page_is_public_and_holds_nothing_personal(client: Client) -> None:
    response = client.get("/lapor/draf/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "complaints/outbox.js" in page
    assert "complaints/drafts.js" in page
    assert 'id="draft-list"' in page


def test_service_worker_cache_name_is_versioned(client: Client) -> None:
    body = client.get("/sw.js").content.decode()

    assert re.search(r'const CACHE = "kotalive-shell-[0-9a-f]{12}";', body)
    # Old versions are deleted when a new worker takes over.
    assert "caches.delete" in body


def test_service_worker_refuses_other_methods(client: Client) -> None:
    assert client.post("/sw.js").status_code == 405


def test_offline_page_is_indonesian_by_default_and_names_the_emergency_number(
    client: Client,
) -> None:
    response = client.get("/offline/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Anda sedang luring" in html
    assert 'href="tel:112"' in html
    assert "no-cache" in response["Cache-Control"]


def test_offline_page_follows_the_chosen_language(client: Client) -> None:
    client.cookies["django_language"] = "en"
    html = client.get("/offline/").content.decode()

    assert '<html lang="en">' in html
    assert "You are offline" in html
    assert 'href="tel:112"' in html


def test_offline_page_holds_no_account_link_or_form(client: Client, django_user_model) -> None:
    user = django_user_model.objects.create(phone="+6281200000001", kind="resident")
    client.force_login(user)

    html = client.get("/offline/").content.decode()

    assert "<form" not in html
    assert "csrfmiddlewaretoken" not in html
    assert "/profil/" not in html


def test_every_page_links_the_manifest_and_loads_only_same_origin_deferred_script(
    client: Client,
) -> None:
    html = client.get("/offline/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [
        '<script src="/static/kotalive/app.js" defer>',
        # Tiny: loads the LAKSA outbox only when drafts wait on the phone.
        '<script src="/static/complaints/outbox-wake.js" defer>',
    ]
    assert "style=" not in html


def test_offline_page_leaves_flash_messages_for_the_next_real_page(
    client: Client, django_user_model
) -> None:
    user = django_user_model.objects.create(phone="+6281200000002", kind="resident")
    client.force_login(user)
    client.post("/keluar/")  # signing out leaves a "signed out" message for the next page

    assert 'class="messages"' not in client.get("/offline/").content.decode()
    assert 'class="messages"' in client.get("/").content.decode()
