from __future__ import annotations

import datetime as dt
from typing import ClassVar
from unittest import mock

import pytest
from celery.exceptions import Retry
from django.core import mail
from django.utils import timezone

from kotalive.accounts.sms import SmsDeliveryError
from kotalive.config.celery import app
from kotalive.notifications.beat import BEAT_SCHEDULE
from kotalive.notifications.models import Delivery, Notification
from kotalive.notifications.services import MAX_ATTEMPTS, notification_send
from kotalive.notifications.tasks import (
    backoff_seconds,
    deliveries_requeue,
    delivery_send,
    purge_old,
)

pytestmark = pytest.mark.django_db


class FlakyGateway:
    """Refuses the first `failures` messages, then accepts; records what it accepted."""

    failures: ClassVar[int] = 0
    error: ClassVar[type[Exception]] = SmsDeliveryError
    calls: ClassVar[int] = 0
    accepted: ClassVar[list[str]] = []

    def send(self, *, to: str, text: str) -> None:
        type(self).calls += 1
        if type(self).calls <= type(self).failures:
            raise type(self).error("gateway answered 503")
        type(self).accepted.append(to)


@pytest.fixture
def flaky(settings):
    settings.SMS_BACKEND = "tests.notifications.test_tasks.FlakyGateway"
    FlakyGateway.calls, FlakyGateway.failures, FlakyGateway.error = 0, 0, SmsDeliveryError
    FlakyGateway.accepted = []
    return FlakyGateway


def _queued(user, django_capture_on_commit_callbacks) -> Delivery:
    """A message whose SMS delivery is stored but whose task has not run."""
    with django_capture_on_commit_callbacks(execute=False):
        notification_send(user=user, kind="k", dedupe_key="k:1", title="Hello")
    return Delivery.objects.get()


def test_running_the_task_twice_sends_one_sms(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    delivery = _queued(resident, django_capture_on_commit_callbacks)

    assert delivery_send.delay(delivery.pk).get() == "sent"
    assert delivery_send.delay(delivery.pk).get() == "not_pending"

    assert len(sms_outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 1)


def test_a_delivery_claimed_by_a_worker_that_died_is_never_sent_again(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    delivery = _queued(resident, django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(status="sending", attempts=1)

    assert delivery_send.delay(delivery.pk).get() == "not_pending"
    assert sms_outbox == []


def test_a_gateway_refusal_leaves_it_pending_and_the_next_try_sends_once(
    resident, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 2
    delivery = _queued(resident, django_capture_on_commit_callbacks)

    # Eager (dev, tests): no in-process retry loop; each run is one try.
    assert delivery_send.delay(delivery.pk).get() == "retry"
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert "503" in delivery.error

    assert delivery_send.delay(delivery.pk).get() == "retry"
    assert delivery_send.delay(delivery.pk).get() == "sent"
    assert delivery_send.delay(delivery.pk).get() == "not_pending"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.error) == ("sent", 3, "")
    assert flaky.accepted == ["+6281300000001"]


def test_a_worker_retries_a_refusal_with_growing_backoff(
    resident, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 99
    delivery = _queued(resident, django_capture_on_commit_callbacks)
    delivery_send.push_request(retries=2, is_eager=False)
    try:
        with (
            mock.patch.object(delivery_send, "retry", side_effect=Retry()) as retry,
            pytest.raises(Retry),
        ):
            delivery_send.run(delivery.pk)
    finally:
        delivery_send.pop_request()

    retry.assert_called_once_with(countdown=480)
    assert [backoff_seconds(n) for n in range(4)] == [30, 120, 480, 1920]
    assert Delivery.objects.get().status == "pending"


def test_a_gateway_that_keeps_refusing_fails_after_the_last_try(
    resident, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 99
    delivery = _queued(resident, django_capture_on_commit_callbacks)

    outcomes = [delivery_send.delay(delivery.pk).get() for _ in range(MAX_ATTEMPTS + 1)]

    assert outcomes == ["retry"] * (MAX_ATTEMPTS - 1) + ["failed", "not_pending"]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", MAX_ATTEMPTS)
    assert flaky.calls == MAX_ATTEMPTS
    assert flaky.accepted == []


def test_an_unexpected_error_is_not_retried(resident, flaky, django_capture_on_commit_callbacks):
    flaky.failures, flaky.error = 99, RuntimeError
    delivery = _queued(resident, django_capture_on_commit_callbacks)

    with pytest.raises(RuntimeError):
        delivery_send.delay(delivery.pk)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 1)
    assert flaky.calls == 1


def test_an_address_removed_before_sending_is_skipped(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    delivery = _queued(resident, django_capture_on_commit_callbacks)
    resident.is_active = False
    resident.save()

    assert delivery_send.delay(delivery.pk).get() == "skipped"
    assert sms_outbox == []
    assert Delivery.objects.get().status == "skipped"


def test_a_lost_task_is_queued_again_and_sent_once(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    delivery = _queued(resident, django_capture_on_commit_callbacks)
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=30)
    )

    assert deliveries_requeue.delay().get() == 1
    assert deliveries_requeue.delay().get() == 0

    assert len(sms_outbox) == 1


def test_a_fresh_pending_delivery_is_left_to_its_own_task(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    _queued(resident, django_capture_on_commit_callbacks)

    assert deliveries_requeue.delay().get() == 0
    assert sms_outbox == []


def test_a_retry_that_was_lost_is_queued_again_after_an_hour(
    resident, flaky, django_capture_on_commit_callbacks
):
    flaky.failures = 1
    delivery = _queued(resident, django_capture_on_commit_callbacks)
    delivery_send.delay(delivery.pk)  # refused once: pending, attempts 1
    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=30)
    )
    assert deliveries_requeue.delay().get() == 0  # its retry may still be on its way

    Delivery.objects.filter(pk=delivery.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=90)
    )
    assert deliveries_requeue.delay().get() == 1
    assert flaky.accepted == ["+6281300000001"]


def test_purge_task_deletes_messages_read_long_ago(resident, django_capture_on_commit_callbacks):
    _queued(resident, django_capture_on_commit_callbacks)
    Notification.objects.update(read_at=timezone.now() - dt.timedelta(days=181))

    assert purge_old.delay(days=180).get() == 1
    assert not Notification.objects.exists()


def test_the_beat_schedule_names_registered_notification_tasks():
    app.loader.import_default_modules()
    ours = [e["task"] for e in BEAT_SCHEDULE.values() if ".notifications." in e["task"]]
    assert ours
    assert all(name in app.tasks for name in ours)


def test_an_smtp_refusal_is_retried_later(resident, django_capture_on_commit_callbacks):
    import smtplib

    with django_capture_on_commit_callbacks(execute=False):
        notification_send(user=resident, kind="k", dedupe_key="k:1", title="T", channels=["email"])
    delivery = Delivery.objects.get()

    with mock.patch(
        "django.core.mail.EmailMessage.send", side_effect=smtplib.SMTPServerDisconnected("down")
    ):
        assert delivery_send.delay(delivery.pk).get() == "retry"
    assert delivery_send.delay(delivery.pk).get() == "sent"

    assert len(mail.outbox) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 2)


def test_the_admin_lists_messages_and_deliveries_read_only(rf, resident):
    from django.contrib import admin

    request = rf.get("/admin/")
    request.user = resident
    for model in (Notification, Delivery):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
