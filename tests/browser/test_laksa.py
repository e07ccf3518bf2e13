"""LAKSA end to end in Chromium: a resident on a phone reports with a photo, joins a duplicate,
and follows the case while TLR (watching the live console) and the office work it.

Staff sessions are made directly (password + TOTP sign-in has its own tests); everything else
goes through the pages as people use them.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, BrowserContext, Geolocation, Page, expect
from pytest_django.live_server_helper import LiveServer

from kotalive.accounts.models import User
from kotalive.complaints.models import Category, Complaint, Photo
from kotalive.complaints.services import complaint_submit
from tests.browser.conftest import PHONE, AxeCheck, staff_context
from tests.browser.test_resident import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

# Inside Kelurahan Sukarasa: where the duplicate is and where the phone's GPS says it is.
NEAR: Geolocation = {"latitude": -6.172884, "longitude": 106.631851}


def _photo(tmp_path: Path) -> Path:
    path = tmp_path / "IMG_2026.jpg"
    picture = Image.new("RGB", (1200, 900), (110, 100, 90))
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def _act(page: Page, action: str) -> None:
    """Open an action on the staff case page and save it (the page reloads with the result)."""
    page.get_by_text(action, exact=True).click()
    with page.expect_navigation():
        page.locator("details[open] form button[type=submit]").click()


def _choose_category(page: Page, slug: str) -> None:
    page.goto("/lapor/")
    page.locator(f"input[name=category][value={slug}]").check()
    page.locator("button[data-next=step-where]").click()


@contextmanager
def scripts_off(page: Page) -> Iterator[None]:
    """What `page` loads inside runs none of its scripts: the page as a browser with JavaScript
    off shows it (its <noscript> parsed too). Scripting is back after, for the test's own checks:
    axe waits on timers, which a context made with java_script_enabled=False never fires."""
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        yield
    finally:
        session.send("Emulation.setScriptExecutionDisabled", {"value": False})
        session.detach()


def test_the_report_form_without_javascript_has_its_headings_in_order(
    page: Page, sms_file: Path, axe: AxeCheck
) -> None:
    sign_in(page, sms_file)
    expect(page).to_have_url(re.compile(r"/profil/$"))
    with scripts_off(page):
        page.goto("/lapor/")
    # No script: the three steps at once, no "Next" buttons, no map.
    for step in ("#step-what", "#step-where", "#step-details"):
        expect(page.locator(step)).to_be_visible()
    expect(page.locator("button[data-next]")).to_have_count(2)
    expect(page.locator("button[data-next]").first).to_be_hidden()
    expect(page.locator(".map-block")).to_be_hidden()
    assert page.evaluate("typeof window.axe === 'object'")  # else axe() would load the page again
    axe(page)


def test_report_join_and_follow_a_case_with_tlr_watching_live(
    page: Page,
    context: BrowserContext,
    browser: Browser,
    live_server: LiveServer,
    sms_file: Path,
    axe: AxeCheck,
    tmp_path: Path,
) -> None:
    # Another resident already reported the pothole near where our resident stands.
    neighbour = User.objects.get(phone="+6281200000901")
    duplicate = complaint_submit(
        actor=neighbour,
        category=Category.objects.get(slug="jalan-rusak"),
        description="Lubang besar di jalan, dekat sekolah.",
        lat=NEAR["latitude"],
        lon=NEAR["longitude"],
    )

    tlr_context = staff_context(browser, live_server, "tlr")
    console = tlr_context.new_page()
    console.set_default_timeout(10_000)
    console.goto("/staff/laksa/")
    expect(console.locator("#live")).to_be_visible()
    axe(console)

    # 1. The resident reports garbage with a photo, by kelurahan and address (no map needed).
    sign_in(page, sms_file)
    _choose_category(page, "sampah")
    axe(page)
    page.locator("select[name=kelurahan]").select_option("36.71.01.1001")
    page.locator("input[name=address], textarea[name=address]").fill("Jl. Merdeka, depan masjid")
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(_photo(tmp_path)))
    page.locator("textarea[name=description]").fill("Sampah menumpuk tiga hari, belum diangkut.")
    page.locator("#send-report").click()
    expect(page).to_have_url(re.compile(r"/laporan/LK-[A-Z0-9]{6}/$"))
    ref = page.url.rstrip("/").rsplit("/", 1)[-1]
    expect(page.get_by_role("main")).to_contain_text("Menunggu")
    axe(page)
    case = Complaint.objects.get(ref=ref)
    assert case.photos.count() == 1
    assert case.kelurahan.code == "36.71.01.1001"

    # TLR sees it arrive in the live feed, without reloading.
    expect(console.locator("#live")).to_contain_text(ref)
    expect(console.locator(f"#row-{ref}")).to_be_visible()

    # 2. A pothole where someone already reported one: the phone's position finds it; join it.
    context.grant_permissions(["geolocation"])
    context.set_geolocation(NEAR)
    _choose_category(page, "jalan-rusak")
    page.locator("#use-gps").click()
    nearby = page.locator("#nearby")
    expect(nearby).to_contain_text(duplicate.ref)
    nearby.get_by_role("button", name=re.compile(f"Saya juga.*{duplicate.ref}")).click()
    expect(page).to_have_url(re.compile(f"/laporan/{duplicate.ref}/$"))
    duplicate.refresh_from_db()
    assert duplicate.supporters_count == 1
    assert Complaint.objects.filter(category__slug="jalan-rusak", lat__isnull=False).count() >= 1
    assert not Complaint.objects.filter(
        reporter__phone="+6281234567801", category__slug="jalan-rusak"
    ).exists()

    # 3. TLR triages and assigns the garbage report; it goes to DLH.
    console.goto(f"/staff/laksa/{ref}/")
    axe(console)
    for action in ("Verifikasi", "Serahkan ke OPD"):
        _act(console, action)
    case.refresh_from_db()
    assert case.state == Complaint.State.ASSIGNED
    assert case.office is not None
    assert case.office.slug == "dlh"

    # 4. The DLH officer starts and resolves it with a photo of the result.
    dlh_context = staff_context(browser, live_server, "dlh")
    office = dlh_context.new_page()
    office.set_default_timeout(10_000)
    office.goto(f"/staff/laksa/{ref}/")
    _act(office, "Mulai kerjakan")
    office.get_by_text("Selesaikan dengan bukti", exact=True).click()
    office.locator("details[open] textarea").first.fill("Sampah sudah diangkut pagi ini.")
    office.locator("details[open] input[name=evidence]").set_input_files(str(_photo(tmp_path)))
    with office.expect_navigation():
        office.locator("details[open] form button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == Complaint.State.RESOLVED
    assert case.photos.filter(kind=Photo.Kind.EVIDENCE).count() == 1

    # 5. The resident sees it done, confirms, and rates it.
    page.goto(f"/laporan/{ref}/")
    expect(page.get_by_role("main")).to_contain_text("Sampah sudah diangkut pagi ini.")
    page.get_by_role("button", name="Ya, sudah diperbaiki").click()
    expect(page.get_by_role("main")).to_contain_text("Selesai")
    page.locator("form.rate input[name=rating][value='5']").check()
    page.locator("form.rate [name=comment]").fill("Cepat, terima kasih!")
    page.locator("form.rate button[type=submit]").click()
    case.refresh_from_db()
    assert case.state == Complaint.State.CLOSED
    assert case.rating == 5
    axe(page)

    page.goto("/lapor/saya/")
    expect(page.get_by_role("main")).to_contain_text(ref)
    expect(page.get_by_role("main")).to_contain_text(duplicate.ref)
    axe(page)
    page.goto("/laporan/")
    axe(page)
    for staff in (tlr_context, dlh_context):
        staff.close()


def test_a_phone_camera_photo_is_shrunk_before_it_is_sent(
    page: Page, live_server: LiveServer, sms_file: Path, tmp_path: Path
) -> None:
    # A 12 MP (4000x3000) camera JPEG: the page sends it at the 1600 px the city keeps.
    path = tmp_path / "IMG_4000.jpg"
    picture = Image.new("RGB", (4000, 3000), (110, 100, 90))
    for i in range(40):
        picture.paste((40 + i * 5, 90, 60 + i * 3), (i * 90, i * 60, i * 90 + 400, i * 60 + 300))
    picture.save(path, "JPEG", quality=92)
    original = path.stat().st_size

    sign_in(page, sms_file)
    _choose_category(page, "sampah")
    page.locator("select[name=kelurahan]").select_option("36.71.01.1001")
    page.locator("input[name=address], textarea[name=address]").fill("Jl. Merdeka, depan masjid")
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(path))
    # What the form will send is the file in the input: shrunk there, under its own name.
    page.wait_for_function(
        "limit => { const f = document.querySelector('input[name=photos]').files[0];"
        " return f && f.size < limit && f.name === 'IMG_4000.jpg' && f.type === 'image/jpeg'; }",
        arg=original / 2,
    )
    page.locator("textarea[name=description]").fill("Sampah menumpuk, foto dari kamera ponsel.")
    page.locator("#send-report").click()
    expect(page).to_have_url(re.compile(r"/laporan/LK-[A-Z0-9]{6}/$"))
    ref = page.url.rstrip("/").rsplit("/", 1)[-1]
    photo = Complaint.objects.get(ref=ref).photos.get()
    assert (photo.width, photo.height) == (1600, 1200)


def test_a_report_written_offline_is_sent_once_when_the_phone_is_back_online(
    browser: Browser, live_server: LiveServer, demo: None, sms_file: Path, tmp_path: Path
) -> None:
    # Service workers blocked: this is the page's own outbox. (With both, the page and Background
    # Sync send the same draft at once; the test server's SQLite shares one connection between
    # request threads, which cannot show what PostgreSQL does with it: tests/core covers that.)
    context = browser.new_context(
        base_url=live_server.url,
        locale="id-ID",
        service_workers="block",
        **PHONE,  # type: ignore[arg-type]
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    sign_in(page, sms_file)
    _choose_category(page, "lampu-jalan")
    page.locator("select[name=kelurahan]").select_option("36.71.01.1002")
    page.locator("input[name=address], textarea[name=address]").fill("Gang Mawar, dekat pos ronda")
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(_photo(tmp_path)))
    page.locator("textarea[name=description]").fill("Lampu jalan mati sejak kemarin malam.")

    context.set_offline(True)
    page.locator("#send-report").click()
    status = page.locator("#offline-queue")
    expect(status).to_contain_text("luring")  # "you are offline ... saved on this phone"
    mine = Complaint.objects.filter(reporter__phone="+6281234567801")
    assert not mine.exists()

    context.set_offline(False)
    expect(status).to_contain_text("sudah terkirim", timeout=15_000)
    sent = mine.get()
    assert sent.description == "Lampu jalan mati sejak kemarin malam."
    assert sent.photos.count() == 1
    # The page tries the outbox again on every load: nothing is left to send twice.
    page.goto("/lapor/")
    page.wait_for_timeout(1000)
    assert mine.count() == 1
    context.close()
