"""The inbox speaks the page's language: a message sent while the resident used Indonesian reads
in English once they switch, and dates are written day-month-year, not US-style."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from kotalive.complaints.services import complaint_assign
from kotalive.notifications.models import Notification
from tests.world import bearer, resident_client

pytestmark = pytest.mark.django_db


def test_a_message_sent_in_indonesian_reads_in_english_on_the_english_inbox(
    make_complaint, resident, tlr, django_capture_on_commit_callbacks
):
    assert resident.language == "id"
    complaint = make_complaint()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_assign(actor=tlr, complaint=complaint)
    stored = Notification.objects.get(user=resident, kind="complaint.assigned")
    assert stored.title.startswith("Laporan")  # what the SMS said, in the resident's language

    client = resident_client(resident)
    client.cookies["django_language"] = "en"
    english = client.get("/kotak-masuk/").text
    assert f"Report {complaint.ref} passed to {complaint.office}" in english
    assert "The office will handle it." in english
    assert f"Report {complaint.ref} received" in english
    assert "Laporan" not in english

    client.cookies["django_language"] = "id"
    indonesian = client.get("/kotak-masuk/").text
    assert f"Laporan {complaint.ref} diserahkan ke {complaint.office}" in indonesian


@pytest.mark.parametrize("language", ["en", "id"])
def test_the_inbox_writes_dates_day_month_year_as_the_case_page_does(resident, language):
    # Django's defaults were US-style in English ("12/03/2026 6:53 p.m.") and numeric in
    # Indonesian ("04-03-2026 15.05"), unlike every other page the resident reads.
    Notification.objects.create(
        user=resident,
        kind="test",
        dedupe_key="dated",
        title="Hello",
        created_at=datetime(2026, 3, 4, 8, 5, tzinfo=UTC),
    )
    client = resident_client(resident)
    client.cookies["django_language"] = language
    html = client.get("/kotak-masuk/").text
    shown = re.search(r'<time datetime="[^"]+">([^<]+)</time>', html)
    assert shown is not None
    assert shown.group(1) == "4 Mar 2026, 15:05"  # Asia/Jakarta


def test_the_api_gives_the_message_in_the_language_asked_for(make_complaint, resident):
    complaint = make_complaint()
    client = resident_client(resident)
    english = client.get("/api/v1/notifications", headers={"Accept-Language": "en"})
    assert english.status_code == 200
    titles = [item["title"] for item in english.json()["items"]]
    assert titles == [f"Report {complaint.ref} received"]
    indonesian = client.get("/api/v1/notifications", headers=bearer(resident))
    assert [item["title"] for item in indonesian.json()["items"]] == [
        f"Laporan {complaint.ref} diterima"
    ]
