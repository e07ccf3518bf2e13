"""In-app inbox messages and their deliveries by SMS or email: each sent at most once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from kotalive.core.i18n import translated


class Notification(models.Model):
    """One message to one person, shown in their inbox.

    `dedupe_key` names the occasion (e.g. "complaint:LK-7Q4M2X:resolved:1"): the same occasion
    for the same person is stored once, however often a service or a retried task asks.
    """

    user = models.ForeignKey(  # indexed first in notification_once and notification_unread
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        db_index=False,
    )
    kind = models.CharField(max_length=40)
    dedupe_key = models.CharField(max_length=120)
    # Stored in the recipient's language at the time of sending (what the SMS and email said).
    title = models.CharField(max_length=200)
    body = models.TextField(max_length=1000, blank=True)
    # The English sources and their values ({"title": msgid, "body": msgid, "params": {...}}),
    # when the sender gave them: the inbox shows the message in the language of the page.
    texts = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "dedupe_key"], name="notification_once")
        ]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def shown_title(self) -> str:
        """The title in the active language when its source is known, else as stored."""
        return self._translated("title", self.title)

    @property
    def shown_body(self) -> str:
        return self._translated("body", self.body)

    def _translated(self, part: str, stored: str) -> str:
        if not isinstance(self.texts, dict):
            return stored
        return translated(self.texts.get(part), self.texts.get("params") or {}, stored)

    @property
    def safe_url(self) -> str:
        """The link if it stays on this site (a path), else "": never an open redirect."""
        return self.url if is_local_path(self.url) else ""


def is_local_path(url: str) -> bool:
    """True for "/a/path?x=1", false for "//host", "/\\host", "https://...", "javascript:"."""
    return (
        url.startswith("/")
        and not url.startswith(("//", "/\\"))
        and url.isprintable()
        and url_has_allowed_host_and_scheme(url, allowed_hosts=None)
    )


class Delivery(models.Model):
    """Sending one notification through one outside channel; sent at most once.

    pending -> sending (claimed by a worker, committed before the gateway is called) -> sent;
    a gateway refusal puts it back to pending for a retry, or failed after the last try. A row
    left in `sending` means a worker died mid-send: it is never sent again (see tasks.py).
    """

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS")
        EMAIL = "email", _("Email")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no address)")

    notification = models.ForeignKey(
        Notification, on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(max_length=5, choices=Channel.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once")
        ]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.channel} #{self.notification_id}: {self.status}"
