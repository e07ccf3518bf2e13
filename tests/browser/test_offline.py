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
from tests.browser.conftest import AxeCheck, Console, wait_until
from tests.browser.test_resident import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

RESIDENT = "+6281234567801"
DRAFTS_FILES = ("/static/complaints/outbox.js", "/static/complaints/drafts.js")


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


def _kept_for_offline(page: Page, *urls: str) -> None:
    """Until the service worker controls the page and holds these URLs in one of its caches."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    # Read through: an entry shows before its body is written, and a write cut off goes away.
    wait_until(
        page,
        """async (urls) => {
            for (const url of urls) {
                const kept = await caches.match(url);
                if (!kept) return false;
                try { await kept.arrayBuffer(); } catch (error) { return false; }
            }
            return true;
        }""",
        arg=list(urls),
    )


@pytest.mark.parametrize("screen", ["phone", "desktop"], indirect=True)
def test_offline_the_shell_and_drafts_open_and_a_draft_is_sent_once_from_another_page(
    context: BrowserContext,
    page: Page,
    sms_file: Path,
    tmp_path: Path,
    axe: AxeCheck,
    console: Console,
) -> None:
    sign_in(page, sms_file)
    for path in ("/", "/lapor/saya/", "/lapor/"):
        page.goto(path)
    _kept_for_offline(
        page, "/", "/lapor/", "/lapor/saya/", "/lapor/draf/", "/layanan/siaga-112/", *DRAFTS_FILES
    )
    mine = Complaint.objects.filter(reporter__phone=RESIDENT)

    context.set_offline(True)
    # The shell and the drafts list open without a connection.
    page.goto("/")
    expect(page.locator("#offline-banner")).to_be_visible()
    page.goto("/lapor/draf/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan tersimpan di ponsel ini")
    expect(page.locator("#no-drafts")).to_be_visible()
    axe(page)
    page.goto("/lapor/saya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Laporan saya")

    # A report written offline waits as a draft; a second tap saves no empty one.
    _fill_report(page, _photo(tmp_path), "Sampah menumpuk tiga hari, belum diangkut.")
    page.locator("#send-report").click()
    status = page.locator("#offline-queue")
    expect(status).to_contain_text("luring")
    expect(status.get_by_role("link")).to_have_attribute("href", "/lapor/draf/")
    page.locator("#send-report").click()
    expect(status).to_contain_text("Pilih kategori")
    page.locator("main").get_by_role("link", name="Laporan tersimpan di ponsel ini").click()
    drafts = page.locator("#draft-list > li")
    expect(drafts).to_have_count(1)
    expect(drafts.first).to_contain_text("Menunggu dikirim")
    expect(drafts.first).to_contain_text("Sampah menumpuk tiga hari")
    axe(page)
    assert not mine.exists()

    # Back online on another page (the 112 menu, itself kept for offline): it is sent, once,
    # and that page says so with a link to the new case.
    page.goto("/layanan/siaga-112/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tangerang Siaga 112")
    expect(page.locator("a[href='tel:112']").first).to_be_visible()
    context.set_offline(False)
    news = page.locator("#outbox-status")
    expect(news).to_contain_text("sudah terkirim", timeout=15_000)
    case = mine.get()
    expect(news.get_by_role("link", name=case.ref)).to_have_attribute(
        "href", f"/laporan/{case.ref}/"
    )
    assert case.description == "Sampah menumpuk tiga hari, belum diangkut."
    assert case.photos.count() == 1

    # The drafts list shows it sent, with the link; another page load sends nothing again.
    page.goto("/lapor/draf/")
    expect(drafts.first).to_contain_text("Terkirim sebagai")
    expect(drafts.first.get_by_role("link", name=case.ref)).to_be_visible()
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert mine.count() == 1
    # Failed requests while offline are expected console noise, not errors of the page.
    console.messages.clear()


def test_a_draft_the_server_refuses_says_why_and_is_edited_and_sent(
    context: BrowserContext, page: Page, sms_file: Path, tmp_path: Path, console: Console
) -> None:
    sign_in(page, sms_file)
    page.goto("/lapor/")
    _kept_for_offline(page, "/lapor/", "/lapor/draf/", *DRAFTS_FILES)
    mine = Complaint.objects.filter(reporter__phone=RESIDENT)

    # Offline, without a place: the phone cannot know the city needs one, so it waits as a draft.
    context.set_offline(True)
    page.goto("/lapor/")
    page.locator("input[name=category][value=sampah]").check()
    page.locator("button[data-next=step-where]").click()
    page.locator("button[data-next=step-details]").click()
    page.locator("input[name=photos]").set_input_files(str(_photo(tmp_path)))
    page.locator("textarea[name=description]").fill("Sampah menumpuk di pinggir kali.")
    page.locator("#send-report").click()
    expect(page.locator("#offline-queue")).to_contain_text("luring")

    # Back online: the refusal is said, not a "sent", and the draft keeps the reason.
    page.goto("/lapor/draf/")
    context.set_offline(False)
    news = page.locator("#outbox-status")
    expect(news).to_contain_text("tidak diterima", timeout=15_000)
    expect(news).not_to_contain_text("terkirim")
    draft = page.locator("#draft-list > li")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("Tidak diterima: Tandai lokasi di peta")
    assert not mine.exists()

    # Edited on the report form (photo and words kept), it is sent and leaves the list.
    draft.get_by_role("link", name="Ubah").click()
    expect(page.locator("textarea[name=description]")).to_have_value(
        "Sampah menumpuk di pinggir kali."
    )
    page.locator("select[name=kelurahan]").select_option("36.71.01.1001")
    page.locator("input[name=address], textarea[name=address]").fill("Jl. Kali Pasir")
    page.locator("#send-report").click()
    expect(page).to_have_url(re.compile(r"/laporan/LK-[A-Z0-9]{6}/$"))
    case = mine.get()
    assert case.photos.count() == 1
    page.goto("/lapor/draf/")
    expect(page.locator("#no-drafts")).to_be_visible()
    console.messages.clear()


def test_a_draft_can_be_discarded(
    context: BrowserContext, page: Page, sms_file: Path, tmp_path: Path, console: Console
) -> None:
    sign_in(page, sms_file)
    page.goto("/lapor/")
    _kept_for_offline(page, "/lapor/", "/lapor/draf/", *DRAFTS_FILES)
    context.set_offline(True)
    _fill_report(page, _photo(tmp_path), "Sampah di depan sekolah.")
    page.locator("#send-report").click()
    expect(page.locator("#offline-queue")).to_contain_text("luring")
    page.goto("/lapor/draf/")
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#draft-list").get_by_role("button", name="Buang").click()

    expect(page.locator("#draft-list > li")).to_have_count(0)
    expect(page.locator("#no-drafts")).to_be_visible()
    context.set_offline(False)
    page.goto("/")
    page.wait_for_load_state("networkidle")
    assert not Complaint.objects.filter(reporter__phone=RESIDENT).exists()
    console.messages.clear()


def test_signing_out_drops_the_pages_kept_for_offline(
    context: BrowserContext, page: Page, sms_file: Path, console: Console
) -> None:
    sign_in(page, sms_file)
    page.goto("/lapor/saya/")
    _kept_for_offline(page, "/lapor/saya/")

    page.goto("/profil/")
    page.locator("form[action='/keluar/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    wait_until(
        page,
        """async () => {
            for (const name of await caches.keys()) {
                if (await (await caches.open(name)).match("/lapor/saya/")) return false;
            }
            return true;
        }""",
    )

    # The next person on this phone, offline, does not see the last one's reports.
    context.set_offline(True)
    page.goto("/lapor/saya/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Anda sedang luring")
    context.set_offline(False)
    console.messages.clear()


def test_signing_out_discards_the_drafts_not_sent_so_no_one_else_sends_them(
    context: BrowserContext, page: Page, sms_file: Path, tmp_path: Path, console: Console
) -> None:
    sign_in(page, sms_file)
    page.goto("/lapor/")
    _kept_for_offline(page, "/lapor/", "/lapor/draf/", *DRAFTS_FILES)
    # A draft the server refuses (no place) stays on the phone, waiting to be edited.
    context.set_offline(True)
    page.goto("/lapor/")
    page.locator("input[name=category][value=sampah]").check()
    page.locator("button[data-next=step-where]").click()
    page.locator("button[data-next=step-details]").click()
    page.locator("textarea[name=description]").fill("Sampah di gang sempit.")
    page.locator("#send-report").click()
    expect(page.locator("#offline-queue")).to_contain_text("luring")
    page.goto("/lapor/draf/")
    context.set_offline(False)
    expect(page.locator("#draft-list > li")).to_have_count(1, timeout=15_000)

    page.goto("/profil/")
    page.locator("form[action='/keluar/'] button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    # Whoever uses the phone next finds no draft of the last person's to send as theirs.
    page.goto("/lapor/draf/")
    expect(page.locator("#no-drafts")).to_be_visible()
    expect(page.locator("#draft-list > li")).to_have_count(0)
    assert not Complaint.objects.filter(reporter__phone=RESIDENT).exists()
    console.messages.clear()


def test_the_home_page_opens_offline_after_a_first_visit_and_one_more_page(
    context: BrowserContext, page: Page, console: Console
) -> None:
    page.goto("/")  # before the service worker runs: it cannot keep this one
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    page.goto("/laporan/")
    _kept_for_offline(page, "/", "/layanan/siaga-112/", "/layanan/ambulans-gratis/")

    context.set_offline(True)
    page.goto("/")
    expect(page.locator("#offline-banner")).to_be_visible()
    expect(page.locator("a[href='tel:112']").first).to_be_visible()
    page.goto("/layanan/ambulans-gratis/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ambulans")
    context.set_offline(False)
    console.messages.clear()


OTHER_RESIDENT = "+6281234567802"


def _waiting_draft_offline(context: BrowserContext, page: Page, photo: Path, text: str) -> None:
    """Signed in, with the pages kept for offline: a report written offline waits as a draft."""
    page.goto("/lapor/")
    _kept_for_offline(page, "/lapor/", "/lapor/draf/", *DRAFTS_FILES)
    context.set_offline(True)
    _fill_report(page, photo, text)
    page.locator("#send-report").click()
    expect(page.locator("#offline-queue")).to_contain_text("luring")


def test_a_draft_is_never_sent_under_the_account_that_signs_in_next(
    context: BrowserContext,
    page: Page,
    sms_file: Path,
    tmp_path: Path,
    axe: AxeCheck,
    console: Console,
) -> None:
    sign_in(page, sms_file)
    _waiting_draft_offline(context, page, _photo(tmp_path), "Sampah di depan rumah saya.")
    ours = Complaint.objects.filter(reporter__phone__in=[RESIDENT, OTHER_RESIDENT])

    # The first resident's session ends without a sign-out (it expired); back online, the next
    # person signs in on the same phone.
    context.clear_cookies(name="sessionid")
    context.set_offline(False)
    sign_in(page, sms_file, "0812 3456 7802")
    expect(page).to_have_url(re.compile(r"/profil/$"))

    # Their pages say a report of another account waits and was not sent; nothing is filed.
    news = page.locator("#outbox-status")
    expect(news).to_contain_text("atas akun lain tidak dikirim", timeout=15_000)
    expect(news.get_by_role("link")).to_have_attribute("href", "/lapor/draf/")
    page.goto("/lapor/draf/")
    draft = page.locator("#draft-list > li")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("Laporan milik akun lain")
    expect(draft).to_contain_text("Masuk dengan akun itu untuk mengirimnya, atau buang.")
    # Its content is not this person's to read, nor to edit and send as theirs.
    expect(draft).not_to_contain_text("Sampah")
    expect(draft.get_by_role("link", name="Ubah")).to_have_count(0)
    expect(draft.get_by_role("button", name="Buang")).to_be_visible()
    axe(page)
    assert not ours.exists()

    # Offline, the drafts page kept when the first resident was signed in still hides it; back
    # online there, that page's old marker is refused by the server: still nothing is filed.
    context.set_offline(True)
    page.goto("/lapor/draf/")
    expect(draft).to_contain_text("Laporan milik akun lain")
    expect(draft).not_to_contain_text("Sampah")
    context.set_offline(False)
    expect(news).to_contain_text("atas akun lain tidak dikirim", timeout=15_000)
    expect(draft).to_contain_text("Laporan milik akun lain")
    assert not ours.exists()

    # Its own account signs in again: it goes, under that account.
    context.clear_cookies(name="sessionid")
    sign_in(page, sms_file)
    expect(news).to_contain_text("sudah terkirim", timeout=15_000)
    case = ours.get()
    assert case.reporter is not None
    assert case.reporter.phone == RESIDENT
    assert case.description == "Sampah di depan rumah saya."
    console.messages.clear()


def test_a_draft_whose_key_went_before_with_other_content_is_not_called_sent(
    context: BrowserContext,
    page: Page,
    sms_file: Path,
    tmp_path: Path,
    axe: AxeCheck,
    console: Console,
) -> None:
    sign_in(page, sms_file)
    _waiting_draft_offline(context, page, _photo(tmp_path), "Sampah menumpuk, versi kedua.")
    mine = Complaint.objects.filter(reporter__phone=RESIDENT)

    # An earlier version of it went under its key (a send whose answer was lost, then the draft
    # changed): the server holds a case of that version.
    key = page.evaluate("() => laksaOutbox.all().then((drafts) => drafts[0].key)")
    csrf = next(c["value"] for c in context.cookies() if c["name"] == "csrftoken")
    earlier = page.request.post(
        "/api/v1/complaints/",
        multipart={
            "category": "sampah",
            "description": "Sampah menumpuk, versi pertama.",
            "kelurahan": "36.71.01.1001",
            "address": "Jl. Merdeka, depan masjid",
        },
        headers={"Idempotency-Key": key, "X-CSRFToken": csrf, "Accept": "application/json"},
    )
    assert earlier.status == 201, earlier.text()
    first = mine.get()

    # Back online: this version meets the key's earlier use. Not "sent": the page says an
    # earlier version was received, with the way to the resident's reports.
    page.goto("/lapor/draf/")
    context.set_offline(False)
    news = page.locator("#outbox-status")
    expect(news).to_contain_text(
        "Versi sebelumnya dari laporan tersimpan sudah diterima", timeout=15_000
    )
    expect(news).not_to_contain_text("terkirim")
    expect(news.get_by_role("link", name="Laporan saya")).to_have_attribute("href", "/lapor/saya/")
    draft = page.locator("#draft-list > li")
    expect(draft).to_have_count(1)
    expect(draft).to_contain_text("Sampah menumpuk, versi kedua.")
    expect(draft).to_contain_text("Versi sebelumnya dari laporan ini sudah diterima")
    expect(draft).not_to_contain_text("Terkirim")
    expect(draft.get_by_role("link", name="Lihat laporan saya")).to_have_attribute(
        "href", "/lapor/saya/"
    )
    axe(page)
    assert list(mine) == [first]

    # Sent deliberately as a new report (a new key): a second case, of this version.
    draft.get_by_role("button", name="Kirim sebagai laporan baru").click()
    expect(draft).to_contain_text("Terkirim sebagai", timeout=15_000)
    second = mine.exclude(pk=first.pk).get()
    assert second.description == "Sampah menumpuk, versi kedua."
    expect(draft.get_by_role("link", name=second.ref)).to_be_visible()
    console.messages.clear()
