"""A resident applies for a service in Chromium on a 360 px phone: the service page, the form, its
error summary leading to the field, a field shown for one choice, and the receipt fit the screen,
break no CSP rule and axe finds nothing on them."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from kotalive.accounts.models import Organisation
from kotalive.applications.services import definition_publish
from kotalive.applications.spec import spec_from_data
from tests.applications.conftest import service_data
from tests.browser.conftest import AxeCheck
from tests.world import make_verified_resident

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _fits(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def _signed_in(context: BrowserContext, live_url: str) -> None:
    office = Organisation.objects.filter(
        kind=Organisation.Kind.KELURAHAN, kelurahan__isnull=False
    ).first()
    assert office is not None
    identity = make_verified_resident("Dewi Pemohon", office.kelurahan)
    client = Client()
    client.force_login(identity.user)
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_url,
            }
        ]
    )


def test_a_resident_applies_on_a_phone(
    context: BrowserContext, page: Page, axe: AxeCheck, live_server: object
) -> None:
    Organisation.objects.get_or_create(
        slug="dinas-uji", defaults={"kind": Organisation.Kind.OPD, "name": "Dinas Uji"}
    )
    definition_publish(spec=spec_from_data(service_data(menu="surat-uji")), actor=None)
    _signed_in(context, str(getattr(live_server, "url", "")))

    page.goto("/permohonan/baru/surat-uji/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Surat uji")
    _fits(page)
    axe(page)

    page.get_by_role("button", name="Ajukan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/PM-[A-Z0-9]{8}/$"))
    _fits(page)
    axe(page)

    page.get_by_role("button", name="Kirim", exact=True).click()
    summary = page.locator("#faults")
    expect(summary).to_contain_text("Beberapa jawaban perlu diperbaiki")
    _fits(page)
    axe(page)
    summary.get_by_role("link").first.click()
    expect(page.locator("#f-purpose-0")).to_be_focused()

    # A field shown only for one choice appears as soon as it is chosen (form.js).
    other = page.locator("#f-purpose-other")
    expect(other).to_be_hidden()
    page.get_by_label("Lainnya").check()
    expect(other).to_be_visible()
    page.get_by_label("Bank").check()
    expect(other).to_be_hidden()
    page.locator("#f-since").fill("2020-01-31")
    page.locator("[name='f.witnesses.0.name']").fill("Saksi Satu")
    page.locator("[name='f.witnesses.0.nik']").fill("3671011708850001")
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(page.get_by_role("main")).to_contain_text("Sedang diperiksa")
    _fits(page)
    axe(page)
