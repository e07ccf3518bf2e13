"""An emergency menu says what it is: a call only when its service is a phone call (and which
number), in person at any hour for an emergency room, information otherwise; never "not online".
Issue 10, "What works is visible" and "Emergencies first"."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.test import Client

from kotalive.catalog.labels import menu_status
from kotalive.catalog.models import Menu
from kotalive.catalog.search import get_index
from tests.catalog.test_labels import _status_of

pytestmark = pytest.mark.django_db
API = "/api/v1/catalog"
HOTLINE = "021-5582144"

# What each emergency menu of the seeded catalog is, as the card, the page and the API say it.
EXPECTED: dict[str, dict[str, str]] = {
    "id": {
        "siaga-112": "call: Darurat: hubungi 112",
        "ambulans-gratis": "call: Darurat: hubungi 112",
        "pemadam-kebakaran": "call: Darurat: hubungi 112",
        "penyelamatan-saat-banjir-dan-bencana": "call: Darurat: hubungi 112",
        "penanganan-hewan-liar": "call: Darurat: hubungi 112",
        "penanganan-pohon-tumbang-dan-puting-beliung": "call: Darurat: hubungi 112",
        "hotline-piket-bencana-24-jam": f"call: Darurat: hubungi {HOTLINE}",
        "ugd-24-jam-di-19-puskesmas": "walkin: Datang langsung, 24 jam",
        "instalasi-gawat-darurat-24-jam": "walkin: Datang langsung, 24 jam",
        "sosialisasi-dan-simulasi-pencegahan-kebakaran": "info: Informasi",
        "bantuan-logistik-dan-permakanan-korban-bencana": "info: Informasi",
        "tagana-taruna-siaga-bencana-bantuan-korban-kebakaran": "info: Informasi",
        "posko-bencana-upt-dan-pos-wilayah": "info: Informasi",
        "evakuasi-dan-pengungsian-banjir": "info: Informasi",
    },
    "en": {
        "siaga-112": "call: Emergency: call 112",
        "ambulans-gratis": "call: Emergency: call 112",
        "pemadam-kebakaran": "call: Emergency: call 112",
        "penyelamatan-saat-banjir-dan-bencana": "call: Emergency: call 112",
        "penanganan-hewan-liar": "call: Emergency: call 112",
        "penanganan-pohon-tumbang-dan-puting-beliung": "call: Emergency: call 112",
        "hotline-piket-bencana-24-jam": f"call: Emergency: call {HOTLINE}",
        "ugd-24-jam-di-19-puskesmas": "walkin: In person, 24 hours",
        "instalasi-gawat-darurat-24-jam": "walkin: In person, 24 hours",
        "sosialisasi-dan-simulasi-pencegahan-kebakaran": "info: Information",
        "bantuan-logistik-dan-permakanan-korban-bencana": "info: Information",
        "tagana-taruna-siaga-bencana-bantuan-korban-kebakaran": "info: Information",
        "posko-bencana-upt-dan-pos-wilayah": "info: Information",
        "evakuasi-dan-pengungsian-banjir": "info: Information",
    },
}
NOT_CALLS = [slug for slug, said in EXPECTED["en"].items() if not said.startswith("call")]
NOT_ONLINE = ("Belum daring", "Belum tersedia daring", "Not online yet", "Not available online")


def _client(language: str) -> Client:
    client = Client()
    client.cookies["django_language"] = language
    return client


def _page_status(html: str) -> str:
    """The status badge at the top of a menu page."""
    found = re.search(r'<p class="badges"><span class="status status-(\w+)">.*?</svg>([^<]+)', html)
    assert found
    return f"{found.group(1)}: {found.group(2)}"


@pytest.mark.parametrize("language", ["id", "en"])
def test_emergency_cards_say_what_each_menu_is(seeded, language):
    html = _client(language).get("/kategori/darurat/").content.decode()
    slugs = re.findall(r'href="/layanan/([\w-]+)/"', html)
    assert sorted(slugs) == sorted(EXPECTED[language])
    assert {slug: _status_of(html, slug) for slug in slugs} == EXPECTED[language]
    assert not any(words in html for words in NOT_ONLINE)


@pytest.mark.parametrize("language", ["id", "en"])
def test_training_aid_and_walk_in_menus_are_not_labelled_as_calls(seeded, language):
    html = _client(language).get("/kategori/darurat/").content.decode()
    for slug in NOT_CALLS:
        assert not _status_of(html, slug).startswith("call"), slug
    found = _client(language).get("/cari/", {"q": "sosialisasi pencegahan kebakaran"})
    first = re.search(r'href="/layanan/([\w-]+)/"', found.content.decode())
    assert first
    assert first.group(1) == "sosialisasi-dan-simulasi-pencegahan-kebakaran"
    assert _status_of(found.content.decode(), first.group(1)) == EXPECTED[language][first.group(1)]


@pytest.mark.parametrize("language", ["id", "en"])
def test_every_emergency_page_agrees_with_its_card_and_keeps_the_112_buttons(seeded, language):
    client = _client(language)
    for slug, said in EXPECTED[language].items():
        html = client.get(f"/layanan/{slug}/").content.decode()
        assert _page_status(html) == said, slug
        assert not any(words in html for words in NOT_ONLINE), slug
        assert '<a class="call" href="tel:112">' in html, slug


@pytest.mark.parametrize("slug", ["siaga-112", "ambulans-gratis"])
def test_112_and_the_free_ambulance_still_call_112(seeded, slug):
    html = Client().get(f"/layanan/{slug}/").content.decode()
    assert _page_status(html) == "call: Darurat: hubungi 112"
    calls = re.findall(r'<a class="call" href="tel:112">.*?<strong>([^<]+)</strong>', html, re.S)
    assert calls == ["Telepon 112", "Ambulans gratis"]
    assert Menu.objects.get(slug=slug).call_number == "112"


def test_the_disaster_hotline_page_calls_its_own_number(seeded):
    html = Client().get("/layanan/hotline-piket-bencana-24-jam/").content.decode()
    assert re.search(
        rf'<a class="call" href="tel:0215582144">.*?<strong>Telepon {HOTLINE}</strong>', html, re.S
    )
    assert '<a class="call" href="tel:112">' in html


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_api_says_the_same_in_list_search_and_detail(client, seeded, language):
    client.cookies["django_language"] = language
    items = client.get(f"{API}/menus?category=darurat&page_size=50").json()["items"]
    listed = {m["slug"]: f"{m['status']}: {m['status_label']}" for m in items}
    assert listed == EXPECTED[language]
    for slug, said in EXPECTED[language].items():
        detail = client.get(f"{API}/menus/{slug}").json()
        assert f"{detail['status']}: {detail['status_label']}" == said, slug
    found = client.get(f"{API}/menus/search", {"q": "ugd puskesmas"}).json()["items"]
    ugd = next(m for m in found if m["slug"] == "ugd-24-jam-di-19-puskesmas")
    said = f"{ugd['status']}: {ugd['status_label']}"
    assert said == EXPECTED[language]["ugd-24-jam-di-19-puskesmas"]


def test_only_phone_services_store_a_number_to_call(seeded):
    numbers = dict(Menu.objects.filter(category__slug="darurat").values_list("slug", "call_number"))
    assert {slug for slug, number in numbers.items() if number} == {
        slug for slug, said in EXPECTED["en"].items() if said.startswith("call")
    }
    assert numbers["hotline-piket-bencana-24-jam"] == HOTLINE
    assert not Menu.objects.exclude(category__slug="darurat").exclude(call_number="").exists()


def test_the_index_holds_each_menus_status_computed_from_its_data(seeded):
    index = get_index()
    for menu in Menu.objects.filter(is_active=True).select_related("category"):
        doc = index.by_slug[menu.slug]
        expected = menu_status(
            kind=menu.kind,
            is_available=menu.is_available,
            external_url=menu.external_url,
            category_slug=menu.category.slug,
            call_number=menu.call_number,
            walk_in_24h=menu.walk_in_24h,
        )
        assert doc.status == expected, menu.slug


def test_an_emergency_menu_without_a_call_or_a_counter_is_information():
    status = menu_status(kind="form", is_available=False, external_url="", category_slug="darurat")
    assert status.key == "info"


@pytest.mark.parametrize("slug", ["ugd-24-jam-di-19-puskesmas", "instalasi-gawat-darurat-24-jam"])
def test_an_emergency_room_page_says_where_to_go_not_to_call(seeded, slug):
    client = _client("en")
    html = client.get(f"/layanan/{slug}/").content.decode()
    where = re.search(r"<strong>Where to go:</strong> ([^<]+)", html)
    assert where
    assert not where.group(1).startswith("Call 112")
    assert "24" in where.group(1)
    api = client.get(f"{API}/menus/{slug}").json()
    assert api["standard"]["where_today"] == where.group(1)


def test_a_catalog_seeded_before_gets_its_numbers_from_the_migration(seeded):
    """An existing site keeps 112 and the ambulance as calls; a number Diskominfo set stays."""
    migration = importlib.import_module("kotalive.catalog.migrations.0003_menu_call_number_walk_in")
    Menu.objects.update(call_number="", walk_in_24h=False)
    Menu.objects.filter(slug="pemadam-kebakaran").update(call_number="113")
    migration.forwards(django_apps, None)
    numbers = dict(Menu.objects.exclude(call_number="").values_list("slug", "call_number"))
    assert numbers["siaga-112"] == numbers["ambulans-gratis"] == "112"
    assert numbers["hotline-piket-bencana-24-jam"] == HOTLINE
    assert numbers["pemadam-kebakaran"] == "113"
    assert "sosialisasi-dan-simulasi-pencegahan-kebakaran" not in numbers
    walk_in = set(Menu.objects.filter(walk_in_24h=True).values_list("slug", flat=True))
    assert walk_in == {"ugd-24-jam-di-19-puskesmas", "instalasi-gawat-darurat-24-jam"}
