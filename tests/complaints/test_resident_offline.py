"""Offline reports: the report page and the service worker carry the outbox that sends drafts
with an Idempotency-Key; the server then makes one case of any number of sends."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from kotalive.complaints.drafts import draft_author
from kotalive.complaints.models import Complaint
from tests.complaints.conftest import INSIDE, upload

pytestmark = pytest.mark.django_db


def test_report_page_and_my_reports_load_the_outbox(resident, resident_client):
    client = resident_client(resident)
    for name in ("complaints:report", "complaints:mine"):
        assert "complaints/outbox.js" in client.get(reverse(name)).text


def test_service_worker_sends_drafts_by_background_sync(client):
    body = client.get("/sw.js").content.decode()
    # The outbox is built on the shared store, imported first.
    store, outbox = '"/static/kotalive/outbox-store.js"', '"/static/complaints/outbox.js"'
    assert f"importScripts({store}, {outbox})" in body
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


def _draft(laksa, **extra):
    return {
        "category": laksa.road.slug,
        "description": "Lampu mati sejak kemarin.",
        "lat": str(INSIDE[0]),
        "lon": str(INSIDE[1]),
        "show_name": "false",
        **extra,
    }


def _post_draft(client, data, key):
    client.get(reverse("complaints:report"))
    return client.post(
        "/api/v1/complaints/",
        data,
        HTTP_IDEMPOTENCY_KEY=key,
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def test_the_pages_carry_an_opaque_marker_of_the_signed_in_account(
    resident, other_resident, resident_client, client
):
    page = resident_client(resident).get(reverse("complaints:drafts")).text
    mark = draft_author(user=resident)
    assert f'data-author="{mark}"' in page
    assert re.fullmatch(r"[0-9a-f]{16}", mark)
    assert mark != draft_author(user=other_resident)
    # A keyed hash, not the phone number.
    assert "81200000101" not in page
    assert 'data-author=""' in client.get(reverse("complaints:drafts")).text


def test_a_draft_written_under_another_account_is_refused_and_files_nothing(
    laksa, resident, other_resident, resident_client
):
    # The phone changed hands without a sign-out: the first one's draft, the next one's session.
    data = _draft(laksa, author=draft_author(user=resident), photos=[upload()])
    answer = _post_draft(resident_client(other_resident), data, "laksa-a1")

    assert answer.status_code == 403
    assert answer["Content-Type"] == "application/problem+json"
    assert answer.json()["code"] == "draft_other_account"
    assert "akun lain" in answer.json()["detail"]
    assert not Complaint.objects.exists()

    # Under its own account the same draft goes.
    data = _draft(laksa, author=draft_author(user=resident), photos=[upload()])
    sent = _post_draft(resident_client(resident), data, "laksa-a1")
    assert sent.status_code == 201
    assert Complaint.objects.get().reporter == resident


def test_a_refusal_for_another_account_does_not_stick_to_the_key(
    laksa, resident, other_resident, resident_client
):
    # Nothing was done, so nothing is kept: the key is not answered with the refusal later.
    client = resident_client(other_resident)
    refused = _post_draft(client, _draft(laksa, author=draft_author(user=resident)), "laksa-b2")
    assert refused.status_code == 403
    sent = _post_draft(client, _draft(laksa, author=draft_author(user=other_resident)), "laksa-b2")
    assert sent.status_code == 201
    assert Complaint.objects.get().reporter == other_resident


def test_a_draft_written_before_a_key_rotation_still_goes_under_its_account(
    laksa, resident, resident_client, settings
):
    mark = draft_author(user=resident)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-key-after-rotation-0123456789abcdef-0123456789abcdef"
    assert draft_author(user=resident) != mark

    sent = _post_draft(resident_client(resident), _draft(laksa, author=mark), "laksa-c3")
    assert sent.status_code == 201


def test_a_malformed_marker_is_a_validation_error(laksa, resident, resident_client):
    answer = _post_draft(resident_client(resident), _draft(laksa, author="Budi 0812"), "laksa-d4")
    assert answer.status_code == 422
    assert answer.json()["code"] == "validation_error"
    assert not Complaint.objects.exists()
