"""The resident's hub in Chromium, on a 360x740 phone and a 1366x768 desktop: a signed-out
visitor is told why a page needs signing in and comes back to it; Lapor is one tap from home;
the filed report is under Aktivitas saya and in the inbox; the bar fits, has 44 px targets, works
from the keyboard, and axe finds nothing on the pages it touches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import AXE_JS, CSP_REPORTER, DESKTOP, PHONE, AxeCheck, last_code_for
from tests.browser.test_laksa import _photo

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_LOCAL = "0812 3456 7802"


@pytest.fixture(params=["phone", "desktop"])
def device(
    request: pytest.FixtureRequest, browser: Browser, live_server: LiveServer, demo: None
) -> Iterator[tuple[str, BrowserContext]]:
    options = PHONE if request.param == "phone" else DESKTOP
    context = browser.new_context(base_url=live_server.url, locale="id-ID", **options)
    context.add_init_script(CSP_REPORTER)
    context.add_init_script(path=str(AXE_JS))
    errors: list[str] = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    context.on(
        "console",
        lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield request.param, context
    context.close()
    assert errors == []


def _hub(page: Page) -> Any:
    return page.get_by_role("navigation", name="Utama")


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _targets_are_44px(page: Page) -> None:
    for box in page.locator(".hub-link").evaluate_all(
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [a.textContent.trim(), r.width, r.height, r.bottom]; })"
    ):
        label, width, height, bottom = box
        assert width >= 44, f"{label}: {width}px wide"
        assert height >= 44, f"{label}: {height}px high"
        assert bottom <= page.viewport_size["height"] if page.viewport_size else True


def test_resident_reaches_lapor_in_one_tap_and_finds_the_case_in_activity_and_inbox(
    device: tuple[str, BrowserContext], sms_file: Path, axe: AxeCheck, tmp_path: Path
) -> None:
    kind, context = device
    page = context.new_page()
    page.set_default_timeout(10_000)

    # Signed out, the hub offers sign-in; "Aktivitas saya" says why it needs it and comes back.
    page.goto("/")
    hub = _hub(page)
    expect(hub.get_by_role("link", name="Beranda")).to_have_attribute("aria-current", "page")
    expect(hub.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    _fits(page)
    _targets_are_44px(page)
    axe(page)
    if kind == "phone":
        # The bar sits at the bottom of the phone's screen.
        top = hub.evaluate("n => n.getBoundingClientRect().top")
        assert top > 600
    hub.get_by_role("link", name="Aktivitas saya").click()
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/aktivitas/$"))
    expect(page.get_by_role("main")).to_contain_text("hanya untuk warga yang sudah masuk")
    axe(page)
    page.locator("main input[name=phone]").fill(PHONE_LOCAL)
    page.locator("main form button[type=submit]").click()
    code = page.locator("main input[name=code]")
    code.fill(last_code_for(sms_file, re.sub(r"\D", "", PHONE_LOCAL)))
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/aktivitas/$"))
    expect(_hub(page).get_by_role("link", name="Aktivitas saya")).to_have_attribute(
        "aria-current", "page"
    )
    expect(_hub(page).get_by_role("link", name="Profil")).to_be_visible()
    axe(page)

    # From home, Lapor is one tap (with the keyboard on the desktop).
    page.goto("/")
    lapor = _hub(page).get_by_role("link", name="Lapor")
    if kind == "desktop":
        lapor.focus()
        page.keyboard.press("Enter")
    else:
        lapor.tap()
    expect(page).to_have_url(re.compile(r"/lapor/$"))
    expect(_hub(page).get_by_role("link", name="Lapor")).to_have_attribute("aria-current", "page")
    _fits(page)

    # File a report (axe once the form's script has set its steps up, as tests/browser/test_laksa
    # does: before that, the report page's heading order can still be caught mid-way).
    page.locator("input[name=category][value=sampah]").check()
    page.locator("button[data-next=step-where]").click()
    axe(page)
    page.locator("select[name=kelurahan]").select_option("36.71.01.1001")
    page.locator("input[name=address], textarea[name=address]").fill("Jl. Merdeka, depan masjid")
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(_photo(tmp_path)))
    page.locator("textarea[name=description]").fill("Sampah menumpuk tiga hari, belum diangkut.")
    page.locator("#send-report").click()
    expect(page).to_have_url(re.compile(r"/laporan/LK-[A-Z0-9]{6}/$"))
    ref = page.url.rstrip("/").rsplit("/", 1)[-1]

    # Under Aktivitas saya, with its state and the next step, and in the inbox.
    _hub(page).get_by_role("link", name="Aktivitas saya").click()
    expect(page).to_have_url(re.compile(r"/aktivitas/$"))
    item = page.locator(".activities li", has_text=ref)
    expect(item).to_contain_text("Laporan saya")
    expect(item).to_contain_text("Langkah berikutnya:")
    _fits(page)
    axe(page)
    inbox = _hub(page).get_by_role("link", name=re.compile("^Kotak masuk"))
    expect(inbox).to_contain_text("1")
    inbox.click()
    expect(page).to_have_url(re.compile(r"/kotak-masuk/$"))
    expect(page.get_by_role("main")).to_contain_text(f"Laporan {ref} diterima")
    _fits(page)
    _targets_are_44px(page)
    axe(page)
