"""A resident's inbox in their data export; deleted with their account (titles can be personal)."""

from __future__ import annotations

from typing import Any

from kotalive.accounts.models import User
from kotalive.notifications.models import Notification


def export(user: User) -> list[dict[str, Any]]:
    return [
        {
            "title": n.title,
            "body": n.body,
            "url": n.url,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None,
        }
        for n in Notification.objects.filter(user=user).order_by("created_at", "pk")
    ]


def erase(user: User) -> None:
    Notification.objects.filter(user=user).delete()
