"""Idempotency-Key: a retried POST gets the first answer, and the work is done once."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from kotalive.core.models import AuditEvent, IdempotencyRecord
from tests.core import testapi_urls
from tests.core.conftest import TEST_URLS
from tests.world import make_resident

pytestmark = pytest.mark.urls(TEST_URLS)
LIMITED = "/api/test/limited-things"


def _post(client, body: dict[str, str], key: str | None = "key-1", path: str = "/api/test/things"):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {}
    return client.post(path, body, content_type="application/json", **headers)


def _work_done() -> int:
    return AuditEvent.objects.filter(action="test.thing_created").count()


@pytest.mark.django_db
def test_same_key_and_body_replays_the_first_response_and_works_once(client):
    first = _post(client, {"name": "a"})
    second = _post(client, {"name": "a"})
    assert first.status_code == second.status_code == 201
    assert second.content == first.content
    assert second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert _work_done() == 1


@pytest.mark.django_db
def test_the_stored_answer_is_encrypted_at_rest(client):
    first = _post(client, {"name": "secret-name-4711"})
    stored = bytes(IdempotencyRecord.objects.get().body)
    assert b"secret-name-4711" in first.content
    assert b"secret-name-4711" not in stored
    assert first.content not in stored


@pytest.mark.django_db
def test_a_rate_limited_post_can_be_retried_with_its_key_once_the_window_passes(
    client, test_bucket
):
    # An offline draft retries with the key it was given; a 429 must not stick to that key.
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for n in range(2):
            assert _post(client, {"name": f"n{n}"}, key=f"k{n}", path=LIMITED).status_code == 201
        assert _post(client, {"name": "draft"}, key="draft", path=LIMITED).status_code == 429
        assert _post(client, {"name": "draft"}, key="draft", path=LIMITED).status_code == 429
        traveller.shift(timedelta(seconds=61))
        retried = _post(client, {"name": "draft"}, key="draft", path=LIMITED)
    assert retried.status_code == 201
    assert "Idempotent-Replayed" not in retried
    assert _work_done() == 3


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "status"), [("/api/test/private-things", 401), ("/api/test/forbidden-things", 403)]
)
def test_a_post_that_was_not_let_in_is_not_kept_under_its_key(client, path, status):
    assert _post(client, {"name": "a"}, path=path).status_code == status
    assert not IdempotencyRecord.objects.exists()


@pytest.mark.django_db
def test_without_a_key_every_post_does_the_work(client):
    _post(client, {"name": "a"}, key=None)
    _post(client, {"name": "a"}, key=None)
    assert _work_done() == 2


@pytest.mark.django_db
def test_same_key_with_a_different_body_is_422(client):
    _post(client, {"name": "a"})
    response = _post(client, {"name": "b"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "idempotency_key_reused"
    assert _work_done() == 1


@pytest.mark.django_db
def test_keys_belong_to_their_sender(client, resident_token):
    _post(client, {"name": "a"})
    other = Client(HTTP_AUTHORIZATION=f"Bearer {resident_token}")
    response = _post(other, {"name": "a"})
    assert "Idempotent-Replayed" not in response
    assert _work_done() == 2


@pytest.mark.django_db
def test_a_key_follows_the_account_into_its_next_session():
    resident = make_resident()
    # A phone whose answer was lost, then signed in again (a new session), sends its draft once
    # more under the same key: the first answer comes back, nothing is done twice.
    first_session = Client()
    first_session.force_login(resident)
    _post(first_session, {"name": "a"})
    next_session = Client()
    next_session.force_login(resident)
    assert next_session.cookies["sessionid"].value != first_session.cookies["sessionid"].value
    again = _post(next_session, {"name": "a"})
    assert again["Idempotent-Replayed"] == "true"
    assert _work_done() == 1


@pytest.mark.django_db
def test_another_account_with_the_same_key_is_not_answered_for_the_first():
    one = Client()
    one.force_login(make_resident())
    _post(one, {"name": "a"})
    other = Client()
    other.force_login(make_resident())
    response = _post(other, {"name": "a"})
    assert "Idempotent-Replayed" not in response
    assert _work_done() == 2


@pytest.mark.django_db
def test_a_key_expires_after_24_hours(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _post(client, {"name": "a"})
        traveller.shift(timedelta(hours=23, minutes=59))
        assert _post(client, {"name": "a"})["Idempotent-Replayed"] == "true"
        traveller.shift(timedelta(minutes=2))
        response = _post(client, {"name": "a"})
    assert response.status_code == 201
    assert "Idempotent-Replayed" not in response
    assert _work_done() == 2
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_a_server_error_is_not_stored_and_its_work_is_rolled_back(client):
    client.raise_request_exception = False
    response = _post(client, {"name": "a"}, path="/api/test/boom")
    assert response.status_code == 500
    assert IdempotencyRecord.objects.count() == 0
    assert not AuditEvent.objects.filter(action="test.boom").exists()


@pytest.mark.django_db
def test_an_overlong_key_is_refused(client):
    response = _post(client, {"name": "a"}, key="k" * 256)
    assert response.status_code == 400
    assert response.json()["code"] == "idempotency_key_invalid"
    assert _work_done() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicates_are_stored_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    # Both requests wait inside the view, so both are past the "already answered?" check.
    monkeypatch.setattr(testapi_urls, "concurrency_barrier", threading.Barrier(2))
    responses = []

    def send() -> None:
        try:
            responses.append(_post(Client(), {"name": "a"}, key="race"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert len(responses) == 2
    assert {r.status_code for r in responses} == {201}
    assert responses[0].content == responses[1].content
    assert sorted(r.get("Idempotent-Replayed", "") for r in responses) == ["", "true"]
    assert _work_done() == 1
    assert IdempotencyRecord.objects.count() == 1


@pytest.mark.django_db
def test_the_schema_documents_the_header_on_posts(client):
    schema = client.get("/api/test/openapi.json").json()
    post = schema["paths"]["/api/test/things"]["post"]
    header = next(p for p in post["parameters"] if p["name"] == "Idempotency-Key")
    assert header["in"] == "header"
    assert header["schema"]["maxLength"] == 255
    get = schema["paths"]["/api/test/missing"]["get"]
    assert all(p["name"] != "Idempotency-Key" for p in get.get("parameters", []))


@pytest.mark.django_db
def test_purge_deletes_only_expired_answers(client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _post(client, {"name": "old"}, key="old")
        traveller.shift(timedelta(hours=25))
        _post(client, {"name": "new"}, key="new")
        out = io.StringIO()
        call_command("purge_idempotency", stdout=out)
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["new"]
    assert out.getvalue().startswith("1 expired")
