"""`{% draft_author user %}`: the signed-in account's opaque marker for offline drafts."""

from __future__ import annotations

from typing import Any

from django import template

from kotalive.complaints.drafts import draft_author as author_marker

register = template.Library()


@register.simple_tag
def draft_author(user: Any) -> str:
    return author_marker(user=user if getattr(user, "is_authenticated", False) else None)
