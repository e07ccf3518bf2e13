from __future__ import annotations

import gzip

import pytest
from django.db import transaction

from kotalive.catalog.models import Menu
from kotalive.catalog.services import CATALOG_REFDATA, catalog_version, catalog_version_bump
from kotalive.core.models import RefdataVersion
from tests.catalog.conftest import PHONE_UA

pytestmark = pytest.mark.django_db
BASE = "/api/v1/catalog"


def test_catalog_api_is_public(client, seeded):
    for path in [
        "/categories",
        "/menus",
        "/menus/search?q=ktp",
        "/menus/laksa",
        "/announcements",
        "/popular",
    ]:
        response = client.get(BASE + path)
        assert response.status_code == 200, path
        assert response["Cache-Control"] == "public, max-age=60"


def test_menus_are_paginated(client, seeded):
    total = Menu.objects.filter(is_active=True).count()
    first = client.get(f"{BASE}/menus?page=1&page_size=100").json()
    assert len(first["items"]) == 100
    assert first["total"] == total
    assert first["next_page"] == 2
    last_page = (total + 99) // 100
    last = client.get(f"{BASE}/menus?page={last_page}&page_size=100").json()
    assert last["next_page"] is None
    assert len(last["items"]) == total - 100 * (last_page - 1)
    assert client.get(f"{BASE}/menus?page=999&page_size=100").json()["items"] == []


@pytest.mark.parametrize(
    "query", ["page_size=101", "page_size=0", "page=0", "page=abc", "page=-3", "page_size=1e9"]
)
def test_bad_pagination_is_a_422_problem(client, seeded, query):
    response = client.get(f"{BASE}/menus?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "validation_error"


def test_menus_filter_by_category(client, seeded):
    body = client.get(f"{BASE}/menus?category=kependudukan&page_size=100").json()
    assert body["total"] == Menu.objects.filter(category__slug="kependudukan").count()
    assert {item["category"] for item in body["items"]} == {"kependudukan"}
    unknown = client.get(f"{BASE}/menus?category=tidak-ada")
    assert unknown.status_code == 404
    assert unknown.json()["code"] == "category_not_found"


def test_unknown_menu_is_a_404_problem(client, seeded):
    response = client.get(f"{BASE}/menus/tidak-ada-menu-ini")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "menu_not_found"


def test_menu_detail_carries_the_service_standard(client, seeded):
    body = client.get(f"{BASE}/menus/akta-kelahiran-online").json()
    assert body["is_available"] is False
    assert body["access"] == "nik_verified"
    assert "Gratis" in body["standard"]["cost"]
    assert "Sobat Dukcapil" in body["standard"]["where_today"]


def test_search_endpoint_uses_the_same_engine(client, seeded):
    body = client.get(f"{BASE}/menus/search?q=akta%20kelhiran").json()
    assert body["items"][0]["slug"] == "akta-kelahiran-online"
    assert client.get(f"{BASE}/menus/search?q=").status_code == 422
    assert client.get(f"{BASE}/menus/search?q=" + "a" * 101).status_code == 422


def test_etag_gives_304_when_unchanged(client, seeded):
    first = client.get(f"{BASE}/menus/laksa")
    etag = first["ETag"]
    again = client.get(f"{BASE}/menus/laksa", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    weak = client.get(f"{BASE}/menus/laksa", HTTP_IF_NONE_MATCH=f"W/{etag}")
    assert weak.status_code == 304
    assert client.get(f"{BASE}/menus/laksa", HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_etag_changes_when_the_catalog_changes(client, seeded):
    etag = client.get(f"{BASE}/categories")["ETag"]
    menu = Menu.objects.get(slug="laksa")
    menu.name_en = "LAKSA reports"
    menu.save()
    response = client.get(f"{BASE}/categories", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag


def test_a_client_that_accepts_gzip_gets_the_same_body_compressed(client, seeded):
    plain = client.get(f"{BASE}/menus?page_size=50")
    packed = client.get(f"{BASE}/menus?page_size=50", HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 3
    # Two representations, one resource: the compressed one carries the weak form of the tag,
    # and either form makes the other a 304.
    assert packed["ETag"] == "W/" + plain["ETag"]
    for response in (plain, packed):
        assert "Accept-Encoding" in response["Vary"]
    again = client.get(
        f"{BASE}/menus?page_size=50", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=plain["ETag"]
    )
    assert again.status_code == 304


def test_a_catalog_version_is_never_used_twice(client, seeded):
    # Bodies and search indexes are kept per version: a change that was rolled back must not
    # leave its version to be given again to a different change.
    before = catalog_version()
    with transaction.atomic():
        catalog_version_bump()
        rolled_back = catalog_version()
        transaction.set_rollback(True)
    assert RefdataVersion.objects.get(name=CATALOG_REFDATA).version == before
    catalog_version_bump()
    assert catalog_version() not in {before, rolled_back}
    assert RefdataVersion.objects.get(name=CATALOG_REFDATA).version == catalog_version()


def test_accept_language_switches_names(client, seeded):
    indonesian = client.get(f"{BASE}/categories", HTTP_ACCEPT_LANGUAGE="id")
    english = client.get(f"{BASE}/categories", HTTP_ACCEPT_LANGUAGE="en")
    assert indonesian["Content-Language"] == "id"
    assert english["Content-Language"] == "en"
    assert "Accept-Language" in english["Vary"]
    assert indonesian["ETag"] != english["ETag"]
    names_id = {c["slug"]: c["name"] for c in indonesian.json()}
    names_en = {c["slug"]: c["name"] for c in english.json()}
    assert names_id["kependudukan"] == "Kependudukan"
    assert names_en["kependudukan"] == "Civil registry"
    detail = client.get(f"{BASE}/menus/akta-kelahiran-online", HTTP_ACCEPT_LANGUAGE="en").json()
    assert detail["name"] == "Online birth certificate"
    assert "Free of charge" in detail["standard"]["cost"]


def test_default_language_is_indonesian(client, seeded):
    body = client.get(f"{BASE}/menus/akta-kelahiran-online").json()
    assert body["name"] == "Penerbitan akta kelahiran secara online"


def test_announcements_and_popular(client, seeded):
    announcements = client.get(f"{BASE}/announcements").json()
    assert len(announcements) == 3
    client.get("/layanan/bus-tayo/", HTTP_USER_AGENT=PHONE_UA)
    popular = client.get(f"{BASE}/popular?limit=3").json()
    assert popular[0]["slug"] == "bus-tayo"
    assert client.get(f"{BASE}/popular?limit=51").status_code == 422


def test_popular_etag_follows_usage(client, seeded):
    etag = client.get(f"{BASE}/popular")["ETag"]
    client.get("/layanan/si-benteng/", HTTP_USER_AGENT=PHONE_UA)
    assert client.get(f"{BASE}/popular", HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_schema_declares_every_catalog_response(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    paths = {p: v for p, v in schema["paths"].items() if p.startswith(BASE)}
    assert len(paths) == 6
    for path, operations in paths.items():
        codes = set(operations["get"]["responses"])
        assert {"200", "304", "422"} <= codes, path
    assert "404" in paths[f"{BASE}/menus/{{slug}}"]["get"]["responses"]


def test_menus_say_what_a_resident_can_do_in_the_request_language(client, seeded):
    siaga = client.get(f"{BASE}/menus/siaga-112").json()
    assert (siaga["status"], siaga["status_label"]) == ("call", "Darurat: hubungi 112")
    client.cookies["django_language"] = "en"
    jobs = client.get(f"{BASE}/menus/lowongan-kerja").json()
    assert (jobs["status"], jobs["status_label"]) == ("site", "On the official site")
    assert jobs["external_url"] == "https://disnaker.tangerangkota.go.id/"
    listed = {
        m["slug"]: m["status"]
        for m in client.get(f"{BASE}/menus?category=kependudukan").json()["items"]
    }
    assert listed["ktp-el-baru"] == "offline"
