"""Offline reports: the report page and the service worker carry the outbox that sends drafts
with an Idempotency-Key; the server then makes one case of any number of sends."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from kotalive.complaints.models import Complaint
from tests.complaints.conftest import INSIDE, upload

pytestmark = pytest.mark.django_db


def test_report_page_and_my_reports_load_the_outbox(resident, resident_client):
    client = resident_client(resident)
    for name in ("complaints:report", "complaints:mine"):
        assert "complaints/outbox.js" in client.get(reverse(name)).text


def test_service_worker_sends_drafts_by_background_sync(client):
    body = client.get("/sw.js").content.decode()
    assert 'importScripts("/static/complaints/outbox.js")' in body
    found = finders.find("complaints/outbox.js")
    assert isinstance(found, str)
    assert 'addEventListener("sync"' in Path(found).read_text()


def test_outbox_sends_with_an_idempotency_key_and_the_csrf_token():
    found = finders.find("complaints/outbox.js")
    assert isinstance(found, str)
    script = Path(found).read_text(encoding="utf-8")
    assert '"Idempotency-Key": draft.key' in script
    assert '"X-CSRFToken"' in script
    assert '"/api/v1/complaints/"' in script


def test_a_draft_sent_twice_by_the_page_and_the_worker_makes_one_case(
    laksa, resident, resident_client
):
    # What outbox.js sends: the session cookie, the CSRF token and the draft's key.
    client = resident_client(resident)
    client.get(reverse("complaints:report"))
    csrf = client.cookies["csrftoken"].value
    answers = []
    for _ in range(2):
        data = {
            "category": laksa.road.slug,
            "description": "Lampu mati sejak kemarin.",
            "lat": str(INSIDE[0]),
            "lon": str(INSIDE[1]),
            "kelurahan": "",
            "address": "",
            "show_name": "false",
            "photos": [upload()],
        }
        answers.append(
            client.post(
                "/api/v1/complaints/",
                data,
                HTTP_IDEMPOTENCY_KEY="laksa-3f1c",
                HTTP_X_CSRFTOKEN=csrf,
            )
        )
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["ref"] == answers[1].json()["ref"]
    assert Complaint.objects.count() == 1
