"""Who may listen where: `public` for all, `user:<id>` for that user, `org:<id>` for its staff."""

from __future__ import annotations

from kotalive.accounts.models import Membership, User
from kotalive.core.events.base import CHANNEL_RE


def channel_access_check(*, user: User | None, channel: str) -> bool:
    if not CHANNEL_RE.match(channel):
        return False
    if channel == "public":
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    scope, _, raw_id = channel.partition(":")
    if scope == "user":
        return int(raw_id) == user.pk
    # org: staff only, and only organisations they hold a role in.
    return (
        user.kind == User.Kind.STAFF
        and Membership.objects.filter(
            user=user, organisation_id=int(raw_id), organisation__is_active=True
        ).exists()
    )
