"""Devices a staff member completed a sign-in on (password and TOTP), remembered in a cookie.

The cookie is signed (SECRET_KEY, its own salt) and holds the ids of the last few staff members
who signed in on this browser. It is a hint for the rate limits only (docs/backoffice.md): on such a
device the per-account limits do not apply, so strangers who guess at an account from many
addresses cannot lock its owner out of the devices they use. It grants nothing by itself.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE = "kotalive_staff_device"
SALT = "kotalive.backoffice.device"
MAX_AGE = 60 * 60 * 24 * 180
MAX_USERS = 5


def known_user_ids(request: HttpRequest) -> frozenset[int]:
    raw = request.COOKIES.get(COOKIE)
    if not raw:
        return frozenset()
    try:
        value = signing.loads(raw, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return frozenset()
    if not isinstance(value, list):
        return frozenset()
    return frozenset(i for i in value if isinstance(i, int))


def remember(request: HttpRequest, response: HttpResponse, user_id: int) -> None:
    """Add `user_id` to this browser's known staff members (the most recent first)."""
    ids = [user_id, *(i for i in known_user_ids(request) if i != user_id)][:MAX_USERS]
    response.set_cookie(
        COOKIE,
        signing.dumps(ids, salt=SALT),
        max_age=MAX_AGE,
        path="/staff/",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
