"""What applications bring to the back-office shell: the officers' queue ("Permohonan") for whom
`application.queue` admits, and a dashboard tile with what waits at their offices and is late."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.applications import policy
from kotalive.applications.staff_display import queue_counts
from kotalive.backoffice import registry
from kotalive.core.permissions import allowed


def may_use_queue(user: User) -> bool:
    return allowed(user, policy.QUEUE)


def queue_tile(user: User) -> dict[str, Any] | None:
    """Waiting and overdue at the user's desks; no tile for whom has no desk."""
    if not may_use_queue(user):
        return None
    waiting, overdue = queue_counts(user)
    return {"waiting": waiting, "overdue": overdue}


registry.menu_entry_register(
    registry.MenuEntry(
        key="applications",
        label=_("Applications"),
        url_name="applications_staff:queue",
        allowed=may_use_queue,
        order=15,
    )
)
registry.menu_entry_register(
    registry.MenuEntry(
        key="application_definitions",
        label=_("Service definitions"),
        url_name="applications_staff:definitions",
        allowed=lambda user: allowed(user, policy.DEFINE),
        order=16,
    )
)
registry.tile_register(
    registry.Tile(
        key="applications",
        template="applications_staff/_tile.html",
        context=queue_tile,
        order=20,
    )
)
