"""Inbox fixtures: residents made directly, the in-memory SMS outbox, bearer tokens, a sender."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kotalive.accounts.models import User
from kotalive.accounts.services import api_token_create
from kotalive.accounts.sms import MemorySmsGateway, SentSms
from kotalive.notifications.models import Notification
from kotalive.notifications.services import notification_send


@pytest.fixture
def sms_outbox(settings) -> Iterator[list[SentSms]]:
    settings.SMS_BACKEND = "kotalive.accounts.sms.MemorySmsGateway"
    MemorySmsGateway.outbox.clear()
    yield MemorySmsGateway.outbox
    MemorySmsGateway.outbox.clear()


@pytest.fixture
def make_resident(db):
    counter = iter(range(10_000_000, 99_999_999))

    def _make(phone: str | None = None, **extra) -> User:
        user: User = User.objects.create_user(
            kind=User.Kind.RESIDENT, phone=phone or f"+62813{next(counter)}", **extra
        )
        return user

    return _make


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


@pytest.fixture
def bearer(db):
    def _bearer(user: User) -> dict[str, str]:
        _token, raw = api_token_create(actor=user, name="test phone")
        return {"Authorization": f"Bearer {raw}"}

    return _bearer
