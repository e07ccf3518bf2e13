"""`{% load notifications %}{% unread_badge %}`: a header link to the inbox, with the count."""

from __future__ import annotations

from typing import Any

from django import template

from kotalive.accounts.models import User
from kotalive.notifications.selectors import unread_count

register = template.Library()


@register.inclusion_tag("notifications/_unread_badge.html", takes_context=True)
def unread_badge(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not isinstance(user, User) or not user.is_active:
        return {"show": False, "count": 0}
    return {"show": True, "count": unread_count(actor=user)}
