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
