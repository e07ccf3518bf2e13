"""The staff session: its flag, its start, and its two limits (ASVS 3.3).

A staff session is authenticated only after the TOTP step, which sets `SESSION_TOTP_OK` and the
two clocks. It ends after `STAFF_SESSION_MAX_SECONDS` from sign-in (a working day) and after
`STAFF_SESSION_IDLE_SECONDS` without a request (the idle clock moves at most once a minute, so
that a busy console does not write its session on every request). Residents' sessions carry no
flag and are never touched here.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings

SESSION_PENDING = "kotalive_staff_pending"
SESSION_TOTP_OK = "kotalive_staff_totp"
SESSION_SINCE = "kotalive_staff_since"
SESSION_SEEN = "kotalive_staff_seen"
# The idle clock is written at most this often.
TOUCH_SECONDS = 60

IDLE = "idle"
ABSOLUTE = "absolute"


def staff_session_start(session: Any) -> None:
    """Mark the session as a staff session that passed TOTP, and start both clocks."""
    now = time.time()
    session[SESSION_TOTP_OK] = True
    session[SESSION_SINCE] = now
    session[SESSION_SEEN] = now
    # The cookie and the stored session need not outlive the working day either.
    session.set_expiry(settings.STAFF_SESSION_MAX_SECONDS)


def is_staff_session(session: Any) -> bool:
    return session.get(SESSION_TOTP_OK) is True


def staff_session_ended(session: Any, *, now: float | None = None) -> str | None:
    """Why a staff session is over (`idle`, `absolute`), or None while it lasts.

    A staff session without its clocks (made before they existed) is over too.
    """
    now = time.time() if now is None else now
    since, seen = session.get(SESSION_SINCE), session.get(SESSION_SEEN)
    if not isinstance(since, int | float) or now - since > settings.STAFF_SESSION_MAX_SECONDS:
        return ABSOLUTE
    if not isinstance(seen, int | float) or now - seen > settings.STAFF_SESSION_IDLE_SECONDS:
        return IDLE
    return None


def staff_session_touch(session: Any, *, now: float | None = None) -> None:
    """Move the idle clock (at most once a minute)."""
    now = time.time() if now is None else now
    seen = session.get(SESSION_SEEN)
    if not isinstance(seen, int | float) or now - seen >= TOUCH_SECONDS:
        session[SESSION_SEEN] = now
