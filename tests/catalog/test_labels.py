"""What a resident can do with a menu is said plainly; emergencies are a call away; sources and
procedures are honest. Issue 10, points 2, 3 and 9."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from kotalive.catalog.labels import menu_status, numbered_steps, site_name, source_parts
from kotalive.catalog.models import Menu, ServiceStandard
from kotalive.catalog.seed import seed
from kotalive.complaints.forms import ReportForm
from kotalive.complaints.seed import _open_the_menus

pytestmark = pytest.mark.django_db


def _status_of(html: str, slug: str) -> str:
    """The status label on the card linking to `slug`."""
    found = re.search(
        rf'href="/layanan/{re.escape(slug)}/".*?<span class="status status-(\w+)">.*?</svg>([^<]+)',
        html,
        re.S,
    )
    assert found, slug
    return f"{found.group(1)}: {found.group(2)}"


@pytest.mark.parametrize(
    ("kind", "available", "url", "category", "call", "walk_in", "key"),
    [
        ("module", True, "", "pengaduan", "", False, "online"),
        ("module", False, "", "pengaduan", "", False, "offline"),
        (
            "form",
            False,
            "https://perizinanonline.tangerangkota.go.id/",
            "perizinan",
            "",
            False,
            "site",
        ),
        ("link", True, "https://ppdb.tangerangkota.go.id/", "pendidikan", "", False, "site"),
        ("info", True, "", "transportasi", "", False, "info"),
        ("module", False, "", "darurat", "112", False, "call"),
        ("info", True, "", "darurat", "021-5582144", False, "call"),
        ("info", True, "", "darurat", "", True, "walkin"),
        ("info", True, "", "darurat", "", False, "info"),
        ("form", False, "", "darurat", "", False, "info"),
    ],
)
def test_every_kind_of_menu_gets_a_label_and_an_icon(
    kind, available, url, category, call, walk_in, key
):
    status = menu_status(
        kind=kind,
        is_available=available,
        external_url=url,
        category_slug=category,
        call_number=call,
        walk_in_24h=walk_in,
    )
    assert status.key == key
    assert str(status.label)
    assert status.icon


def test_cards_say_online_as_plainly_as_not_online(client, seeded):
    _open_the_menus()
    html = client.get("/kategori/pengaduan/").content.decode()
    assert _status_of(html, "laksa") == "online: Daring di sini"
    html = client.get("/kategori/kependudukan/").content.decode()
    assert _status_of(html, "ktp-el-baru") == "offline: Belum daring: datang langsung"
    assert _status_of(html, "pendatang-sobat-dukcapil") == "site: Di situs resmi"


def test_cards_in_english(client, seeded):
    client.cookies["django_language"] = "en"
    html = client.get("/kategori/kependudukan/").content.decode()
    assert _status_of(html, "ktp-el-baru") == "offline: Not online yet: in person"
    assert _status_of(html, "pendatang-sobat-dukcapil") == "site: On the official site"


def test_emergency_menus_are_never_labelled_not_online(client, seeded):
    html = client.get("/kategori/darurat/").content.decode()
    slugs = re.findall(r'href="/layanan/([\w-]+)/"', html)
    assert "siaga-112" in slugs
    assert "ambulans-gratis" in slugs
    for slug in slugs:
        assert not _status_of(html, slug).startswith("offline"), slug
        page = Client().get(f"/layanan/{slug}/").content.decode()
        assert "Belum tersedia daring" not in page
        assert "Belum daring" not in page
        assert 'href="tel:112"' in page


@pytest.mark.parametrize("path", ["/", "/layanan/siaga-112/", "/layanan/ambulans-gratis/"])
def test_112_and_the_free_ambulance_are_call_buttons_without_sign_in(path, seeded):
    html = Client().get(path).content.decode()
    calls = re.findall(r'<a class="call" href="tel:112">.*?<strong>([^<]+)</strong>', html, re.S)
    assert calls == ["Telepon 112", "Ambulans gratis"]
    assert "/masuk/" not in html[html.index('class="calls"') :].split("</div>")[0]


def test_popular_on_the_home_page_has_no_phone_only_card(seeded):
    html = Client().get("/").content.decode()
    popular = html[html.index('id="h-pop"') :]
    assert 'href="/layanan/siaga-112/"' not in popular
    assert 'href="/layanan/ambulans-gratis/"' not in popular


@pytest.mark.parametrize(
    ("slug", "url", "text"),
    [
        ("lowongan-kerja", "https://disnaker.tangerangkota.go.id/", "disnaker.tangerangkota.go.id"),
        ("pbg", "https://simbg.pu.go.id/", "simbg.pu.go.id"),
        ("ppdb-smp", "https://ppdb.tangerangkota.go.id/", "ppdb.tangerangkota.go.id"),
    ],
)
def test_a_menu_served_elsewhere_links_to_the_official_site(client, seeded, slug, url, text):
    html = client.get(f"/layanan/{slug}/").content.decode()
    assert re.search(
        rf"<a class=\"button secondary\" href=\"{re.escape(url)}\"[^>]*>.*{text}", html, re.S
    )


def test_where_to_go_never_sends_residents_to_the_app_they_are_in(seeded):
    for standard in ServiceStandard.objects.all():
        for text in (standard.where_today_id, standard.where_today_en):
            assert "Tangerang LIVE" not in text, standard.menu_id


def test_no_menu_names_a_file_as_its_source(client, seeded):
    assert not Menu.objects.filter(source__contains=".txt").exists()
    assert not Menu.objects.filter(source__contains=".md").exists()
    html = client.get("/layanan/akta-kelahiran-online/").content.decode()
    assert "seed-paper" not in html
    assert '<a href="https://doi.org/10.24036/jmiap.v6i3.826"' in html
    assert "Hastuti, Suherman &amp; Utami (2024)" in html


def test_a_source_address_reads_as_its_site_name(client, seeded):
    menu = Menu.objects.get(slug="pendatang-sobat-dukcapil")
    assert len(menu.source) > 100
    html = client.get("/layanan/pendatang-sobat-dukcapil/").content.decode()
    link = re.search(r'Sumber: <a href="([^"]+)"[^>]*>([^<]+)</a>', html)
    assert link
    assert link.group(1) == menu.source
    assert link.group(2) == "banten.idntimes.com"


def test_source_parts():
    assert source_parts("https://www.lapor.go.id/x/y?z=1") == (
        "lapor.go.id",
        "https://www.lapor.go.id/x/y?z=1",
    )
    assert source_parts("A study (2024) https://doi.org/10/x") == (
        "A study (2024)",
        "https://doi.org/10/x",
    )
    assert source_parts("Perda 8/2018") == ("Perda 8/2018", "")
    assert site_name("https://perizinanonline.tangerangkota.go.id/") == (
        "perizinanonline.tangerangkota.go.id"
    )


GENERIC_COUNTER = ("Ajukan di loket", "Apply at the")


def test_bed_availability_does_not_send_residents_to_a_counter(client, seeded):
    standard = ServiceStandard.objects.get(menu__slug="ketersediaan-kamar-rs")
    for text in (standard.procedure_id, standard.procedure_en):
        assert not any(phrase in text for phrase in GENERIC_COUNTER)
        assert "112" in text
    client.cookies["django_language"] = "en"
    html = client.get("/layanan/ketersediaan-kamar-rs/").content.decode()
    assert "there is no counter to book a bed" in html


def test_no_menu_invents_counter_steps(seeded):
    """Info, link and module menus are not served at a counter; where the steps of a form menu
    are unknown, the page says they are not published rather than making them up."""
    for standard in ServiceStandard.objects.select_related("menu"):
        assert not standard.procedure_id.startswith("1. Siapkan persyaratan. 2. Ajukan di loket")
        assert not standard.procedure_id.startswith("Baca informasi di halaman ini")
        if standard.menu.kind in {"info", "link", "module"}:
            assert "Bawa persyaratan ke" not in standard.procedure_id, standard.menu.slug


@pytest.mark.parametrize("slug", ["siaga-112", "ambulans-gratis"])
def test_emergency_procedures_say_no_sign_in_is_needed(seeded, slug):
    standard = ServiceStandard.objects.get(menu__slug=slug)
    assert standard.procedure_id.startswith("1. Telepon 112")
    assert "tidak perlu masuk" in standard.procedure_id
    assert "no sign-in" in standard.procedure_en


def test_laksa_menu_states_what_the_report_form_enforces(client, seeded):
    _open_the_menus()
    # What LAKSA enforces: a signed-in account; photos optional; no NIK field.
    assert client.get("/lapor/").status_code == 302
    form = ReportForm.base_fields
    assert not form["photos"].required
    assert not any("nik" in name for name in form)
    menu = Menu.objects.get(slug="laksa")
    assert menu.access == Menu.Access.SIGNED_IN
    html = client.get("/layanan/laksa/").content.decode()
    assert "Warga yang sudah masuk" in html
    assert "NIK terverifikasi" not in html
    assert "Foto tidak wajib" in html


def test_seeding_again_puts_right_what_an_earlier_seed_wrote(seeded):
    menu = Menu.objects.get(slug="akta-kelahiran-online")
    Menu.objects.filter(pk=menu.pk).update(
        source="seed-paper.txt (Tangerang LIVE study, cites tangerangkota.go.id 2021)",
        external_url="",
    )
    Menu.objects.filter(slug="laksa").update(access=Menu.Access.NIK_VERIFIED)
    ServiceStandard.objects.filter(menu__slug="ketersediaan-kamar-rs").update(
        procedure_id="1. Siapkan persyaratan. 2. Ajukan di loket RSUD atau kanal resminya.",
        where_today_id="Menu Simpati RS di aplikasi Tangerang LIVE.",
    )
    edited = ServiceStandard.objects.get(menu__slug="pbb-p2")
    edited.procedure_id = "Langkah yang ditulis Diskominfo."
    edited.save()

    seed(log=lambda message: None)

    menu.refresh_from_db()
    assert menu.source.startswith("Hastuti")
    assert menu.external_url == "https://sobatdukcapil.tangerangkota.go.id/"
    assert Menu.objects.get(slug="laksa").access == Menu.Access.SIGNED_IN
    beds = ServiceStandard.objects.get(menu__slug="ketersediaan-kamar-rs")
    assert "112" in beds.procedure_id
    assert "Tangerang LIVE" not in beds.where_today_id
    assert ServiceStandard.objects.get(menu__slug="pbb-p2").procedure_id == (
        "Langkah yang ditulis Diskominfo."
    )


@pytest.mark.parametrize(
    ("text", "steps"),
    [
        ("1. Isi formulir. 2. Serahkan berkas.", ["Isi formulir.", "Serahkan berkas."]),
        (
            "1. Bayar Rp1.000. 2. Simpan bukti (Perda No. 10/2023).",
            ["Bayar Rp1.000.", "Simpan bukti (Perda No. 10/2023)."],
        ),
        ("Datang ke loket. 1. Ambil nomor. 2. Tunggu.", []),  # not numbered from its start
        ("1. Ambil nomor. 3. Tunggu.", []),  # a step missing: said as written
        ("Sesuai ketentuan.", []),
    ],
)
def test_a_numbered_procedure_is_read_as_its_steps(text, steps):
    assert numbered_steps(text) == steps


def test_the_menu_page_lists_a_numbered_procedure_as_steps(client, seeded):
    # It was one paragraph, "1. Masukkan NOP dan tahun pajak. 2. Periksa tagihan. 3. ...".
    html = client.get("/layanan/pbb-p2/").content.decode()
    listed = re.search(r'<ol class="steps">(.*?)</ol>', html, re.S)
    assert listed is not None
    items = re.findall(r"<li>(.*?)</li>", listed.group(1))
    assert items[0] == "Masukkan NOP dan tahun pajak."
    assert len(items) == 4
