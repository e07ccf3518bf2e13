"""The resident's hub: the header and bottom bar, "Aktivitas saya", the inbox count, the sign-in
that says why and comes back, and the staff header that never leads into a resident's pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint
from kotalive.notifications.services import notification_send
from kotalive.resident import registry
from tests.world import resident_client, staff_client

pytestmark = pytest.mark.django_db


def _nav(html: str) -> str:
    found = re.search(r'<nav class="hub".*?</nav>', html, re.S)
    assert found, "no hub navigation on the page"
    return found.group(0)


def test_signed_out_visitor_sees_the_hub_with_sign_in(client, laksa):
    nav = _nav(client.get("/").text)
    for href in ("/", "/cari/", "/lapor/", "/aktivitas/", "/kotak-masuk/", "/masuk/"):
        assert f'href="{href}"' in nav
    assert "/profil/" not in nav
    assert 'href="/" aria-current="page"' in nav
    assert nav.count("aria-current") == 1


def test_resident_hub_marks_the_current_page_and_counts_unread_messages(resident):
    for n in range(2):
        notification_send(user=resident, kind="test", dedupe_key=f"t{n}", title=f"Hello {n}")
    client = resident_client(resident)
    nav = _nav(client.get(reverse("resident:activity")).text)
    assert 'href="/aktivitas/" aria-current="page"' in nav
    assert 'href="/profil/"' in nav
    assert "/masuk/" not in nav
    assert re.search(r'<span class="count">2<span class="vh"> pesan belum dibaca', nav)


def test_lapor_is_one_tap_from_home_and_opens_the_report_form(resident):
    client = resident_client(resident)
    home = client.get("/").text
    assert f'href="{reverse("complaints:report")}"' in _nav(home)
    form = client.get(reverse("complaints:report"))
    assert form.status_code == 200
    assert 'href="/lapor/" aria-current="page"' in _nav(form.text)


def test_activity_lists_the_residents_reports_with_state_and_next_step(
    make_complaint, resident, other_resident
):
    mine = make_complaint()
    theirs = make_complaint(actor=other_resident, description="Sampah menumpuk di pinggir jalan.")
    page = resident_client(resident).get(reverse("resident:activity"))
    assert page.status_code == 200
    assert page["Cache-Control"] == "private, no-store"
    assert mine.ref in page.text
    assert theirs.ref not in page.text
    assert "Laporan saya" in page.text
    # The state in the words the case page and "My reports" use, not the back office's "Baru".
    assert "Menunggu" in page.text
    assert "Baru" not in page.text
    assert "Pusat komando memeriksa laporan Anda" in page.text  # the next step


def test_a_closed_report_is_listed_as_finished_after_the_open_ones(make_complaint, resident):
    done = make_complaint()
    Complaint.objects.filter(pk=done.pk).update(state=Complaint.State.CLOSED)
    running = make_complaint(description="Lampu jalan mati sejak seminggu.")
    client = resident_client(resident)
    client.cookies["django_language"] = "en"
    text = client.get(reverse("resident:activity")).text
    assert text.index(running.ref) < text.index("Finished") < text.index(done.ref)
    assert "You can rate how it was handled" in text


def test_activity_needs_sign_in_and_says_why(client, laksa):
    page = client.get(reverse("resident:activity"), follow=True)
    assert page.redirect_chain[-1][0] == "/masuk/?next=/aktivitas/"
    assert "hanya untuk warga yang sudah masuk" in page.text
    assert 'name="next" value="/aktivitas/"' in page.text


def test_a_signed_out_visitor_comes_back_where_they_were_after_signing_in(
    client, laksa, sms_outbox, django_capture_on_commit_callbacks
):
    from tests.accounts.conftest import last_code

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/masuk/", {"step": "phone", "phone": "081234567890", "next": "/aktivitas/"})
    done = client.post(
        "/masuk/",
        {
            "step": "code",
            "phone": "+6281234567890",
            "code": last_code(sms_outbox),
            "next": "/aktivitas/",
        },
    )
    assert done.status_code == 302
    assert done["Location"] == "/aktivitas/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:x"]
)
def test_an_off_site_next_is_refused(resident, next_url):
    client = resident_client(resident)
    response = client.get("/masuk/", {"next": next_url})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile")


def test_an_off_site_next_gets_no_message_and_is_not_kept_in_the_form(client, laksa):
    page = client.get("/masuk/", {"next": "https://evil.example/"})
    sign_in_form = re.search(r'<form class="card".*?</form>', page.text, re.S)
    assert sign_in_form is not None
    assert 'name="next" value="/profil/"' in sign_in_form.group(0)
    assert "hanya untuk warga yang sudah masuk" not in page.text


def test_staff_header_leads_to_the_back_office_never_the_profile(tlr):
    client = staff_client(tlr)
    for url in ("/", reverse("staff:dashboard")):
        text = client.get(url).text
        assert 'href="/staff/"' in text
        assert "/profil/" not in text
        assert 'class="hub"' not in text


def test_a_back_office_page_signed_out_has_no_resident_links(client, laksa):
    text = client.get(reverse("staff:signin")).text
    assert "/profil/" not in text
    assert "/aktivitas/" not in text
    assert 'class="hub"' not in text


def test_a_new_module_plugs_into_activity_without_the_hub_knowing_it(resident, monkeypatch):
    def bills(user: User) -> list[registry.Activity]:
        return [
            registry.Activity(
                kind="Bill",
                title="PBB 2026",
                state="Unpaid",
                next_step="Pay before 31 August.",
                url="/tagihan/1/",
                updated_at=datetime(2026, 1, 1, tzinfo=UTC),
            )
        ]

    monkeypatch.setattr(registry, "_sources", dict(registry._sources))
    registry.activity_source_register(registry.ActivitySource("bills", "Bills", bills))
    text = resident_client(resident).get(reverse("resident:activity")).text
    assert "PBB 2026" in text
    assert "Pay before 31 August." in text
    assert 'href="/tagihan/1/"' in text


def test_anonymous_home_costs_no_query_for_the_hub(client, laksa, django_assert_max_num_queries):
    client.get("/")
    with django_assert_max_num_queries(0):
        assert 'class="hub"' in Client().get("/").text
