from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kotalive.accounts.models import Organisation
from kotalive.catalog.models import Announcement, Category, Menu, ServiceStandard
from kotalive.catalog.seed import CSV_PATH, seed

pytestmark = pytest.mark.django_db

SHARED_CSV = Path("/work/shared/data/kota-tangerang-services.csv")


def _csv_rows() -> list[dict[str, str]]:
    with CSV_PATH.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_seed_creates_at_least_150_menus_covering_every_office_in_the_csv(seeded):
    assert Menu.objects.filter(is_active=True).count() >= 150
    offices = {row["office_abbrev"] for row in _csv_rows()}
    seeded_offices = set(Menu.objects.values_list("office_abbrev", flat=True))
    assert offices <= seeded_offices
    names = set(Menu.objects.values_list("name_id", flat=True))
    assert {row["service_name_id"] for row in _csv_rows()} <= names


def test_seed_keeps_the_source_of_every_menu(seeded):
    assert not Menu.objects.filter(source="").exists()
    typical = Menu.objects.filter(source="typical").first()
    assert typical is not None
    assert typical.is_typical


def test_seed_covers_the_services_named_in_domain_and_paper(seeded):
    for slug in [
        "laksa",
        "siaga-112",
        "ambulans-gratis",
        "ketersediaan-kamar-rs",
        "tangerang-cakap-kerja",
        "lowongan-kerja",
        "pbb-p2",
        "bphtb",
        "segar-harga-bahan-pokok",
        "e-plesiran",
        "akta-kelahiran-online",
        "cek-status-kk-ktp",
        "e-paper",
        "lokasi-halte-dan-atm",
        "tagihan-air-pdam",
        "agenda-acara-kota",
        "tim-sport",
        "ppid",
        "bus-tayo",
        "si-benteng",
    ]:
        assert Menu.objects.filter(slug=slug).exists(), slug


def test_seed_twice_is_stable(seeded):
    before = (
        Menu.objects.count(),
        Category.objects.count(),
        ServiceStandard.objects.count(),
        Announcement.objects.count(),
        list(Menu.objects.order_by("slug").values_list("slug", "order", "name_id")),
    )
    seed(log=lambda message: None)
    after = (
        Menu.objects.count(),
        Category.objects.count(),
        ServiceStandard.objects.count(),
        Announcement.objects.count(),
        list(Menu.objects.order_by("slug").values_list("slug", "order", "name_id")),
    )
    assert before == after
    assert Announcement.objects.count() == 3


def test_seed_keeps_an_admin_edit(seeded):
    Menu.objects.filter(slug="laksa").update(name_id="LAKSA (diubah admin)")
    seed(log=lambda message: None)
    assert Menu.objects.get(slug="laksa").name_id == "LAKSA (diubah admin)"


def test_seed_links_menus_to_organisations_that_exist(db):
    org = Organisation.objects.create(kind="opd", slug="disdukcapil", name="Disdukcapil")
    seed(log=lambda message: None)
    assert Menu.objects.get(slug="akta-kelahiran-online").office == org
    assert Menu.objects.get(slug="laksa").office is None  # no Diskominfo organisation yet


def test_every_menu_has_a_service_standard_with_every_part(seeded):
    assert ServiceStandard.objects.count() == Menu.objects.count()
    for standard in ServiceStandard.objects.all():
        for field in (
            "requirements",
            "procedure",
            "duration",
            "cost",
            "product",
            "complaints",
            "where_today",
        ):
            assert getattr(standard, f"{field}_id"), (standard.menu.slug, field)
            assert getattr(standard, f"{field}_en"), (standard.menu.slug, field)


def test_no_module_or_form_is_available_yet(seeded):
    not_built = Menu.objects.filter(kind__in=[Menu.Kind.MODULE, Menu.Kind.FORM])
    assert not_built.count() > 50
    assert not not_built.filter(is_available=True).exists()
    assert not Menu.objects.filter(kind=Menu.Kind.LINK, external_url="").exists()


def test_catalog_copy_of_the_csv_matches_the_shared_source():
    if not SHARED_CSV.exists():
        pytest.skip("shared data folder not present")
    assert CSV_PATH.read_bytes() == SHARED_CSV.read_bytes()
