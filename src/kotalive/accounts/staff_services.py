"""Writes for staff that belong to identity: a TOTP reset (lost phone), audited resident reads.

The sign-in itself (password, TOTP, enrolment, its rate limits) is the back-office shell's:
`kotalive.backoffice.services`.
"""

from __future__ import annotations

from django.db import transaction

from kotalive.accounts import totp
from kotalive.accounts.models import ResidentIdentity, User
from kotalive.accounts.staff_selectors import resident_get_for
from kotalive.core.audit import audit_record

TOTP_RESET = "staff.totp_reset"
RESIDENT_VIEWED = "resident.viewed"


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
