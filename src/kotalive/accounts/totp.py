"""Staff second factor: TOTP (RFC 6238) enrolment and verification with replay protection.

The secret is stored encrypted (core.crypto, context "totp"); it is shown to the staff member only
while enrolment is unconfirmed. A code is accepted for the current 30-second step and one step on
either side (clock drift), and each step is accepted at most once (`User.totp_last_step`), so a code
seen over someone's shoulder cannot be used again.
"""

from __future__ import annotations

import base64
import hmac
import io
import time

import pyotp
import qrcode
import qrcode.image.svg
from django.db import transaction
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.core.crypto import decrypt, encrypt

ISSUER = "KotaLive Kota Tangerang"
STEP_SECONDS = 30
# Steps accepted on either side of the current one.
WINDOW = 1


def totp_secret_of(user: User) -> str | None:
    if not user.totp_secret_encrypted:
        return None
    return decrypt(user.totp_secret_encrypted, context="totp")


def totp_is_confirmed(user: User) -> bool:
    return bool(user.totp_secret_encrypted) and user.totp_confirmed_at is not None


def totp_set_secret(*, user: User, secret: str, confirmed: bool = False) -> None:
    """Store `secret` for `user` (encrypted); a new secret always resets replay protection."""
    user.totp_secret_encrypted = encrypt(secret, context="totp")
    user.totp_confirmed_at = timezone.now() if confirmed else None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_step"])


def totp_enrolment_secret(*, user: User) -> str:
    """The pending (unconfirmed) secret, created on first use. Refused once TOTP is confirmed."""
    if totp_is_confirmed(user):
        raise ValueError("TOTP is already confirmed; reset it before enrolling again.")
    secret = totp_secret_of(user)
    if secret is None:
        secret = pyotp.random_base32()
        totp_set_secret(user=user, secret=secret)
    return secret


def provisioning_uri(*, user: User, secret: str) -> str:
    return str(pyotp.TOTP(secret).provisioning_uri(name=user.username or "", issuer_name=ISSUER))


def qr_svg_data_uri(data: str) -> str:
    """A QR code as an SVG data URI, built on the server: no script and no third-party request."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _clean(code: str) -> str:
    return "".join(ch for ch in code if not ch.isspace())


def totp_verify(*, user: User, code: str, for_time: float | None = None) -> bool:
    """True when `code` is valid for a step not used before; that step is then spent.

    The step is spent with a conditional UPDATE so that two requests racing with the same code
    cannot both succeed.
    """
    secret = totp_secret_of(user)
    code = _clean(code)
    if secret is None or len(code) != 6 or not code.isdigit():
        return False
    now = time.time() if for_time is None else for_time
    current = int(now) // STEP_SECONDS
    generator = pyotp.TOTP(secret)
    for step in range(current - WINDOW, current + WINDOW + 1):
        if step <= user.totp_last_step:
            continue
        if hmac.compare_digest(str(generator.at(step * STEP_SECONDS)), code):
            with transaction.atomic():
                spent = User.objects.filter(pk=user.pk, totp_last_step__lt=step).update(
                    totp_last_step=step
                )
            if spent:
                user.totp_last_step = step
                return True
            return False
    return False


def totp_confirm(*, user: User, code: str) -> bool:
    """Confirm a pending enrolment with its first valid code."""
    if totp_is_confirmed(user) or not user.totp_secret_encrypted:
        return False
    if not totp_verify(user=user, code=code):
        return False
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_confirmed_at"])
    return True


def totp_reset(*, user: User) -> None:
    """Forget the secret: the next sign-in sends the staff member to enrolment again."""
    user.totp_secret_encrypted = ""
    user.totp_confirmed_at = None
    user.totp_last_step = 0
    user.save(update_fields=["totp_secret_encrypted", "totp_confirmed_at", "totp_last_step"])
