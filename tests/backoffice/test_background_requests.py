"""A console left open on a busy queue still idles out: what the page fetches by itself on a live
event is answered but is not the officer's activity (ASVS 3.3)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from kotalive.core.models import AuditEvent
from tests.world import World, build_world, sign_in

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 30, 1, 0, 5, tzinfo=dt.UTC)
BACKGROUND = {"Kotalive-Background": "1", "HX-Request": "true"}


@pytest.fixture
def world(settings) -> World:
    settings.STAFF_SESSION_IDLE_SECONDS = 30 * 60
    settings.STAFF_SESSION_MAX_SECONDS = 10 * 60 * 60
    return build_world()


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
