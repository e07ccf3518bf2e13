"""The staff-required guard, for pages (`staff_required`) and for the API (`staff_auth`).

A staff session counts only once it passed the TOTP step (`session.SESSION_TOTP_OK`, set by the
sign-in views) and while it is within its limits (the middleware ends it otherwise).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import never_cache

from kotalive.accounts import policy
from kotalive.accounts.auth import SessionAuth, TokenAuth
from kotalive.accounts.models import User
from kotalive.backoffice.session import is_staff_session
from kotalive.core.permissions import allowed

View = Callable[..., HttpResponse]


def is_totp_verified(request: HttpRequest) -> bool:
    """A staff session that passed the TOTP step (the admin site checks this too)."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and policy.is_staff(user)
        and is_staff_session(request.session)
    )


def staff_required(view: View) -> View:
    """Anonymous and half-signed-in: to sign-in. Residents and staff without a role: 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not policy.is_staff(user):
            raise DjangoPermissionDenied
        if not is_totp_verified(request):
            return redirect_to_login(request.get_full_path(), reverse("staff:signin"))
        if not allowed(user, policy.STAFF_ACCESS):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


class StaffSessionAuth(SessionAuth):
    """The web session, but a staff session only once it passed the TOTP step."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        if not isinstance(user, User):
            return None
        # A staff account's session counts once it passed the TOTP step (the kind of account
        # decides how it signs in, whether or not it may do anything).
        if user.is_staff_member and not is_staff_session(request.session):
            return None
        return user


# The staff API's auth: a bearer token, or a staff web session that passed TOTP.
staff_auth = [TokenAuth(), StaffSessionAuth()]
