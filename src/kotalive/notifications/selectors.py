"""Reads of the inbox, always the actor's own messages."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from kotalive.accounts.models import User
from kotalive.core.errors import NotFound
from kotalive.notifications.models import Notification


def notifications_for(*, actor: User, unread_only: bool = False) -> QuerySet[Notification]:
    """The actor's messages, newest first; nothing for an inactive account."""
    if not actor.is_active:
        return Notification.objects.none()
    messages = Notification.objects.filter(user=actor).order_by("-created_at", "-pk")
    return messages.filter(read_at__isnull=True) if unread_only else messages


def unread_count(*, actor: User) -> int:
    return notifications_for(actor=actor, unread_only=True).count()


def notification_get_for(*, actor: User, notification_id: int) -> Notification:
    """One of the actor's messages; another person's is not found (its existence is not told)."""
    found = notifications_for(actor=actor).filter(pk=notification_id).first()
    if found is None:
        raise NotFound("notification_not_found", _("No such message."))
    return found
