from __future__ import annotations

import pytest
from django.test import Client

from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/api/v1/notifications"
READ_ALL = "/api/v1/notifications/read-all"


def _read(pk: int) -> str:
    return f"/api/v1/notifications/{pk}/read"


@pytest.mark.parametrize(
    ("method", "path"), [("get", LIST), ("post", READ_ALL), ("post", _read(1))]
)
def test_anonymous_gets_401_problem(method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_authenticated"


def test_list_is_mine_newest_first_and_paginated(client, resident, outsider, send, bearer):
    for i in range(3):
        send(resident, title=f"Message {i}", url="/laporan/LK-1/", channels=())
    send(outsider, title="Not yours", channels=())

    response = client.get(LIST, {"page_size": 2}, headers=bearer(resident))

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert [i["title"] for i in body["items"]] == ["Message 2", "Message 1"]
    assert (body["page"], body["page_size"], body["total"], body["next_page"]) == (1, 2, 3, 2)
    assert body["unread_count"] == 3
    first = body["items"][0]
    assert first["url"] == "/laporan/LK-1/"
    assert first["is_read"] is False
    assert first["read_at"] is None

    page2 = client.get(LIST, {"page_size": 2, "page": 2}, headers=bearer(resident)).json()
    assert [i["title"] for i in page2["items"]] == ["Message 0"]
    assert page2["next_page"] is None


def test_unread_filter(client, resident, send, bearer):
    read = send(resident, title="Old news", channels=())
    send(resident, title="New news", channels=())
    Notification.objects.filter(pk=read.pk).update(read_at="2026-01-01T00:00:00Z")

    body = client.get(LIST, {"unread": "true"}, headers=bearer(resident)).json()

    assert [i["title"] for i in body["items"]] == ["New news"]
    assert (body["total"], body["unread_count"]) == (1, 1)
    everything = client.get(LIST, headers=bearer(resident)).json()
    assert everything["total"] == 2
    assert everything["items"][1]["is_read"] is True


def test_page_size_over_100_is_refused(client, resident, bearer):
    response = client.get(LIST, {"page_size": 101}, headers=bearer(resident))
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"


def test_session_auth_works_for_the_web(client, resident, send):
    send(resident, channels=())
    client.force_login(resident, backend="kotalive.accounts.backends.StaffBackend")
    assert client.get(LIST).json()["total"] == 1


def test_mark_one_read(client, resident, send, bearer):
    notification = send(resident, channels=())

    response = client.post(_read(notification.pk), headers=bearer(resident))

    assert response.status_code == 200
    assert response.json()["is_read"] is True
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_outsider_gets_404_and_changes_nothing(client, resident, outsider, send, bearer):
    notification = send(resident, channels=())
    headers = bearer(outsider)

    response = client.post(_read(notification.pk), headers=headers)
    missing = client.post(_read(notification.pk + 1000), headers=headers)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    # The same answer as for a message that does not exist: its existence is not told.
    assert response.json() == missing.json()
    assert response.json()["code"] == "notification_not_found"
    assert client.get(LIST, headers=headers).json()["total"] == 0
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_only_mine(client, resident, outsider, send, bearer):
    send(resident, channels=())
    send(resident, channels=())
    theirs = send(outsider, channels=())

    response = client.post(READ_ALL, headers=bearer(resident))

    assert response.status_code == 200
    assert response.json() == {"marked": 2}
    assert client.get(LIST, headers=bearer(resident)).json()["unread_count"] == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_session_post_needs_csrf(resident, send):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident, backend="kotalive.accounts.backends.StaffBackend")
    assert client.post(READ_ALL).status_code == 403
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {LIST, READ_ALL, "/api/v1/notifications/{notification_id}/read"} <= set(paths)
