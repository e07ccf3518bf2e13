"""Request plumbing: a request id on every request, response and log line; API error pages."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from kotalive.core.api_errors import problem_response
from kotalive.core.logging import request_id_var

access_logger = logging.getLogger("kotalive.request")

_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
API_PREFIX = "/api/"


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            # One access line per request. The path only, never the query string: searches and
            # codes could carry personal data.
            access_logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )
        finally:
            request_id_var.reset(token)
        response["X-Request-ID"] = request_id
        return response


def _generic_problem(status: int) -> tuple[str, str]:
    if status == 404:
        return "not_found", _("Not found.")
    if status == 405:
        return "method_not_allowed", _("This method is not allowed here.")
    if status == 413:
        return "payload_too_large", _("The request is too large.")
    if status >= 500:
        return "server_error", _("Something went wrong on our side.")
    return "bad_request", _("The request could not be handled.")


class ApiProblemMiddleware:
    """Turn Django's own HTML error pages under /api/ (unknown path, 405, 500) into problem+json.

    Errors raised inside the API are already problem+json (`core.api_base`); these are the ones
    Django answers before or after Ninja: no route, a method the route lacks, a crash it handled.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith(API_PREFIX)
            or response.streaming
            or "json" in response.get("Content-Type", "")
        ):
            return response
        code, detail = _generic_problem(response.status_code)
        problem = problem_response(response.status_code, code, detail)
        for header in ("Allow", "Retry-After", "WWW-Authenticate"):
            if header in response:
                problem[header] = response[header]
        return problem


class PageLocaleMiddleware(LocaleMiddleware):
    """Pages are in Bahasa Indonesia unless the visitor chose another language with the switcher.

    The browser's Accept-Language picks the language of API responses only: many phones here are
    set to English while the city speaks Indonesian first, so a page follows the visitor's own
    choice (the language cookie), never the device default. The switcher is on every page.
    """

    def process_request(self, request: HttpRequest) -> None:
        if request.path.startswith("/api/"):
            super().process_request(request)
            return
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if request.path.startswith("/api/"):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language() or "id")
        patch_vary_headers(response, ("Cookie",))
        return response
