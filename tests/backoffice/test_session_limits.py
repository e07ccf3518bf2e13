"""Staff sessions end after a working day and after idling (ASVS 3.3); residents' do not."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kotalive.core.models import AuditEvent
from tests.world import World, build_world, resident_client, sign_in

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 30, 1, 0, 5, tzinfo=dt.UTC)


@pytest.fixture
def world(settings) -> World:
    settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
    settings.STAFF_SESSION_MAX_SECONDS = 10 * 60 * 60
    return build_world()


def test_an_idle_staff_session_is_sent_to_sign_in(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, world.lurah_sukarasa).status_code == 302
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        assert client.get(reverse("staff:dashboard")).status_code == 200
    # 29 minutes after that request: still within the idle limit.
    with time_machine.travel(START + dt.timedelta(minutes=58), tick=False):
        assert client.get(reverse("staff:dashboard")).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=89), tick=False):
        response = client.get(reverse("staff:resident_list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:signin") + "?next=/staff/warga/")
        assert "_auth_user_id" not in client.session
        assert client.get("/api/v1/staff/residents").status_code == 401
    ended = AuditEvent.objects.get(action="staff.session_ended")
    assert ended.actor == world.lurah_sukarasa
    assert ended.data == {"reason": "idle"}


def test_a_busy_staff_session_still_ends_after_a_working_day(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, world.lurah_sukarasa).status_code == 302
    for minutes in range(20, 600, 20):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("staff:dashboard")).status_code == 200
    with time_machine.travel(START + dt.timedelta(hours=10, minutes=1), tick=False):
        response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:signin"))
    assert AuditEvent.objects.get(action="staff.session_ended").data == {"reason": "absolute"}


def test_an_idle_resident_session_is_not_ended(world):
    with time_machine.travel(START, tick=False):
        client = resident_client(world.resident_user)
        assert client.get(reverse("accounts:profile")).status_code == 200
    with time_machine.travel(START + dt.timedelta(days=2), tick=False):
        response = client.get(reverse("accounts:profile"))
        assert response.status_code == 200
        assert client.session.get("_auth_user_id") == str(world.resident_user.pk)
    assert not AuditEvent.objects.filter(action="staff.session_ended").exists()


def test_the_staff_session_cookie_lasts_a_working_day_not_thirty_days(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        sign_in(client, world.lurah_sukarasa)
        assert client.session.get_expiry_age() == 10 * 60 * 60


def test_the_event_stream_does_not_take_an_idle_staff_session(world):
    from kotalive.config.sse import _authenticate

    client = Client()
    with time_machine.travel(START, tick=False):
        sign_in(client, world.lurah_sukarasa)
    headers = {"cookie": f"sessionid={client.cookies['sessionid'].value}"}
    with time_machine.travel(START + dt.timedelta(minutes=29), tick=False):
        assert _authenticate(headers) == (world.lurah_sukarasa, False)
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        assert _authenticate(headers) == (None, False)


# A console left open on a busy queue still idles out: what the page fetches by itself on a live
# event (the `Kotalive-Background` header) is answered but is not the officer's activity.
BACKGROUND = {"Kotalive-Background": "1", "HX-Request": "true"}


def test_refreshes_the_page_makes_by_itself_do_not_keep_the_session_alive(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, world.lurah_sukarasa).status_code == 302
    for minutes in (10, 20, 29):  # live events keep refreshing rows while nobody is there
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("staff:dashboard"), headers=BACKGROUND).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        response = client.get(reverse("staff:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("staff:signin"))
    assert AuditEvent.objects.get(action="staff.session_ended").data == {"reason": "idle"}


def test_the_officers_own_requests_do_keep_it_alive(world):
    client = Client()
    with time_machine.travel(START, tick=False):
        assert sign_in(client, world.lurah_sukarasa).status_code == 302
    for minutes in (10, 20, 29):
        with time_machine.travel(START + dt.timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("staff:dashboard")).status_code == 200
    with time_machine.travel(START + dt.timedelta(minutes=31), tick=False):
        assert client.get(reverse("staff:dashboard")).status_code == 200
    assert not AuditEvent.objects.filter(action="staff.session_ended").exists()
