"""Issue 11's journey in Chromium: a verified resident applies for a birth certificate on a phone
with the hospital's birth letter and the marriage book, the Disdukcapil officer asks for a
correction, the resident corrects it in place, the officer approves and issues, the resident
downloads the PDF, and the QR code read from the PDF's image verifies with a JOSE library
against /verify/keys alone and leads to a page that says the document is genuine and in force.
axe finds nothing on the pages of either side."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import pypdf
import pytest
import zxingcpp
from django.conf import settings
from django.test import Client
from django.utils import timezone
from fpdf import FPDF
from jwcrypto import jwk, jws  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from kotalive.accounts.services.identity import identity_verify
from kotalive.civil_registry.registry import get_registry
from kotalive.civil_registry.seed import DEMO_FAMILY, DEMO_KK
from tests.browser.conftest import DESKTOP, AxeCheck, staff_context
from tests.world import make_resident

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _pdf(tmp_path: Path, name: str, text: str) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    path = tmp_path / name
    path.write_bytes(bytes(pdf.output()))
    return path


def _father_signed_in(context: BrowserContext, live_url: str) -> None:
    """Budi Santoso, the demo family's head, verified with his NIK (docs/demo.md)."""
    father = make_resident("+6281234509876")
    head = DEMO_FAMILY[0]
    identity_verify(
        actor=father,
        nik=head.nik,
        kk=DEMO_KK,
        full_name=head.full_name,
        birth_date=head.birth_date,
        ip=None,
    )
    client = Client()
    client.force_login(father)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_url}])


def _choose(page: Page, key: str, value: str) -> None:
    page.locator(f"input[name='f.{key}'][value='{value}']").check()


def _qr_text(pdf: bytes) -> str:
    (first, *_rest) = pypdf.PdfReader(io.BytesIO(pdf)).pages
    for image in first.images:
        found = zxingcpp.read_barcodes(image.image)
        if found:
            return str(found[0].text)
    raise AssertionError("no QR code in the PDF's images")


def test_a_birth_certificate_from_the_phone_to_a_verified_document(
    context: BrowserContext,
    page: Page,
    axe: AxeCheck,
    browser: Browser,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    _father_signed_in(context, live_server.url)
    born = timezone.localdate() - dt.timedelta(days=12)

    # 1. The catalog menu leads to the service, which says what to bring.
    page.goto("/layanan/akta-kelahiran-online/")
    page.locator("main a[href='/permohonan/baru/akta-kelahiran-online/']").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Akta Kelahiran")
    _fits(page)
    axe(page)
    page.get_by_role("button", name="Ajukan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/PM-[A-Z0-9]{8}/$"))
    ref = page.url.rstrip("/").rsplit("/", 1)[1]

    # 2. The form: the parents are filled in from the household; the rest typed and uploaded.
    expect(page.locator("#f-father-name")).to_have_value("Budi Santoso")
    expect(page.locator("#f-mother-name")).to_have_value("Siti Rahmawati")
    page.locator("#f-child-name").fill("Bayu Santoso")
    _choose(page, "child_sex", "laki-laki")
    page.locator("#f-child-birth-date").fill(born.isoformat())
    page.locator("#f-birth-city").fill("Kota Tangerang")
    _choose(page, "birth_facility", "rumah-sakit")
    _choose(page, "birth_attendant", "dokter")
    _choose(page, "birth_kind", "tunggal")
    page.locator("#f-birth-order").fill("2")
    _choose(page, "marriage_document_kind", "buku-nikah")
    page.locator("#f-marriage-date").fill("2010-06-12")
    page.locator("[name='f.witnesses.0.name']").fill("Agus Saputra")
    page.locator("[name='f.witnesses.0.nik']").fill("3671011203800002")
    page.locator("[name='f.witnesses.1.name']").fill("Dewi Lestari")
    page.locator("[name='f.witnesses.1.nik']").fill("3671015504820003")
    _choose(page, "late", "false")
    page.locator("#f-birth-letter").set_input_files(_pdf(tmp_path, "skl.pdf", "Surat lahir RSUD"))
    page.locator("#f-marriage-document").set_input_files(_pdf(tmp_path, "nikah.pdf", "Buku nikah"))
    _fits(page)
    axe(page)
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Sedang diperiksa")
    expect(page.get_by_role("main")).to_contain_text(ref)
    _fits(page)
    axe(page)

    # 3. The Disdukcapil officer finds it in the queue and asks for a correction.
    office = staff_context(browser, live_server, "dukcapil", **DESKTOP)
    desk = office.new_page()
    desk.set_default_timeout(10_000)
    desk.goto("/staff/permohonan/")
    axe(desk)
    desk.get_by_role("link", name=ref).click()
    expect(desk.get_by_role("main")).to_contain_text("Bayu Santoso")
    axe(desk)
    correction = desk.locator("#action-request_correction")
    correction.locator("textarea").fill("Anak ke-3, bukan ke-2: perbaiki urutan kelahiran.")
    correction.get_by_role("button").click()
    expect(desk.get_by_role("main")).to_contain_text("Diminta perbaikan")

    # 4. The resident reads the reason above the form and corrects in place.
    page.reload()
    expect(page.get_by_role("main")).to_contain_text("Anak ke-3, bukan ke-2")
    axe(page)
    page.locator("#f-birth-order").fill("3")
    page.get_by_role("button", name="Kirim perbaikan").click()
    expect(page.get_by_role("main")).to_contain_text("Sedang diperiksa")

    # 5. The officer approves and issues.
    desk.reload()
    desk.locator("#action-approve").get_by_role("button").click()
    expect(desk.locator("#action-issue")).to_be_visible()
    desk.locator("#action-issue").get_by_role("button").click()
    expect(desk.get_by_role("main")).to_contain_text("Diterbitkan")
    expect(desk.locator("#action-issue")).to_have_count(0)
    axe(desk)
    office.close()
    assert any(p.full_name == "Bayu Santoso" for p in get_registry().household(kk=DEMO_KK))

    # 6. The resident downloads the PDF; its QR code verifies with the published keys alone.
    page.reload()
    axe(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile(r"^Unduh .*\(PDF\)")).click()
    pdf = Path(download.value.path()).read_bytes()
    url, _, compact = _qr_text(pdf).partition("#")
    keys = jwk.JWKSet.from_json(page.request.get("/verify/keys").body())
    token = jws.JWS()
    token.deserialize(compact)
    token.verify(keys.get_key(token.jose_header["kid"]), alg="EdDSA")
    claims = json.loads(token.payload)
    assert claims["doc"]["holder"]["name"] == "Bayu Santoso"

    # 7. The QR code's address says the document is genuine and in force.
    page.goto(urlsplit(url).path)
    verdict = page.locator("main")
    expect(verdict).to_contain_text("Tanda tangan sah")
    expect(verdict).to_contain_text("Berlaku")
    expect(verdict).to_contain_text("Bayu Santoso")
    _fits(page)
    axe(page)
