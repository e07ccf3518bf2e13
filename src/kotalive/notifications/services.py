"""Writes of the inbox: store a message once, deliver it by SMS/email at most once, mark it read.

Callers pass the title and body already translated into the recipient's language, e.g.::

    with translation.override(user.language):
        notification_send(user=user, kind="complaint.resolved", dedupe_key=f"complaint:{ref}:...",
                          title=_("Your report %(ref)s is resolved") % {"ref": ref}, url=...)

Reading one's own messages is not audited: a read receipt changes nothing anyone is accountable
for, and an append-only log of when each resident opened each message would be tracking that UU
PDP's data minimisation asks us not to keep.
"""

from __future__ import annotations

import enum
import logging
import re
import smtplib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from kotalive.accounts.models import User
from kotalive.accounts.sms import SmsDeliveryError, get_gateway
from kotalive.core.audit import audit_record
from kotalive.core.db import insert_one
from kotalive.core.tasks import task_send
from kotalive.notifications.models import Delivery, Notification, is_local_path
from kotalive.notifications.selectors import notification_get_for, notifications_for

logger = logging.getLogger(__name__)

Channel = Delivery.Channel
Status = Delivery.Status

# A delivery is tried this many times in all (the first try and four retries), then failed.
MAX_ATTEMPTS = 5
# Three concatenated SMS segments of 153 GSM characters.
SMS_MAX_CHARS = 459
# A pending delivery never tried after this long was probably never queued (broker down at
# commit time); one tried but still pending after RETRY_LOST_AFTER (longer than all the backoff
# delays together) lost its retry.
REQUEUE_AFTER = timedelta(minutes=10)
RETRY_LOST_AFTER = timedelta(hours=1)
REQUEUE_WINDOW = timedelta(days=2)

_WHITESPACE = re.compile(r"\s+")


def _one_line(text: str, limit: int) -> str:
    # A subject line with a newline is refused by the mail library; titles never need one.
    line = _WHITESPACE.sub(" ", text).strip()
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _address(user: User, channel: str) -> str:
    if channel == Channel.SMS:
        return user.phone or ""
    if channel == Channel.EMAIL:
        return user.email or ""
    return ""


# Looked up by name (core/tasks.py): the task module imports this one, never the reverse.
DELIVERY_TASK = "kotalive.notifications.tasks.delivery_send"


def _enqueue(delivery_id: int) -> None:
    task_send(DELIVERY_TASK, delivery_id)


@dataclass(frozen=True)
class Text:
    """A message text translated where it is shown: its English source (marked for translation
    with `gettext_noop` by the caller) and the values put into it. The inbox shows it in the
    language of the page; the SMS and email go out in the recipient's language."""

    msgid: str
    params: Mapping[str, str] = field(default_factory=dict)

    def render(self) -> str:
        return _(self.msgid) % dict(self.params) if self.params else _(self.msgid)


def _texts(title: str | Text, body: str | Text) -> dict[str, Any]:
    texts: dict[str, Any] = {}
    params: dict[str, str] = {}
    for part, text in (("title", title), ("body", body)):
        if isinstance(text, Text):
            texts[part] = text.msgid
            params.update({key: str(value) for key, value in text.params.items()})
    if texts and params:
        texts["params"] = params
    return texts


def notification_send(
    *,
    user: User,
    kind: str,
    dedupe_key: str,
    title: str | Text,
    body: str | Text = "",
    url: str = "",
    channels: Sequence[str] = (Channel.SMS,),
) -> Notification | None:
    """Put a message in the user's inbox once per `dedupe_key` and queue its deliveries.

    Safe inside the caller's transaction and under concurrency: the unique
    constraint decides, and the second caller gets the first one's row and queues nothing.
    Deliveries are queued on commit, so a rolled-back caller sends nothing. Returns None for an
    inactive user. A channel without an address (no phone, no email) is stored as skipped.
    `title` and `body` are given translated (in the recipient's language), or as `Text`, which
    is stored translated and by its source, so that the inbox can show it in another language.
    """
    if not user.is_active:
        return None
    if not dedupe_key or len(dedupe_key) > 120:
        raise ValueError("dedupe_key must be 1 to 120 characters.")
    if url and (len(url) > 300 or not is_local_path(url)):
        raise ValueError("url must be a path on this site ('/...'), at most 300 characters.")
    unknown = set(channels) - set(Channel.values)
    if unknown:
        raise ValueError(f"Unknown channels: {sorted(unknown)}")
    # The caller's transaction, if any, holds it all (no savepoint: a failure below fails the
    # caller too). Insert first: a message is almost always new, and the unique constraint
    # settles the rare second caller (ON CONFLICT DO NOTHING) with no read or savepoint first.
    with transaction.atomic(savepoint=False):
        notification = Notification(
            user=user,
            dedupe_key=dedupe_key,
            kind=kind[:40],
            title=_one_line(title.render() if isinstance(title, Text) else title, 200),
            body=(body.render() if isinstance(body, Text) else body)[:1000],
            texts=_texts(title, body),
            url=url,
        )
        if not insert_one(notification, skip_if_taken=("user", "dedupe_key")):
            return Notification.objects.get(user=user, dedupe_key=dedupe_key)
        wanted = list(dict.fromkeys(channels))
        deliveries = Delivery.objects.bulk_create(
            Delivery(
                notification=notification,
                channel=channel,
                status=Status.PENDING if _address(user, channel) else Status.SKIPPED,
            )
            for channel in wanted
        )
        audit_record(
            actor=None,
            action="notification.created",
            target=notification,
            data={"user": user.pk, "kind": notification.kind, "channels": wanted},
        )
        for delivery in deliveries:
            if delivery.status == Status.PENDING:
                # robust: a broker outage must not turn the caller's committed work into a 500;
                # the pending row stays and deliveries_requeue picks it up.
                transaction.on_commit(partial(_enqueue, delivery.pk), robust=True)
    return notification


def notification_mark_read(*, actor: User, notification_id: int) -> Notification:
    """Mark one of the actor's messages read; someone else's is simply not found."""
    notification = notification_get_for(actor=actor, notification_id=notification_id)
    if notification.read_at is None:
        now = timezone.now()
        # Conditional update: two tabs opening it at once keep the first read time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.refresh_from_db(fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor: User) -> int:
    """Mark every unread message of the actor read; returns how many changed."""
    return notifications_for(actor=actor, unread_only=True).update(read_at=timezone.now())


class Outcome(enum.StrEnum):
    SENT = "sent"
    RETRY = "retry"
    FAILED = "failed"
    SKIPPED = "skipped"
    NOT_PENDING = "not_pending"


def _absolute(url: str) -> str:
    base: str = settings.SITE_URL
    return f"{base.rstrip('/')}{url}" if base and url else ""


def _sentence(text: str) -> str:
    """`text` ending as a sentence does: a title ("Report LK-1 resolved") gets its full stop."""
    text = text.strip()
    return text if not text or text.endswith((".", "!", "?", "…", ":")) else f"{text}."


def _sms_text(notification: Notification) -> str:
    # Signed with the city's name for the app (SITE_NAME), the one residents know.
    parts = [f"{settings.SITE_NAME}: {_sentence(notification.title)}"]
    if notification.body:
        parts.append(_sentence(notification.body))
    link = _absolute(notification.url)
    tail = f" {link}" if link else ""
    text = " ".join(parts)
    room = SMS_MAX_CHARS - len(tail)
    if len(text) > room:
        text = text[: room - 1] + "…"
    return text + tail


def _send_email(notification: Notification, to: str, language: str) -> None:
    link = _absolute(notification.url)
    with override(language):
        footer = _("You receive this message because you have a %(app)s account.") % {
            "app": settings.SITE_NAME
        }
        open_line = _("Open: %(link)s") % {"link": link} if link else ""
    text = "\n\n".join(p for p in (notification.body, open_line, "-- \n" + footer) if p)
    EmailMessage(subject=notification.title, body=text, to=[to]).send(fail_silently=False)


def _send(delivery: Delivery, to: str) -> None:
    notification = delivery.notification
    if delivery.channel == Channel.SMS:
        get_gateway().send(to=to, text=_sms_text(notification))
    else:
        _send_email(notification, to, notification.user.language)


# Errors where the channel said no or could not be reached: safe to try again.
GATEWAY_ERRORS = (SmsDeliveryError, smtplib.SMTPException, OSError)


def delivery_attempt(*, delivery_id: int) -> Outcome:
    """Try one delivery: claim it (committed), send, then record the result.

    At most once: the claim (pending -> sending) is committed before the gateway is called and
    only a pending row is claimed, so a second task, a redelivered message or a retry after a
    crash never sends again. See tasks.py for why at-most-once was chosen.
    """
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("notification__user")
            .filter(pk=delivery_id)
            .first()
        )
        if delivery is None or delivery.status != Status.PENDING:
            return Outcome.NOT_PENDING
        user = delivery.notification.user
        address = _address(user, delivery.channel) if user.is_active else ""
        if not address:
            # The address went away (account deleted, phone removed) since the message was queued.
            delivery.status = Status.SKIPPED
            delivery.save(update_fields=["status"])
            return Outcome.SKIPPED
        delivery.status = Status.SENDING
        delivery.attempts += 1
        delivery.save(update_fields=["status", "attempts"])
    try:
        _send(delivery, address)
    except GATEWAY_ERRORS as exc:
        final = delivery.attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
            status=Status.FAILED if final else Status.PENDING,
            error=f"{type(exc).__name__}: {exc}"[:300],
        )
        logger.warning(
            "delivery failed",
            extra={"delivery": delivery.pk, "channel": delivery.channel, "final": final},
        )
        return Outcome.FAILED if final else Outcome.RETRY
    except Exception as exc:
        # Not a gateway refusal: we cannot know whether it went out, so it is not retried.
        Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
            status=Status.FAILED, error=f"unexpected {type(exc).__name__}"[:300]
        )
        raise
    Delivery.objects.filter(pk=delivery.pk, status=Status.SENDING).update(
        status=Status.SENT, sent_at=timezone.now(), error=""
    )
    return Outcome.SENT


def deliveries_requeue() -> int:
    """Queue again the pending deliveries whose task was lost (e.g. the broker was down)."""
    now = timezone.now()
    lost = Q(attempts=0, created_at__lt=now - REQUEUE_AFTER) | Q(
        created_at__lt=now - RETRY_LOST_AFTER
    )
    ids = list(
        Delivery.objects.filter(lost, status=Status.PENDING, created_at__gte=now - REQUEUE_WINDOW)
        .order_by("pk")
        .values_list("pk", flat=True)[:1000]
    )
    for delivery_id in ids:
        _enqueue(delivery_id)
    return len(ids)


def notifications_purge(*, older_than: timedelta) -> int:
    """Delete read messages (and their deliveries) read longer ago than `older_than`."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        _total, counts = Notification.objects.filter(read_at__lt=cutoff).delete()
        deleted = counts.get(Notification._meta.label, 0)
        if deleted:
            audit_record(
                actor=None,
                action="notification.purged",
                data={"deleted": deleted, "read_before": cutoff.isoformat()},
            )
    return deleted
