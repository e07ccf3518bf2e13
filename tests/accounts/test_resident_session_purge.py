"""A web session that can no longer sign anyone in does not keep its device and times for ever."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from kotalive.accounts.models import ResidentSession
from kotalive.accounts.services import resident_session_seen
from kotalive.accounts.tasks import resident_sessions_purge

pytestmark = pytest.mark.django_db

LIFETIME = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def test_sessions_unused_for_longer_than_a_session_lives_are_forgotten(resident, outsider):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        resident_session_seen(user=resident, session_key="old-key", user_agent="Old phone")
        resident_session_seen(user=outsider, session_key="kept-key", user_agent="Other phone")
    # The other resident's phone was used again a day before the old one's session ran out.
    with time_machine.travel(start + LIFETIME - dt.timedelta(days=1), tick=False):
        resident_session_seen(user=outsider, session_key="kept-key", user_agent="Other phone")

    with time_machine.travel(start + LIFETIME + dt.timedelta(minutes=1), tick=False):
        assert resident_sessions_purge() == 1  # the task beat runs, through its service

    assert list(ResidentSession.objects.values_list("user_agent", flat=True)) == ["Other phone"]


def test_expired_stored_sessions_are_cleared_and_live_ones_kept():
    now = timezone.now()
    Session.objects.create(session_key="expired", session_data="", expire_date=now)
    Session.objects.create(
        session_key="live", session_data="", expire_date=now + dt.timedelta(days=1)
    )

    with time_machine.travel(now + dt.timedelta(seconds=1), tick=False):
        resident_sessions_purge()

    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
