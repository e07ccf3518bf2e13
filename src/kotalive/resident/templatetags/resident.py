"""`{% load resident %}{% hub as hub %}`: what the header and the phone's bottom bar need."""

from __future__ import annotations

from typing import Any

from django import template

from kotalive.accounts.models import User
from kotalive.accounts.policy import is_staff
from kotalive.resident.registry import count_for

register = template.Library()

# Pages of the back office: their header leads back there, never into a resident's pages.
STAFF_PATHS = ("/staff/", "/admin/")


@register.simple_tag(takes_context=True)
def hub(context: template.Context) -> dict[str, Any]:
    """`staff`: the staff header (a staff member, or a back-office page); `inbox`: unread count.

    Costs nothing for a visitor who is not signed in (the cached anonymous home page included)
    and one count for a resident."""
    request = context.get("request")
    user = getattr(request, "user", None)
    path = str(getattr(request, "path", ""))
    staff = path.startswith(STAFF_PATHS) or is_staff(user)
    resident = isinstance(user, User) and user.is_active and not staff
    return {
        "staff": staff,
        "resident": resident,
        "inbox": count_for("inbox", user) if resident and isinstance(user, User) else 0,
    }
