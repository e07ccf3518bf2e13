"""Writes for staff: the two-step sign-in (password, then TOTP), TOTP enrolment, audited reads.

Every refusal is a DomainError with a stable code; every outcome is in the audit log.

Rate limits (bucket `staff_login`, failing closed when the cache is down, because a login form is
exactly what an attacker hammers): every attempt counts against the username (and every code
against the staff member), but only *failures* count against the IP address. A whole office behind
one NAT address can then sign in on a Monday morning, while guessing from one address is stopped.
Once an address has spent its allowance it stays locked until the window ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import authenticate
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kotalive.accounts import policy, totp
from kotalive.accounts.models import ResidentIdentity, User
from kotalive.accounts.staff_selectors import resident_get_for, residents_visible_to
from kotalive.core.audit import audit_record
from kotalive.core.crypto import token_hash
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.models import AuditEvent
from kotalive.core.ratelimit import check_rate, reset_rate

BUCKET = "staff_login"
SIGNED_IN = "staff.signed_in"
SIGN_IN_FAILED = "staff.sign_in_failed"
TOTP_ENROLLED = "staff.totp_enrolled"
TOTP_RESET = "staff.totp_reset"
RESIDENT_VIEWED = "resident.viewed"
RESIDENT_LISTED = "resident.listed"


def _ip_lock_key(ip: str | None) -> str:
    return f"staff-login-ip-locked:{token_hash(ip or '-')[:32]}"


def _limit(key: str, ip: str | None) -> None:
    """Count one attempt for `key`; refuse at once if `ip` is locked by earlier failures."""
    try:
        retry_after = cache.get(_ip_lock_key(ip))
    except Exception:
        raise RateLimited(
            "rate_limited", _("This service is busy. Please try again in a minute."), retry_after=60
        ) from None
    if retry_after:
        raise RateLimited(
            "rate_limited",
            _("Too many attempts. Please wait before trying again."),
            retry_after=int(retry_after),
        )
    check_rate(BUCKET, key, fail_closed=True)


def _count_ip_failure(ip: str | None) -> None:
    try:
        check_rate(BUCKET, f"ip:{ip or '-'}", fail_closed=True)
    except RateLimited as exc:
        cache.set(_ip_lock_key(ip), exc.retry_after, timeout=exc.retry_after)
        raise


def _failed(*, user: User | None, username: str, reason: str, ip: str | None) -> None:
    """Audit a failed step, then count it against the address (which may refuse from now on)."""
    audit_record(
        actor=user,
        action=SIGN_IN_FAILED,
        target=user,
        channel=AuditEvent.Channel.WEB,
        ip=ip,
        data={"username": username[:150], "reason": reason},
    )
    _count_ip_failure(ip)


def staff_password_check(*, username: str, password: str, ip: str | None) -> User:
    """First step: the password. Returns the staff member; does not sign them in yet."""
    username = username.strip()
    _limit(f"user:{username.lower()}", ip)
    user = authenticate(None, username=username, password=password)
    if not isinstance(user, User) or not user.is_staff_member or not user.is_active:
        # Residents have no password, but a staff form must never sign one in whatever happens.
        _failed(user=None, username=username, reason="password", ip=ip)
        raise DomainError(
            "invalid_credentials", _("The username or password is not correct."), field="password"
        )
    return user


def staff_totp_check(*, user: User, code: str, ip: str | None) -> None:
    """Second step: a TOTP code from the staff member's authenticator app."""
    _limit(f"totp:{user.pk}", ip)
    if not totp.totp_is_confirmed(user) or not totp.totp_verify(user=user, code=code):
        _failed(user=user, username=user.username or "", reason="totp", ip=ip)
        raise DomainError("invalid_totp", _("The code is not correct or was already used."))


def staff_totp_enrol_confirm(*, user: User, code: str, ip: str | None) -> None:
    """Confirm enrolment with the first code the new authenticator shows."""
    _limit(f"totp:{user.pk}", ip)
    with transaction.atomic():
        confirmed = totp.totp_confirm(user=user, code=code)
        if confirmed:
            audit_record(actor=user, action=TOTP_ENROLLED, target=user, channel="web", ip=ip)
    if not confirmed:
        _failed(user=user, username=user.username or "", reason="totp_enrol", ip=ip)
        raise DomainError("invalid_totp", _("The code is not correct or was already used."))


def staff_signed_in(*, user: User, ip: str | None) -> None:
    """Record a completed sign-in and forgive the username's earlier mistakes."""
    audit_record(actor=user, action=SIGNED_IN, target=user, channel="web", ip=ip)
    reset_rate(BUCKET, f"user:{(user.username or '').lower()}")


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
    policy.require(actor, policy.RESIDENT_VIEW)
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
