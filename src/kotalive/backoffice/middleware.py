"""Ends staff sessions past their limits (session.py) before any view or API handler runs."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse

from kotalive.backoffice import services
from kotalive.backoffice.session import is_staff_session, staff_session_ended, staff_session_touch
from kotalive.core.http import client_ip

BACKGROUND_HEADER = "Kotalive-Background"


class StaffSessionLimitMiddleware:
    """After AuthenticationMiddleware: an ended staff session is signed out, so the request goes
    on as anonymous (pages send it to sign-in, the API answers 401). Residents pass untouched.

    A request a page makes by itself (a queue row refreshed on a live event) says so with the
    `Kotalive-Background` header: it is answered, but it is not activity, so a console left open
    on a busy queue still idles out. Sending the header can only shorten one's own session.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if is_staff_session(session):
            reason = staff_session_ended(session)
            if reason is None:
                if BACKGROUND_HEADER not in request.headers:
                    staff_session_touch(session)
            else:
                user = request.user
                logout(request)
                services.staff_session_expired(user=user, reason=reason, ip=client_ip(request))
        return self.get_response(request)
