"""The officer's console on a 1366x768 desktop and the public report pages on a 360 px phone
(issue 10, points 6 to 8), in Chromium with the demo loaded.

The console opens on the work still to do, nearest deadline first; the officer picks a case,
checks it and hands it to an office found by typing in the office picker, with a note that stays
internal. The public list, map and figures fit a phone without sideways scrolling.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.contrib.staticfiles import finders
from django.db.models import F
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from kotalive.complaints.models import Complaint, Event
from kotalive.complaints.views.staff import LEAFLET_JS
from tests.browser.conftest import DESKTOP, AxeCheck, Console, staff_context

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

NOTE = "Tolong tim kebersihan wilayah barat, bukan timur."

SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.fixture
def desk(
    browser: Browser, live_server: LiveServer, console: Console, demo: None
) -> Iterator[BrowserContext]:
    """A 1366x768 desktop browser signed in as the demo's TLR operator (TOTP step passed)."""
    context = staff_context(browser, live_server, "tlr", **DESKTOP)
    context.on("weberror", lambda error: console.page_errors.append(str(error.error)))
    context.on(
        "console",
        lambda m: console.messages.append(m.text) if "CSP violation" in m.text else None,
    )
    yield context
    context.close()
    assert console.csp_violations == [], console.csp_violations
    assert console.page_errors == [], console.page_errors


def _open_work_by_deadline() -> list[str]:
    rows = Complaint.objects.filter(
        state__in=[
            Complaint.State.NEW,
            Complaint.State.TRIAGED,
            Complaint.State.ASSIGNED,
            Complaint.State.IN_PROGRESS,
        ]
    )
    return [c.ref for c in sorted(rows, key=_due)]


def _due(c: Complaint) -> tuple[object, ...]:
    due = c.triage_due_at if c.state == Complaint.State.NEW else c.resolve_due_at or c.triage_due_at
    return (due is None, due, c.created_at, c.pk)


def test_an_officer_works_a_case_from_a_console_that_opens_on_open_work(
    desk: BrowserContext, axe: AxeCheck
) -> None:
    console = desk.new_page()
    console.set_default_timeout(10_000)
    console.goto("/staff/laksa/")
    expect(console.locator("select[name=state]")).to_have_value("work")
    expect(console.locator("select[name=order]")).to_have_value("deadline")
    shown = console.locator("#queue-rows tr[data-ref]").evaluate_all(
        "rows => rows.map(r => r.dataset.ref)"
    )
    assert shown == _open_work_by_deadline()[: len(shown)]
    assert Complaint.objects.filter(state=Complaint.State.CLOSED).exists()  # the demo has some
    assert not set(shown) & set(
        Complaint.objects.exclude(
            state__in=["new", "triaged", "assigned", "in_progress"]
        ).values_list("ref", flat=True)
    )
    assert console.evaluate(SIDEWAYS) <= 0
    axe(console)

    # The first new case, nearest its triage deadline: check it, then hand it to DLH.
    case = (
        Complaint.objects.filter(state=Complaint.State.NEW)
        .order_by(F("triage_due_at").asc(nulls_last=True), "created_at")
        .first()
    )
    assert case is not None
    console.locator(f"#row-{case.ref} a").click()
    expect(console).to_have_url(re.compile(f"/staff/laksa/{case.ref}/$"))
    expect(console.locator("button", has_text="Tandai sudah diperiksa")).to_have_count(1)
    if finders.find(LEAFLET_JS) is not None and case.lat is not None:
        expect(console.locator("#case-map.leaflet-container")).to_be_visible()
    assert console.evaluate(SIDEWAYS) <= 0
    axe(console)

    console.get_by_text("Verifikasi", exact=True).click()
    with console.expect_navigation():
        console.get_by_role("button", name="Tandai sudah diperiksa").click()
    case.refresh_from_db()
    assert case.state == Complaint.State.TRIAGED

    console.get_by_text("Serahkan ke OPD", exact=True).click()
    find = console.get_by_label("Cari dinas")
    find.fill("lingkungan")
    picker = console.locator("details[open] select[name=office]")
    chosen = picker.evaluate("s => s.selectedOptions[0].textContent")
    assert "Lingkungan" in chosen
    console.locator("details[open] textarea[name=note]").fill(NOTE)
    expect(console.locator("details[open] input[name=note_public]")).not_to_be_checked()
    axe(console)
    with console.expect_navigation():
        console.get_by_role("button", name="Serahkan ke dinas ini").click()
    case.refresh_from_db()
    assert case.state == Complaint.State.ASSIGNED
    assert case.office is not None
    assert case.office.slug == "dlh"
    # The note is the office's, not the public's.
    assert case.events.get(kind=Event.Kind.NOTE, note=NOTE).public is False
    expect(console.locator(".timeline")).to_contain_text(NOTE)
    public = desk.new_page()
    public.goto(f"/laporan/{case.ref}/")
    expect(public.get_by_role("main")).not_to_contain_text(NOTE)


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_public_list_and_figures_fit_a_phone(
    page: Page, context: BrowserContext, live_server: LiveServer, axe: AxeCheck, language: str
) -> None:
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    for url in (
        "/laporan/",
        "/laporan/?status=all",
        "/laporan/kinerja/",
        "/laporan/kinerja/?hari=90",
    ):
        page.goto(url)
        expect(page.locator("html")).to_have_attribute("lang", language)
        assert page.evaluate(SIDEWAYS) <= 0, url
        axe(page)
    page.goto("/laporan/kinerja/")
    first = page.locator("table.figures tbody tr").first
    expect(first).to_be_visible()
    # Stacked: the office's name and its figures one under the other, not side by side.
    name_box = first.locator("th").bounding_box()
    cell_box = first.locator("td").nth(1).bounding_box()
    assert name_box is not None
    assert cell_box is not None
    assert cell_box["y"] >= name_box["y"] + name_box["height"] - 1
