"""Writes of the staff sign-in: password, then TOTP; TOTP enrolment; the end of a session.

Every refusal is a DomainError with a stable code; every outcome is in the audit log.

Guessing (docs/backoffice.md, ASVS 2.2): the limits count *failures*, on the cache, and refuse the
next attempt once an allowance is spent, failing closed when the cache is down:
- per address (`staff_login_ip`): one address guessing at any accounts;
- per address and account (`staff_login_ip_account`): one address guessing at one account;
- per account (`staff_login_account` for passwords, `staff_totp` for codes): many addresses
  guessing at one account. This one does not apply on a device where the account completed a
  sign-in before (devices.py), so a stranger's failures cannot lock the owner out of it.
A whole office behind one NAT address signs in freely: successes count nowhere.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from kotalive.accounts import totp
from kotalive.accounts.models import User
from kotalive.accounts.policy import is_staff
from kotalive.core.audit import audit_record
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.models import AuditEvent
from kotalive.core.ratelimit import count_rate, rate_spent, reset_rate

IP = "staff_login_ip"
IP_ACCOUNT = "staff_login_ip_account"
ACCOUNT = "staff_login_account"
TOTP = "staff_totp"

SIGNED_IN = "staff.signed_in"
SIGN_IN_FAILED = "staff.sign_in_failed"
SESSION_ENDED = "staff.session_ended"
TOTP_ENROLLED = "staff.totp_enrolled"


def _ip_key(ip: str | None) -> str:
    return f"ip:{ip or '-'}"


def _ip_account_key(ip: str | None, account: str) -> str:
    return f"ip:{ip or '-'}|{account}"


def _refuse_if_spent(bucket: str, key: str, message: Any = None) -> None:
    retry_after = rate_spent(bucket, key, fail_closed=True)
    if retry_after:
        raise RateLimited(
            "rate_limited",
            message or _("Too many attempts. Please wait before trying again."),
            retry_after=retry_after,
        )


def _count(bucket: str, key: str) -> None:
    count_rate(bucket, key, fail_closed=True)


def _failed(*, user: User | None, username: str, reason: str, ip: str | None) -> None:
    audit_record(
        actor=user,
        action=SIGN_IN_FAILED,
        target=user,
        channel=AuditEvent.Channel.WEB,
        ip=ip,
        data={"username": username[:150], "reason": reason},
    )


def _account_of(username: str) -> str:
    return username.strip().lower()


def _on_known_device(account: str, device_user_ids: Collection[int]) -> bool:
    if not device_user_ids:
        return False
    return User.objects.filter(
        pk__in=device_user_ids, username__iexact=account, kind=User.Kind.STAFF
    ).exists()


def staff_password_check(
    *, username: str, password: str, ip: str | None, device_user_ids: Collection[int] = ()
) -> User:
    """First step: the password. Returns the staff member; does not sign them in yet."""
    username = username.strip()
    account = _account_of(username)
    _refuse_if_spent(IP, _ip_key(ip))
    _refuse_if_spent(IP_ACCOUNT, _ip_account_key(ip, account))
    if not _on_known_device(account, device_user_ids):
        _refuse_if_spent(
            ACCOUNT,
            account,
            _(
                "This account had too many failed sign-ins. Sign in on a device you used "
                "before, or try again later."
            ),
        )
    user = authenticate(None, username=username, password=password)
    if not is_staff(user):
        # Residents have no password, but a staff form must never sign one in whatever happens.
        _failed(user=None, username=username, reason="password", ip=ip)
        _count(IP, _ip_key(ip))
        _count(IP_ACCOUNT, _ip_account_key(ip, account))
        _count(ACCOUNT, account)
        raise DomainError(
            "invalid_credentials", _("The username or password is not correct."), field="password"
        )
    return user


def _code_limits(user: User, ip: str | None, known_device: bool) -> None:
    _refuse_if_spent(IP, _ip_key(ip))
    if not known_device:
        _refuse_if_spent(TOTP, f"totp:{user.pk}")


def _code_failed(user: User, ip: str | None, reason: str) -> None:
    _failed(user=user, username=user.username or "", reason=reason, ip=ip)
    _count(IP, _ip_key(ip))
    _count(TOTP, f"totp:{user.pk}")


def staff_totp_check(*, user: User, code: str, ip: str | None, known_device: bool = False) -> None:
    """Second step: a TOTP code from the staff member's authenticator app."""
    _code_limits(user, ip, known_device)
    if not totp.totp_is_confirmed(user) or not totp.totp_verify(user=user, code=code):
        _code_failed(user, ip, "totp")
        raise DomainError("invalid_totp", _("The code is not correct or was already used."))


def staff_totp_enrol_confirm(
    *, user: User, code: str, ip: str | None, known_device: bool = False
) -> None:
    """Confirm enrolment with the first code the new authenticator shows."""
    _code_limits(user, ip, known_device)
    with transaction.atomic():
        confirmed = totp.totp_confirm(user=user, code=code)
        if confirmed:
            audit_record(actor=user, action=TOTP_ENROLLED, target=user, channel="web", ip=ip)
    if not confirmed:
        _code_failed(user, ip, "totp_enrol")
        raise DomainError("invalid_totp", _("The code is not correct or was already used."))


def staff_signed_in(*, user: User, ip: str | None) -> None:
    """Record a completed sign-in and forgive this address's mistakes on this account."""
    audit_record(actor=user, action=SIGNED_IN, target=user, channel="web", ip=ip)
    reset_rate(IP_ACCOUNT, _ip_account_key(ip, _account_of(user.username or "")))
    reset_rate(TOTP, f"totp:{user.pk}")


def staff_session_expired(*, user: Any, reason: str, ip: str | None) -> None:
    """Record that a staff session ended by its idle or absolute limit."""
    audit_record(
        actor=user if isinstance(user, User) else None,
        action=SESSION_ENDED,
        target=user if isinstance(user, User) else None,
        channel=AuditEvent.Channel.WEB,
        ip=ip,
        data={"reason": reason},
    )
