"""Offline on a phone in Chromium: the shell, the report form and the drafts list open without a
connection; a report written offline waits as a draft and is sent once when the phone is back
online, whatever page is open. And the report form sends each report once, with its photo once."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import BrowserContext, Page, Request, expect

from kotalive.complaints.models import Complaint
from tests.browser.test_resident import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RESIDENT = "+6281234567801"


def _photo(tmp_path: Path) -> Path:

    path = tmp_path / "IMG_0001.jpg"
    out = io.BytesIO()
    Image.new("RGB", (800, 600), (120, 90, 60)).save(out, "JPEG", quality=85)
    path.write_bytes(out.getvalue())
    return path


def _fill_report(page: Page, photo: Path, description: str) -> None:
    page.goto("/lapor/")
    page.locator("input[name=category][value=sampah]").check()
    page.locator("button[data-next=step-where]").click()
    page.locator("select[name=kelurahan]").select_option("36.71.01.1001")
    page.locator("input[name=address], textarea[name=address]").fill("Jl. Merdeka, depan masjid")
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(photo))
    page.locator("textarea[name=description]").fill(description)


def test_a_report_is_posted_once_to_the_form_with_its_photo_once(
    context: BrowserContext, page: Page, sms_file: Path, tmp_path: Path
) -> None:
    # The buttons named "action" shadow form.action: the script once posted every report to
    # /lapor/[object RadioNodeList] first (a 404), then again the plain way, photo and all.
    sign_in(page, sms_file)
    photo = _photo(tmp_path)
    _fill_report(page, photo, "Sampah menumpuk di depan masjid.")
    posts: list[Request] = []
    context.on("request", lambda r: posts.append(r) if r.method == "POST" else None)

    page.locator("#send-report").click()

    expect(page).to_have_url(re.compile(r"/laporan/LK-[A-Z0-9]{6}/$"))
    paths = [re.sub(r"^https?://[^/]+", "", r.url) for r in posts]
    assert paths == ["/lapor/"], paths
    # Chromium does not hand a file upload's body to the test: its size shows the photo went.
    photo_size = photo.stat().st_size
    sizes = [int(r.all_headers().get("content-length", "0")) for r in posts]
    assert len([size for size in sizes if size > photo_size]) == 1, sizes
    case = Complaint.objects.get(reporter__phone=RESIDENT)
    assert case.photos.count() == 1
