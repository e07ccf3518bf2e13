"""Writes for staff that belong to identity: a TOTP reset (lost phone), audited resident reads.

The sign-in itself (password, TOTP, enrolment, its rate limits) is the back-office shell's:
`kotalive.backoffice.services`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kotalive.accounts import policy, totp
from kotalive.accounts.models import ResidentIdentity, User
from kotalive.accounts.staff_selectors import resident_get_for, residents_visible_to
from kotalive.core.audit import audit_record
from kotalive.core.permissions import require

TOTP_RESET = "staff.totp_reset"
RESIDENT_VIEWED = "resident.viewed"
RESIDENT_LISTED = "resident.listed"


def staff_totp_reset(*, actor: User, user: User, channel: str = "admin") -> None:
    """Forget a staff member's authenticator (lost phone); they enrol again at next sign-in."""
    with transaction.atomic():
        totp.totp_reset(user=user)
        audit_record(actor=actor, action=TOTP_RESET, target=user, channel=channel)


def resident_open_for(
    *, actor: User, id: int, channel: str, ip: str | None = None
) -> ResidentIdentity:
    """Open one resident's record for a staff member: scope-checked, and the read is audited."""
    resident = resident_get_for(actor=actor, id=id)
    audit_record(actor=actor, action=RESIDENT_VIEWED, target=resident, channel=channel, ip=ip)
    return resident


@dataclass(frozen=True)
class ResidentPage:
    items: list[ResidentIdentity]
    count: int
    offset: int
    limit: int


def residents_list_for(
    *, actor: User, offset: int, limit: int, channel: str, ip: str | None = None
) -> ResidentPage:
    """One page of the register for a staff member who may see it; the listing is audited.

    The audit row says who listed, through which channel, which slice (offset, limit, the page
    for the web) and which residents were shown, so that every display of a name is accounted for.
    """
    require(actor, policy.RESIDENT_VIEW)
    rows = residents_visible_to(actor=actor)
    count = rows.count()
    items = list(rows[offset : offset + limit]) if offset < count else []
    audit_record(
        actor=actor,
        action=RESIDENT_LISTED,
        channel=channel,
        ip=ip,
        data={
            "offset": offset,
            "limit": limit,
            "count": count,
            "shown": [r.pk for r in items],
        },
    )
    return ResidentPage(items=items, count=count, offset=offset, limit=limit)
