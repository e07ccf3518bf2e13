"""Inbox fixtures: residents (tests/world.py) and a sender; the SMS outbox and `bearer` come from
tests/conftest.py."""

from __future__ import annotations

import pytest

from kotalive.accounts.models import User
from kotalive.notifications.models import Notification
from kotalive.notifications.services import notification_send
from tests import world as factories


@pytest.fixture
def make_resident(db):
    return factories.make_resident


@pytest.fixture
def resident(make_resident) -> User:
    user: User = make_resident("+6281300000001", email="budi@example.id")
    return user


@pytest.fixture
def outsider(make_resident) -> User:
    user: User = make_resident("+6281300000002")
    return user


@pytest.fixture
def send(sms_outbox, django_capture_on_commit_callbacks):
    """notification_send with its on-commit deliveries run (tasks are eager in tests)."""
    counter = iter(range(1, 1_000_000))

    def _send(user: User, key: str | None = None, **kwargs) -> Notification | None:
        kwargs.setdefault("kind", "test.news")
        kwargs.setdefault("title", "Your report LK-7Q4M2X is resolved")
        with django_capture_on_commit_callbacks(execute=True):
            return notification_send(user=user, dedupe_key=key or f"test:{next(counter)}", **kwargs)

    return _send
