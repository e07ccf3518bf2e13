"""The short shared cache of public Open311 reads (open311/cache.py): an answer is served again
until a case changes through the services, and then the next answer shows the change."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from kotalive.complaints.models import Complaint, Photo
from kotalive.complaints.services import complaint_photo_approve, complaint_triage

pytestmark = pytest.mark.django_db

WORDS = "Lubang dalam tepat di depan rumah saya"
LIST = "/open311/v2/requests.json"


@pytest.fixture(autouse=True)
def _cache_on(settings) -> None:
    settings.OPEN311_READ_CACHE_SECONDS = 300


@pytest.fixture
def filed(make_complaint) -> Complaint:
    made: Complaint = make_complaint(description=WORDS)
    return made


def one(client: Client, ref: str, fmt: str = "json") -> Any:
    response = client.get(f"/open311/v2/requests/{ref}.{fmt}")
    assert response.status_code == 200
    return json.loads(response.content)[0] if fmt == "json" else response.content.decode()


def test_a_kept_answer_is_served_again_until_a_case_changes(filed) -> None:
    client = Client()
    first = client.get(LIST).content
    # Changed behind the services' back (as in the admin or a shell): not seen while kept.
    Complaint.objects.filter(pk=filed.pk).update(public_note="Diubah langsung.")
    assert client.get(LIST).content == first
    assert one(client, filed.ref)["status_notes"] == "Diubah langsung."  # not kept before


def test_a_triage_shows_the_words_in_the_next_answer(
    filed, tlr, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    assert one(client, filed.ref)["description"] == ""
    assert [r["description"] for r in client.get(LIST).json()] == [""]
    with django_capture_on_commit_callbacks(execute=True):
        complaint_triage(actor=tlr, complaint=filed)
    assert one(client, filed.ref)["description"] == WORDS
    assert WORDS in one(client, filed.ref, "xml")
    assert [r["description"] for r in client.get(LIST).json()] == [WORDS]


def test_an_approved_photo_shows_in_the_next_answer(
    filed, tlr, dpupr_supervisor, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    assert one(client, filed.ref)["media_url"] is None
    photo = Photo.objects.get(complaint=filed)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_triage(actor=tlr, complaint=filed)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_photo_approve(actor=tlr, photo=photo)
    assert one(client, filed.ref)["media_url"].endswith(photo.image.url)


def test_a_new_case_is_listed_at_once_and_an_unknown_reference_is_not_kept(
    filed, make_complaint
) -> None:
    client = Client()
    assert [r["service_request_id"] for r in client.get(LIST).json()] == [filed.ref]
    assert client.get("/open311/v2/requests/LK-NOSUCH.json").status_code == 404
    newer = make_complaint(description="Sampah menumpuk")  # its on-commit work is run
    assert [r["service_request_id"] for r in client.get(LIST).json()] == [newer.ref, filed.ref]
    by_id = client.get(LIST, {"service_request_id": newer.ref}).json()
    assert [r["service_request_id"] for r in by_id] == [newer.ref]


def test_each_language_format_and_query_has_its_own_answer(filed) -> None:
    client = Client()
    indonesian = client.get(LIST, {"lang": "id"}).json()[0]["service_name"]
    english = client.get(LIST, {"lang": "en"}).json()[0]["service_name"]
    assert (indonesian, english) == ("Jalan rusak", "Damaged road")
    assert client.get(LIST, HTTP_ACCEPT_LANGUAGE="en").json()[0]["service_name"] == english
    assert client.get(LIST).json()[0]["service_name"] == indonesian
    assert client.get("/open311/v2/requests.xml").content.startswith(b"<?xml")
    assert client.get(LIST, {"status": "closed"}).json() == []
    assert client.get(LIST, HTTP_HOST="localhost").json()[0]["service_request_id"] == filed.ref


def test_with_the_cache_off_every_answer_is_read_fresh(filed, settings) -> None:
    settings.OPEN311_READ_CACHE_SECONDS = 0
    client = Client()
    client.get(LIST)
    Complaint.objects.filter(pk=filed.pk).update(public_note="Diubah langsung.")
    assert client.get(LIST).json()[0]["status_notes"] == "Diubah langsung."
