from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from kotalive.catalog.models import MenuUsageDay
from tests.catalog.conftest import PHONE_UA

pytestmark = pytest.mark.django_db


def test_home_in_indonesian_shows_categories_popular_and_announcements(client, seeded):
    html = client.get("/").content.decode()
    assert "Layanan Kota Tangerang" in html
    for name in ["Kependudukan", "Darurat 112", "Pengaduan (LAKSA)", "Air Bersih (PDAM)"]:
        assert name in html
    assert "Populer" in html
    assert "Darurat? Telepon 112" in html
    assert 'href="/kategori/kependudukan/"' in html
    assert '<label for="q">Cari layanan</label>' in html


def test_home_stays_indonesian_for_a_browser_set_to_english(client, seeded):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="id">' in html
    assert "Kependudukan" in html
    assert response["Content-Language"] == "id"


def test_home_in_english_once_chosen(client, seeded):
    client.cookies["django_language"] = "en"
    html = client.get("/").content.decode()
    assert "Civil registry" in html
    assert "Kota Tangerang services" in html


def test_headings_on_the_home_page_are_in_order(client, seeded):
    html = client.get("/").content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])", html)]
    assert levels[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_home_has_no_inline_script_or_style(client, seeded):
    html = client.get("/").content.decode()
    assert "style=" not in html
    assert "<script>" not in html


def test_menu_not_built_yet_says_so_and_shows_its_standard(client, seeded):
    html = client.get("/layanan/akta-kelahiran-online/").content.decode()
    assert "Belum tersedia daring di KotaLive" in html
    assert "Tempat mengurus hari ini:" in html
    assert "Sobat Dukcapil" in html
    for part in [
        "Persyaratan",
        "Prosedur",
        "Jangka waktu penyelesaian",
        "Biaya/tarif",
        "Produk pelayanan",
        "Pengaduan, saran dan masukan",
    ]:
        assert part in html
    assert "Surat keterangan kelahiran" in html
    assert "Warga dengan NIK terverifikasi" in html


def test_menu_not_built_yet_in_english(client, seeded):
    client.cookies["django_language"] = "en"
    html = client.get("/layanan/laksa/").content.decode()
    assert "Not available online in KotaLive yet" in html
    assert "Where to go today:" in html
    assert "Instagram @lapor_laksa" in html


def test_typical_menu_is_worded_as_a_standard_service(client, seeded):
    html = client.get("/layanan/ktp-el-baru/").content.decode()
    assert "layanan standar pemerintah kota" in html


def test_link_menu_opens_the_official_site_clearly(client, seeded):
    html = client.get("/layanan/ppdb-smp/").content.decode()
    assert 'href="https://ppdb.tangerangkota.go.id/"' in html
    assert "situs resmi pemerintah kota di luar KotaLive" in html
    assert "Belum tersedia daring" not in html


def test_opening_a_menu_counts_it_once_and_remembers_it_for_this_visitor(client, seeded):
    client.get("/layanan/bus-tayo/", HTTP_USER_AGENT=PHONE_UA)
    client.get("/layanan/bus-tayo/", HTTP_USER_AGENT=PHONE_UA)
    assert MenuUsageDay.objects.get(menu__slug="bus-tayo").count == 1
    html = client.get("/").content.decode()
    assert "Terakhir dibuka" in html
    assert client.session["catalog_recent"] == ["bus-tayo"]


def test_recently_used_keeps_the_last_eight(client, seeded):
    slugs = [
        "laksa",
        "siaga-112",
        "pbb-p2",
        "bphtb",
        "e-paper",
        "bus-tayo",
        "si-benteng",
        "ppid",
        "uji-kir",
        "puskesmas",
    ]
    for slug in slugs:
        client.get(f"/layanan/{slug}/")
    assert client.session["catalog_recent"] == list(reversed(slugs))[:8]


def test_a_new_visitor_sees_no_recently_used(client, seeded):
    assert "Terakhir dibuka" not in client.get("/").content.decode()


def test_unknown_menu_and_category_are_404(client, seeded):
    assert client.get("/layanan/tidak-ada/").status_code == 404
    assert client.get("/kategori/tidak-ada/").status_code == 404


def test_category_page_lists_its_menus(client, seeded):
    html = client.get("/kategori/air/").content.decode()
    assert "<h1>Air Bersih (PDAM)</h1>" in html
    assert 'href="/layanan/tagihan-air-pdam/"' in html
    assert 'href="/layanan/laksa/"' not in html


def test_search_page_finds_menus_with_a_typo(client, seeded):
    html = client.get("/cari/", {"q": "akta kelhiran"}).content.decode()
    assert html.index("/layanan/akta-kelahiran-online/") < html.index("</main>")
    assert "<html" in html


def test_search_page_htmx_request_gets_only_the_results(client, seeded):
    html = client.get("/cari/", {"q": "lowongan"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in html
    assert "/layanan/lowongan-kerja/" in html


def test_search_without_results_says_so(client, seeded):
    html = client.get("/cari/", {"q": "qqqqzzzz"}).content.decode()
    assert "Tidak ada layanan" in html


def test_indonesian_catalogue_is_complete():
    po = Path(__file__).parents[2] / "src/kotalive/catalog/locale/id/LC_MESSAGES/django.po"
    text = po.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert entries
    for entry in entries:
        assert "#, fuzzy" not in entry
        assert not re.search(r'msgstr(\[0\])? ""\s*$', entry.strip()), entry
