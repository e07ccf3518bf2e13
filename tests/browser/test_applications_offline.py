"""An application's draft on a phone that loses its connection (applications/offline.js): "Save
draft" keeps the typed answers on the phone and says so, they reach the server once when the
phone is back online, and answers kept under another account are neither sent nor shown."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import BrowserContext, Page, expect

from kotalive.accounts.models import Organisation
from kotalive.applications import selectors
from kotalive.applications.models import Application
from kotalive.applications.services import definition_publish
from kotalive.applications.spec import spec_from_data
from kotalive.core.models import IdempotencyRecord
from tests.applications.conftest import service_data
from tests.browser.conftest import AxeCheck, wait_until
from tests.world import make_verified_resident

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

KEPT = "Tersimpan di ponsel ini; akan dikirim saat tersambung."
SAVED = "kini sudah disimpan dalam draf Anda"


def _signed_in(context: BrowserContext, live_url: str, name: str) -> None:
    office = Organisation.objects.filter(
        kind=Organisation.Kind.KELURAHAN, kelurahan__isnull=False
    ).first()
    assert office is not None
    identity = make_verified_resident(name, office.kelurahan)
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


def _draft(page: Page) -> Application:
    Organisation.objects.get_or_create(
        slug="dinas-uji", defaults={"kind": Organisation.Kind.OPD, "name": "Dinas Uji"}
    )
    definition_publish(spec=spec_from_data(service_data(menu="surat-uji")), actor=None)
    page.goto("/permohonan/baru/surat-uji/")
    page.get_by_role("button", name="Ajukan").click()
    expect(page).to_have_url(re.compile(r"/permohonan/PM-[A-Z0-9]{8}/$"))
    return Application.objects.get(ref=page.url.rstrip("/").rsplit("/", 1)[-1])


def _saves(application: Application) -> int:
    return IdempotencyRecord.objects.filter(
        path=f"/api/v1/applications/{application.ref}/answers"
    ).count()


def test_answers_saved_offline_reach_the_draft_once_when_the_phone_is_back_online(
    context: BrowserContext, page: Page, axe: AxeCheck, live_server: object
) -> None:
    _signed_in(context, str(getattr(live_server, "url", "")), "Dewi Luring")
    application = _draft(page)
    expect(page.locator("#app-offline-hint")).to_contain_text("Tanpa sambungan")

    context.set_offline(True)
    page.get_by_label("Bank").check()
    page.locator("#f-since").fill("2020-01-31")
    page.locator("[name='f.witnesses.0.name']").fill("Saksi Luring")
    page.get_by_role("button", name="Simpan draf").click()
    status = page.locator("#app-offline")
    expect(status).to_have_text(KEPT)
    axe(page)
    # Sending is for when the phone is connected: the page says so and stays.
    page.get_by_role("button", name="Kirim", exact=True).click()
    expect(status).to_contain_text("hanya saat Anda tersambung")
    application.refresh_from_db()
    assert "since" not in selectors.draft_answers_for(application)
    assert _saves(application) == 0

    context.set_offline(False)
    expect(status).to_contain_text(SAVED, timeout=15_000)
    application.refresh_from_db()
    answers = selectors.draft_answers_for(application)
    assert answers["purpose"] == "bank"
    assert answers["since"] == "2020-01-31"
    assert answers["witnesses"][0]["name"] == "Saksi Luring"
    assert application.state == Application.State.DRAFT
    assert _saves(application) == 1
    axe(page)

    # Every load tries what is kept: nothing is left to save twice.
    page.reload()
    wait_until(page, "() => document.querySelector('form.app-form').dataset.outbox === 'ready'")
    expect(page.locator("#f-since")).to_have_value("2020-01-31")
    assert _saves(application) == 1


def test_answers_kept_under_another_account_are_neither_sent_nor_shown(
    context: BrowserContext, page: Page, live_server: object
) -> None:
    _signed_in(context, str(getattr(live_server, "url", "")), "Dewi Berikut")
    application = _draft(page)
    # What the phone's previous user kept for this page, under their account's marker.
    page.evaluate(
        """ref => kotaliveStore.store("kotalive-applications", "answers").put({
             key: ref, url: "/api/v1/applications/" + ref + "/answers",
             pairs: [["f.since", "1999-12-31"]], author: "0000000000000000",
             idem: "app-test-other", csrf: "", savedAt: new Date().toISOString()})""",
        application.ref,
    )
    page.reload()
    wait_until(page, "() => document.querySelector('form.app-form').dataset.outbox === 'ready'")
    expect(page.locator("#f-since")).to_have_value("")
    expect(page.locator("#app-offline")).to_be_hidden()
    application.refresh_from_db()
    assert "since" not in selectors.draft_answers_for(application)
    assert _saves(application) == 0


def test_signing_out_drops_the_answers_kept_on_the_phone(
    context: BrowserContext, page: Page, live_server: object
) -> None:
    _signed_in(context, str(getattr(live_server, "url", "")), "Dewi Keluar")
    page.goto("/profil/")
    # What "Save draft" offline kept (applications/offline.js), not sent yet.
    page.evaluate(
        """() => new Promise((resolve, reject) => {
             const req = indexedDB.open("kotalive-applications", 1);
             req.onupgradeneeded = () => req.result.createObjectStore("answers", {keyPath: "key"});
             req.onerror = () => reject(req.error);
             req.onsuccess = () => {
               const tx = req.result.transaction("answers", "readwrite");
               tx.objectStore("answers").put({key: "PM-TEST0001", pairs: [["f.since", "2020"]]});
               tx.oncomplete = () => { req.result.close(); resolve(true); };
             };
           })"""
    )
    kept = """async () => (await indexedDB.databases())
        .some(d => d.name === "kotalive-applications")"""
    assert page.evaluate(kept)

    page.locator("form[action='/keluar/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    # Whoever uses the phone next finds nothing of the last person's answers on it.
    wait_until(page, f"async () => !(await ({kept})())")


def test_a_save_the_connection_drops_under_is_kept_and_saved_once_later(
    context: BrowserContext, page: Page, live_server: object
) -> None:
    _signed_in(context, str(getattr(live_server, "url", "")), "Dewi Sinyal")
    application = _draft(page)
    status = page.locator("#app-offline")

    # Connected: saved at once, through the API.
    page.locator("#f-since").fill("2020-01-31")
    page.get_by_role("button", name="Simpan draf").click()
    expect(status).to_have_text("Draf disimpan. Anda dapat melanjutkannya nanti.")
    application.refresh_from_db()
    assert selectors.draft_answers_for(application)["since"] == "2020-01-31"
    assert _saves(application) == 1

    # The phone says it is online, but the save never reaches the server.
    page.route("**/api/v1/applications/*/answers", lambda route: route.abort())
    page.locator("#f-since").fill("2021-02-28")
    page.get_by_role("button", name="Simpan draf").click()
    expect(status).to_have_text(KEPT)
    assert _saves(application) == 1

    page.unroute("**/api/v1/applications/*/answers")
    expect(status).to_contain_text(SAVED, timeout=15_000)
    application.refresh_from_db()
    assert selectors.draft_answers_for(application)["since"] == "2021-02-28"
    assert _saves(application) == 2
