"""`make run` (runserver, in-process bus) streams events itself: the console is live in the demo."""

from __future__ import annotations

import pytest
from django.test import Client

from kotalive.accounts.models import Organisation
from kotalive.core.events import event_publish_now
from tests.world import make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def memory_bus(settings):
    settings.EVENT_BUS_BACKEND = "memory"
    settings.SSE_HEARTBEAT_SECONDS = 1
    settings.SSE_MAX_SECONDS = 30


def test_a_published_event_reaches_a_streaming_client(client, memory_bus):
    response = client.get("/events/public", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/event-stream")
    assert "Content-Encoding" not in response
    chunks = iter(response.streaming_content)
    assert b"subscribed public" in next(chunks)
    event_publish_now(channel="public", kind="complaint.changed", data={"ref": "LK-TEST22"})
    event = next(chunks)
    assert b"event: complaint.changed" in event
    assert b"LK-TEST22" in event
    response.close()


def test_org_channels_are_for_their_staff_only(memory_bus):
    org = Organisation.objects.create(kind=Organisation.Kind.OPD, slug="dpupr", name="DPUPR")
    staff = make_staff("dpupr", org)
    other = make_staff("other", None)
    assert Client().get(f"/events/org:{org.pk}").status_code == 401
    outsider = Client()
    outsider.force_login(other)
    assert outsider.get(f"/events/org:{org.pk}").status_code == 403
    member = Client()
    member.force_login(staff)
    answer = member.get(f"/events/org:{org.pk}")
    assert answer.status_code == 200
    answer.close()


def test_with_the_redis_bus_django_does_not_answer_streams(client, settings):
    settings.EVENT_BUS_BACKEND = "redis"
    assert client.get("/events/public").status_code == 404
