"""A resident on a phone: sign in with an SMS code, verify a NIK, and the pages are accessible."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from kotalive.civil_registry.seed import DEMO_FAMILY, DEMO_KK
from tests.browser.conftest import AxeCheck, last_code_for

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

PHONE_LOCAL = "0812 3456 7801"
PHONE_DIGITS = "6281234567801"


def sign_in(page: Page, sms_file: Path, phone: str = PHONE_LOCAL) -> None:
    page.goto("/masuk/")
    page.locator("main input[name=phone]").fill(phone)
    page.locator("main form button[type=submit]").click()
    code_field = page.locator("main input[name=code]")
    expect(code_field).to_be_visible()

    code_field.fill(last_code_for(sms_file, re.sub(r"\D", "", phone)))
    page.locator("main form button[type=submit]").click()


def test_resident_signs_in_with_the_code_from_the_sms(page: Page, sms_file: Path) -> None:
    sign_in(page, sms_file)

    expect(page).to_have_url(re.compile(r"/profil/$"))
    expect(page.get_by_role("link", name="Profil")).to_be_visible()
    # The phone number is shown masked, never in full.
    expect(page.get_by_role("main")).not_to_contain_text("81234567801")


def test_a_wrong_code_is_refused_on_the_page(page: Page, sms_file: Path) -> None:
    page.goto("/masuk/")
    page.locator("main input[name=phone]").fill(PHONE_LOCAL)
    page.locator("main form button[type=submit]").click()
    code_field = page.locator("main input[name=code]")
    expect(code_field).to_be_visible()
    real = last_code_for(sms_file, PHONE_DIGITS)
    wrong = f"{(int(real) + 1) % 1_000_000:06d}"

    code_field.fill(wrong)
    page.locator("main form button[type=submit]").click()

    expect(page.locator("main input[name=code]")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("main .errorlist")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/masuk/$"))
    expect(page.get_by_role("link", name="Profil")).to_have_count(0)


def test_resident_verifies_a_nik_with_the_demo_family(page: Page, sms_file: Path) -> None:
    head = DEMO_FAMILY[0]
    sign_in(page, sms_file)
    page.locator("main a[href='/profil/verifikasi-nik/']").click()

    page.locator("input[name=nik]").fill(head.nik)
    page.locator("input[name=kk]").fill(DEMO_KK)
    page.locator("input[name=full_name]").fill(head.full_name)
    page.get_by_label("Tanggal lahir").fill(head.birth_date.isoformat())
    page.locator("main form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/profil/$"))
    main = page.get_by_role("main")
    expect(main).to_contain_text(head.nik[:4] + "*" * 12)  # province and city code only
    expect(main).not_to_contain_text(head.nik)
    for member in DEMO_FAMILY:
        expect(main).to_contain_text(member.full_name)


def test_signed_in_pages_have_no_accessibility_violations(
    page: Page, sms_file: Path, axe: AxeCheck
) -> None:
    page.goto("/masuk/")
    axe(page)

    sign_in(page, sms_file)
    expect(page).to_have_url(re.compile(r"/profil/$"))
    axe(page)

    page.goto("/profil/verifikasi-nik/")
    axe(page)

    # The same pages with the errors shown.
    page.locator("main form button[type=submit]").click()
    expect(page.locator("main .errorlist").first).to_be_visible()
    axe(page)


def test_service_worker_keeps_no_personal_page_or_api_answer(page: Page, sms_file: Path) -> None:
    sign_in(page, sms_file)
    expect(page).to_have_url(re.compile(r"/profil/$"))
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.goto("/profil/verifikasi-nik/")
    page.evaluate("fetch('/api/v1/openapi.json').then((r) => r.text())")
    page.goto("/profil/")

    cached = page.evaluate("""async () => {
        const urls = [];
        for (const name of await caches.keys()) {
            for (const request of await (await caches.open(name)).keys()) {
                urls.push(new URL(request.url).pathname);
            }
        }
        return urls;
    }""")

    assert "/offline/" in cached
    # Besides the shell: the public pages kept for offline (drafts list, emergency menus) and the
    # home page (dropped on sign-out); never the profile, the NIK step or an API answer.
    kept_for_offline = {
        "/offline/",
        "/",
        "/lapor/draf/",
        "/layanan/siaga-112/",
        "/layanan/ambulans-gratis/",
        "/kategori/darurat/",
    }
    assert [u for u in cached if u not in kept_for_offline and not u.startswith("/static/")] == []
