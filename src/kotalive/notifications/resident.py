"""What the inbox brings to the resident's hub: the unread count beside "Inbox"."""

from __future__ import annotations

from kotalive.accounts.models import User
from kotalive.notifications.selectors import unread_count
from kotalive.resident import registry


def inbox_unread(user: User) -> int:
    return unread_count(actor=user)


registry.count_register("inbox", inbox_unread)
