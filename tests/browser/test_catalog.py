"""Finding a service on a phone: search that forgives typos, menu pages, their accessibility."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import AxeCheck

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

BIRTH_CERTIFICATE = re.compile(r"akta kelahiran", re.IGNORECASE)


def search_from_home(page: Page, words: str) -> None:
    page.goto("/")
    page.get_by_role("search").get_by_role("searchbox").fill(words)
    page.get_by_role("search").get_by_role("button").click()


def test_home_page_shows_the_kota_tangerang_menu_in_indonesian(page: Page) -> None:
    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("search")).to_be_visible()
    # The category grid and the popular menus link to real pages.
    assert page.locator("main a[href^='/kategori/']").count() >= 5
    assert page.locator("main a[href^='/layanan/']").count() >= 1


def test_a_typo_still_finds_the_birth_certificate_menu(page: Page) -> None:
    search_from_home(page, "akta kelhiran")

    expect(page).to_have_url(re.compile(r"/cari/\?q=akta\+kelhiran"))
    result = page.get_by_role("main").get_by_role("link", name=BIRTH_CERTIFICATE).first
    expect(result).to_be_visible()

    result.click()

    expect(page).to_have_url(re.compile(r"/layanan/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(BIRTH_CERTIFICATE)


def test_search_works_in_english_too(page: Page) -> None:
    page.goto("/")
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")

    search_from_home(page, "birth certificat")

    expect(
        page.get_by_role("main").get_by_role("link", name=re.compile("birth", re.I)).first
    ).to_be_visible()


def test_catalog_pages_have_no_accessibility_violations(page: Page, axe: AxeCheck) -> None:
    page.goto("/")
    axe(page)

    search_from_home(page, "akta kelhiran")
    axe(page)

    page.get_by_role("main").get_by_role("link", name=BIRTH_CERTIFICATE).first.click()
    expect(page).to_have_url(re.compile(r"/layanan/[\w-]+/$"))
    axe(page)

    page.goto("/")
    page.locator("main a[href^='/kategori/']").first.click()
    expect(page).to_have_url(re.compile(r"/kategori/[\w-]+/$"))
    axe(page)

    page.goto("/cari/?q=zzzzqqqq")
    axe(page)


def test_search_page_updates_results_while_typing_within_the_csp(page: Page) -> None:
    page.goto("/cari/")
    page.wait_for_function("window.htmx !== undefined")

    page.get_by_role("search").get_by_role("searchbox").press_sequentially("akta kelhiran")

    expect(
        page.get_by_role("main").get_by_role("link", name=BIRTH_CERTIFICATE).first
    ).to_be_visible()
    # Typing did not submit the form: the results came in place (htmx), and CSP held (fixture).
    expect(page).to_have_url(re.compile(r"/cari/$"))


PHONE_WIDTH = 360


def _overflowing(page: Page, paths: list[str]) -> list[str]:
    """The pages of `paths` wider than a 360 px phone, with how wide they are."""
    wide = []
    for path in paths:
        response = page.goto(path, wait_until="load")
        assert response is not None, path
        assert response.ok, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            wide.append(f"{path}: {width}px")
    return wide


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_catalog_page_scrolls_sideways_on_a_phone(page: Page, language: str) -> None:
    from kotalive.catalog.models import Category, Menu

    page.goto("/")
    if language == "en":
        page.get_by_role("button", name=re.compile("English")).click()
        expect(page.locator("html")).to_have_attribute("lang", "en")
    menus = [f"/layanan/{slug}/" for slug in Menu.objects.values_list("slug", flat=True)]
    categories = [f"/kategori/{slug}/" for slug in Category.objects.values_list("slug", flat=True)]
    assert len(menus) > 200
    assert len(categories) > 15

    assert _overflowing(page, ["/", *categories, *menus]) == []


TOUCHED_PAGES = [
    "/",
    "/kategori/darurat/",
    "/kategori/kependudukan/",
    "/layanan/siaga-112/",
    "/layanan/ambulans-gratis/",
    "/layanan/laksa/",
    "/layanan/lowongan-kerja/",
    "/layanan/ktp-el-baru/",
    "/layanan/ketersediaan-kamar-rs/",
    "/layanan/akta-kelahiran-online/",
]


def test_pages_with_labels_and_call_buttons_have_no_accessibility_violations(
    page: Page, axe: AxeCheck
) -> None:
    for path in TOUCHED_PAGES:
        page.goto(path)
        axe(page)
    page.goto("/")
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for path in TOUCHED_PAGES[:4]:
        page.goto(path)
        axe(page)


def test_112_and_the_ambulance_are_big_call_buttons_on_the_home_page(page: Page) -> None:
    page.goto("/")
    for name in ["Telepon 112", "Ambulans gratis"]:
        button = page.get_by_role("main").get_by_role("link", name=re.compile(f"^{name}"))
        expect(button).to_have_attribute("href", "tel:112")
        box = button.bounding_box()
        assert box is not None
        assert box["height"] >= 56
        assert box["width"] >= 150
    # Above the search box: the first thing under the title.
    call = page.get_by_role("link", name=re.compile("^Telepon 112")).bounding_box()
    search = page.get_by_role("search").bounding_box()
    assert call is not None
    assert search is not None
    assert call["y"] < search["y"]
