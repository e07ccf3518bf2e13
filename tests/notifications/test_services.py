from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from kotalive.core.errors import NotFound
from kotalive.core.models import AuditEvent
from kotalive.notifications.models import Delivery, Notification
from kotalive.notifications.services import (
    notification_mark_all_read,
    notification_mark_read,
    notification_send,
    notifications_purge,
)

pytestmark = pytest.mark.django_db


def test_a_message_is_stored_and_sent_by_sms(resident, send, sms_outbox):
    notification = send(resident, title="Your report is resolved", body="Thank you.")

    assert notification is not None
    stored = Notification.objects.get(user=resident)
    assert stored.title == "Your report is resolved"
    assert stored.read_at is None
    assert [(s.to, s.text) for s in sms_outbox] == [
        ("+6281300000001", "Tangerang LIVE: Your report is resolved. Thank you.")
    ]
    delivery = Delivery.objects.get(notification=stored)
    assert (delivery.channel, delivery.status, delivery.attempts) == ("sms", "sent", 1)
    assert delivery.sent_at is not None
    assert AuditEvent.objects.filter(action="notification.created").count() == 1


def test_the_same_dedupe_key_stores_one_message_and_sends_one_sms(resident, send, sms_outbox):
    first = send(resident, "complaint:LK-1:resolved:1")
    second = send(resident, "complaint:LK-1:resolved:1", title="A different title")

    assert second == first
    assert Notification.objects.filter(user=resident).count() == 1
    assert Delivery.objects.count() == 1
    assert len(sms_outbox) == 1


def test_the_same_key_for_two_people_is_two_messages(resident, outsider, send, sms_outbox):
    send(resident, "announcement:42")
    send(outsider, "announcement:42")

    assert Notification.objects.count() == 2
    assert sorted(s.to for s in sms_outbox) == ["+6281300000001", "+6281300000002"]


def test_an_inactive_user_gets_nothing(resident, send, sms_outbox):
    resident.is_active = False
    resident.save()

    assert send(resident) is None
    assert Notification.objects.count() == 0
    assert sms_outbox == []


def test_email_goes_through_the_mail_backend(resident, send, sms_outbox, settings):
    settings.SITE_URL = "https://live.tangerangkota.go.id"
    send(
        resident,
        title="Bill due",
        body="Your PBB bill is due.",
        url="/tagihan/1/",
        channels=("email",),
    )

    assert sms_outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["budi@example.id"]
    assert message.subject == "Bill due"
    assert "Your PBB bill is due." in message.body
    assert "https://live.tangerangkota.go.id/tagihan/1/" in message.body
    assert Delivery.objects.get().status == "sent"


def test_sms_carries_an_absolute_link_when_the_site_url_is_set(
    resident, send, sms_outbox, settings
):
    settings.SITE_URL = "https://live.tangerangkota.go.id/"
    send(resident, title="Resolved", url="/laporan/LK-1/")

    assert (
        sms_outbox[0].text
        == "Tangerang LIVE: Resolved. https://live.tangerangkota.go.id/laporan/LK-1/"
    )


def test_a_channel_without_an_address_is_skipped(outsider, send, sms_outbox):
    send(outsider, channels=("sms", "email"))  # the outsider has no email

    statuses = dict(Delivery.objects.values_list("channel", "status"))
    assert statuses == {"sms": "sent", "email": "skipped"}
    assert len(sms_outbox) == 1
    assert mail.outbox == []


def test_staff_without_a_phone_have_sms_skipped(send, sms_outbox, django_user_model):
    staff = django_user_model.objects.create_user(username="petugas", kind="staff")

    notification = send(staff)

    assert notification is not None
    assert Delivery.objects.get().status == "skipped"
    assert sms_outbox == []


def test_no_channel_is_an_inbox_message_only(resident, send, sms_outbox):
    send(resident, channels=())

    assert Notification.objects.count() == 1
    assert Delivery.objects.count() == 0
    assert sms_outbox == []


def test_nothing_is_sent_when_the_callers_transaction_rolls_back(
    resident, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notification_send(user=resident, kind="k", dedupe_key="k:1", title="T")
                raise RuntimeError("the caller failed")
        except RuntimeError:
            pass

    assert callbacks == []
    assert Notification.objects.count() == 0
    assert sms_outbox == []


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_a_link_off_the_site_is_refused(resident, url):
    with pytest.raises(ValueError, match="url"):
        notification_send(user=resident, kind="k", dedupe_key="k", title="T", url=url)
    assert Notification.objects.count() == 0


def test_an_unknown_channel_is_refused(resident):
    with pytest.raises(ValueError, match="channels"):
        notification_send(user=resident, kind="k", dedupe_key="k", title="T", channels=("fax",))


def test_a_title_with_a_newline_is_stored_on_one_line(resident, send):
    notification = send(resident, title="Line one\nline two", channels=())
    assert notification.title == "Line one line two"


def test_owner_marks_one_read_and_all_read(resident, send):
    first = send(resident, channels=())
    send(resident, channels=())
    send(resident, channels=())

    read = notification_mark_read(actor=resident, notification_id=first.pk)
    read_at = read.read_at
    assert read_at is not None
    # Marking it again keeps the first read time.
    assert notification_mark_read(actor=resident, notification_id=first.pk).read_at == read_at

    assert notification_mark_all_read(actor=resident) == 2
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_outsider_cannot_mark_someone_elses_message(resident, outsider, send):
    notification = send(resident, channels=())

    with pytest.raises(NotFound) as error:
        notification_mark_read(actor=outsider, notification_id=notification.pk)
    assert error.value.code == "notification_not_found"
    assert notification_mark_all_read(actor=outsider) == 0
    notification.refresh_from_db()
    assert notification.read_at is None


def test_purge_deletes_only_messages_read_long_ago(resident, send):
    old_read = send(resident, channels=("sms",))
    recent_read = send(resident, channels=())
    unread_old = send(resident, channels=())
    now = timezone.now()
    Notification.objects.filter(pk=old_read.pk).update(read_at=now - dt.timedelta(days=200))
    Notification.objects.filter(pk=recent_read.pk).update(read_at=now - dt.timedelta(days=10))
    Notification.objects.filter(pk=unread_old.pk).update(created_at=now - dt.timedelta(days=400))

    assert notifications_purge(older_than=dt.timedelta(days=180)) == 1

    assert set(Notification.objects.values_list("pk", flat=True)) == {
        recent_read.pk,
        unread_old.pk,
    }
    assert not Delivery.objects.filter(notification_id=old_read.pk).exists()
