"""Residents sign in with their phone number and a one-time code sent by SMS."""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import PhoneCode, User
from kotalive.accounts.sms import get_gateway
from kotalive.core.audit import audit_record
from kotalive.core.crypto import blind_index
from kotalive.core.errors import DomainError, PermissionDenied
from kotalive.core.models import AuditEvent
from kotalive.core.ratelimit import check_rate

CODE_LENGTH = 6
CODE_TTL = timedelta(minutes=5)
MAX_ATTEMPTS = 5

_SEPARATORS = re.compile(r"[\s().\-]")
# Indonesian mobile numbers: 8 then 8 to 11 more digits after the country code (+62 8xx...).
_MOBILE = re.compile(r"^8[1-9][0-9]{7,10}$")


def normalise_phone(raw: str) -> str:
    """08xx, 628xx and +628xx become +628xx; anything else is refused with a precise error."""
    number = _SEPARATORS.sub("", raw or "")
    if not number:
        raise DomainError("phone_required", _("Enter your phone number."), field="phone")
    if not re.fullmatch(r"\+?[0-9]+", number):
        raise DomainError(
            "phone_invalid_characters",
            _("A phone number may contain digits only (and a leading +)."),
            field="phone",
        )
    if number.startswith("+62"):
        national = number[3:]
    elif number.startswith("62"):
        national = number[2:]
    elif number.startswith("0"):
        national = number[1:]
    else:
        raise DomainError(
            "phone_not_indonesian",
            _("Only Indonesian numbers are accepted: start with 08, 628 or +628."),
            field="phone",
        )
    if not national.startswith("8"):
        raise DomainError(
            "phone_not_mobile",
            _("This is not a mobile number: Indonesian mobile numbers start with 08."),
            field="phone",
        )
    if not _MOBILE.fullmatch(national):
        raise DomainError(
            "phone_length",
            _("A mobile number has 10 to 13 digits, starting with 08."),
            field="phone",
        )
    return f"+62{national}"


def _code_hash(phone: str, code: str) -> str:
    # Keyed (HMAC) and bound to the number: a leaked table does not reveal the 6-digit codes.
    return blind_index(f"{phone}:{code}", context="phone_code")


def _sms_text(code: str) -> str:
    # The city's name for the app (SITE_NAME), not the software's: residents know the former.
    return _(
        "Your %(app)s sign-in code is %(code)s. It is valid for 5 minutes. "
        "Never share this code with anyone."
    ) % {"app": settings.SITE_NAME, "code": code}


def phone_code_request(*, phone: str, ip: str | None) -> PhoneCode:
    """Create a code for this number and send it by SMS once the row is committed."""
    number = normalise_phone(phone)
    check_rate("otp_request_ip", ip or "unknown", fail_closed=True)
    check_rate("otp_request_phone", number, fail_closed=True)
    check_rate(
        "otp_request_phone_day",
        number,
        fail_closed=True,
        code="phone_code_daily_limit",
        message=_(
            "This number has received the most sign-in codes allowed in one day. Try again "
            "tomorrow, or sign in with the code you already received."
        ),
    )
    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    now = timezone.now()
    text = _sms_text(code)
    with transaction.atomic():
        # Only the newest code counts; older and expired ones are dropped.
        PhoneCode.objects.filter(phone=number).delete()
        phone_code = PhoneCode.objects.create(
            phone=number,
            code_hash=_code_hash(number, code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        audit_record(
            actor=None,
            action="resident.code_requested",
            target=phone_code,
            ip=ip,
            data={"phone": f"{number[:5]}****{number[-3:]}"},
        )
        gateway = get_gateway()
        transaction.on_commit(lambda: gateway.send(to=number, text=text), robust=True)
    return phone_code


def phone_codes_purge(*, now: datetime | None = None) -> int:
    """Delete codes that expired (or were used) over an hour ago: a phone number kept for no use.

    The hour keeps a just-expired code answering "expired, ask again" rather than "no code".
    """
    cutoff = (now or timezone.now()) - timedelta(hours=1)
    deleted, _ = PhoneCode.objects.filter(expires_at__lt=cutoff).delete()
    return deleted


def _refusal(phone_code: PhoneCode | None, now: datetime) -> DomainError | None:
    if phone_code is None:
        return DomainError(
            "code_not_requested",
            _("No code was sent to this number. Ask for a new code."),
            field="code",
        )
    if phone_code.used_at is not None:
        return DomainError(
            "code_used", _("This code was already used. Ask for a new code."), field="code"
        )
    if phone_code.expires_at <= now:
        return DomainError(
            "code_expired", _("This code has expired. Ask for a new code."), field="code"
        )
    if phone_code.attempts >= MAX_ATTEMPTS:
        return DomainError(
            "code_attempts_exceeded",
            _("Too many wrong tries for this code. Ask for a new code."),
            field="code",
        )
    return None


def phone_code_verify(
    *, phone: str, code: str, ip: str | None, channel: str = AuditEvent.Channel.WEB
) -> User:
    """Check the code (single use, 5 minutes, 5 tries) and return the resident, created if new."""
    number = normalise_phone(phone)
    check_rate("otp_verify_ip", ip or "unknown", fail_closed=True)
    now = timezone.now()
    refusal: DomainError | None = None
    user: User | None = None
    # The try counter must be committed even when the code is wrong, so the refusal is raised
    # after the transaction rather than inside it (which would roll the counter back).
    with transaction.atomic():
        phone_code = (
            PhoneCode.objects.select_for_update()
            .filter(phone=number)
            .order_by("-created_at", "-id")
            .first()
        )
        refusal = _refusal(phone_code, now)
        if refusal is None:
            assert phone_code is not None
            phone_code.attempts += 1
            given = (code or "").strip()
            if hmac.compare_digest(phone_code.code_hash, _code_hash(number, given)):
                phone_code.used_at = now
                phone_code.save(update_fields=["attempts", "used_at"])
                user = _resident_for(number, ip=ip, channel=channel)
            else:
                phone_code.save(update_fields=["attempts"])
                left = MAX_ATTEMPTS - phone_code.attempts
                refusal = DomainError(
                    "code_invalid",
                    _("This code is not right. Tries left: %(left)d.") % {"left": left},
                    field="code",
                    extra={"attempts_left": left},
                )
    if refusal is not None:
        raise refusal
    assert user is not None
    return user


def _resident_for(number: str, *, ip: str | None, channel: str) -> User:
    user = User.objects.select_for_update().filter(phone=number).first()
    if user is None:
        user = User.objects.create_user(kind=User.Kind.RESIDENT, phone=number, language="id")
        audit_record(actor=user, action="resident.created", target=user, channel=channel, ip=ip)
    elif not user.is_active or not user.is_resident:
        raise PermissionDenied(
            "account_disabled", _("This account cannot sign in with a phone code.")
        )
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    audit_record(actor=user, action="resident.signed_in", target=user, channel=channel, ip=ip)
    return user
