"""The shell in a real phone-sized Chromium: language switch, offline page, page weight."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.conftest import PHONE, AxeCheck, Console, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KB = 1024


def wait_for_service_worker(page: Page) -> None:
    """Until the worker has pre-cached the shell and controls the page."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def test_language_switches_to_english_and_back_without_javascript_help(page: Page) -> None:
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()

    page.get_by_role("button", name=re.compile("English")).click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.get_by_role("button", name=re.compile("Bahasa Indonesia")).click()

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()


def test_a_browser_set_to_english_still_opens_in_indonesian_with_the_switch_at_hand(
    browser: Browser, live_server: LiveServer, demo: None
) -> None:
    context = browser.new_context(base_url=live_server.url, locale="en-US", **PHONE)  # type: ignore[arg-type]
    page = context.new_page()

    page.goto("/")

    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("link", name="Masuk", exact=True)).to_be_visible()
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()
    context.close()


def test_offline_navigation_shows_the_offline_page_with_the_emergency_number(
    context: BrowserContext, page: Page, console: Any
) -> None:
    page.goto("/")
    wait_for_service_worker(page)

    context.set_offline(True)
    page.goto("/cari/?q=pajak")

    expect(page.get_by_role("heading", level=1)).to_have_text("Anda sedang luring")
    expect(page.get_by_role("link", name="112").first).to_have_attribute("href", "tel:112")
    context.set_offline(False)
    # Failed requests while offline are expected console noise, not errors of the page.
    console.messages.clear()


def test_offline_page_follows_the_language_the_resident_chose(
    context: BrowserContext, page: Page, console: Any
) -> None:
    page.goto("/")
    wait_for_service_worker(page)
    page.get_by_role("button", name=re.compile("English")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    # The worker refreshes its copy of the offline page when the language changes.
    wait_until(
        page,
        """async () => {
            for (const name of await caches.keys()) {
                const hit = await (await caches.open(name)).match("/offline/");
                if (hit && hit.headers.get("Content-Language") === "en") return true;
            }
            return false;
        }""",
    )

    context.set_offline(True)
    page.goto("/masuk/")

    expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
    context.set_offline(False)
    console.messages.clear()


def test_offline_banner_appears_when_the_connection_drops(
    context: BrowserContext, page: Page, console: Any
) -> None:
    page.goto("/")
    banner = page.locator("#offline-banner")
    expect(banner).to_be_hidden()

    context.set_offline(True)

    expect(banner).to_be_visible()
    expect(banner).to_contain_text("112")
    context.set_offline(False)
    expect(banner).to_be_hidden()
    console.messages.clear()


def test_home_page_first_visit_stays_within_the_budget(context: BrowserContext, page: Page) -> None:
    """Everything a first visit downloads (the page, its assets, the service worker and its
    pre-cache, the manifest and icons), compressed as served: under 60 KB in total and under
    20 KB of JavaScript."""
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))

    page.goto("/")
    wait_for_service_worker(page)
    # Headless Chromium skips what a phone fetches to offer "install": the manifest and its icons.
    page.evaluate("""async () => {
        const manifest = await (await fetch("/manifest.webmanifest")).json();
        const icons = new Set(manifest.icons.map((icon) => icon.src));
        await Promise.all([...icons].map((src) => fetch(src).then((r) => r.blob())));
    }""")
    page.wait_for_load_state("networkidle")

    sizes: dict[str, int] = {}
    for request in finished:
        size = request.sizes()
        sizes[f"{request.resource_type} {request.url}"] = (
            sizes.get(f"{request.resource_type} {request.url}", 0)
            + size["responseBodySize"]
            + size["responseHeadersSize"]
        )
    total = sum(sizes.values())
    javascript = sum(v for k, v in sizes.items() if k.startswith("script ") or ".js" in k)
    report = "\n".join(f"{v:>7} {k}" for k, v in sorted(sizes.items()))
    # The measure saw the page itself and the service worker, or it measured nothing.
    assert any(key.startswith("document ") for key in sizes), report
    assert any(key.endswith("/sw.js") for key in sizes), report
    assert total < 60 * KB, f"home page transferred {total} bytes:\n{report}"
    assert javascript < 20 * KB, f"home page JavaScript {javascript} bytes:\n{report}"


def test_home_page_sends_compressed_html(page: Page) -> None:
    response = page.goto("/")

    assert response is not None
    assert response.header_value("content-encoding") == "gzip"


@pytest.mark.parametrize("path", ["/offline/", "/"])
def test_shell_pages_have_no_accessibility_violations(page: Page, axe: AxeCheck, path: str) -> None:
    page.goto(path)

    axe(page)


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page: Page) -> None:
    page.goto("/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Langsung ke konten")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()


@pytest.mark.parametrize("path", ["/", "/masuk/", "/offline/", "/cari/?q=birth"])
def test_english_pages_have_no_accessibility_violations(
    context: BrowserContext, page: Page, axe: AxeCheck, live_server: LiveServer, path: str
) -> None:
    context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])

    page.goto(path)

    expect(page.locator("html")).to_have_attribute("lang", "en")
    axe(page)


def test_the_accessibility_check_does_catch_a_violation(page: Page, axe: AxeCheck) -> None:
    page.goto("/offline/")
    page.evaluate("""() => {
        const img = document.createElement("img");
        img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
        document.querySelector("main").append(img);
    }""")

    with pytest.raises(AssertionError, match="image-alt"):
        axe(page)


def test_the_csp_watch_does_catch_an_inline_script(page: Page, console: Console) -> None:
    page.goto("/")

    with page.expect_console_message(lambda message: "CSP violation" in message.text):
        page.evaluate("""() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.head.append(script);
        }""")

    assert page.evaluate("window.injected === undefined")
    assert console.csp_violations, console.messages
    console.messages.clear()  # seen and expected: the fixture's own CSP check must not fail
