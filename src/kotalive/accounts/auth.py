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


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        # A slice, not .first(): the hash is unique, and an ORDER BY would only cost compiling
        # on every authenticated request.
        rows = ApiToken.objects.select_related("user").filter(
            token_hash=token_hash(token), revoked_at__isnull=True, user__is_active=True
        )[:1]
        found = next(iter(rows), None)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > _TOUCH_EVERY:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]
        return found.user


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
