"""Keeps a resident's web-session record current, at most every few minutes (not per request)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponse

from kotalive.accounts.models import User
from kotalive.accounts.services.sessions import SEEN_EVERY, SESSION_SEEN, resident_session_seen

_EVERY_SECONDS = SEEN_EVERY.total_seconds()


class ResidentSessionMiddleware:
    """After AuthenticationMiddleware: refresh `last_seen_at` of a signed-in resident's session.

    The time of the last refresh is kept in the session itself, so a request in between costs
    no query; anonymous visitors without a session cookie cost nothing at all.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            seen = session.get(SESSION_SEEN)
            now = time.time()
            if not isinstance(seen, int | float) or now - seen >= _EVERY_SECONDS:
                user = request.user
                if isinstance(user, User) and user.is_resident:
                    resident_session_seen(
                        user=user,
                        session_key=session.session_key,
                        user_agent=request.META.get("HTTP_USER_AGENT", ""),
                    )
                    session[SESSION_SEEN] = now
        return self.get_response(request)
