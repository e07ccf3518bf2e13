"""The NinjaAPI every KotaLive API is built from: problem+json for every error, also in the schema.

Kept in core (not in `config/api.py`) so that a test-only API mounted in a test urls module gets
exactly the same error handling as `/api/v1/`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.openapi.schema import OpenAPISchema

from kotalive.core.api_errors import PROBLEM_CONTENT_TYPE, problem_response
from kotalive.core.errors import DomainError
from kotalive.core.idempotency import MAX_KEY_LENGTH

logger = logging.getLogger(__name__)

# The RFC 9457 shape every error response has; extra members (`errors`, `field`, `retry_after`)
# depend on the error, so additional properties are allowed.
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["type", "title", "status", "detail", "code"],
    "additionalProperties": True,
}

# Every POST accepts it (core/idempotency.py); documented so that clients and the fuzzer see it.
IDEMPOTENCY_PARAMETER: dict[str, Any] = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "description": "Replays the first response to a retry with the same key for 24 hours.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH},
}


def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(exc.status, exc.code, exc.message, field=exc.field, **exc.extra)


def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "loc": [str(p) for p in e.get("loc", [])],
            "msg": str(e.get("msg", "")),
            "type": e.get("type"),
        }
        for e in exc.errors
    ]
    return problem_response(422, "validation_error", _("The request is not valid."), errors=errors)


def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(401, "not_authenticated", _("Sign in to use this."))
    response["WWW-Authenticate"] = "Bearer"
    return response


def _authorization_error(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
    return problem_response(403, "permission_denied", _("You may not do this."))


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, "not_found", _("Not found."))


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        # Ninja's message for a body that is not JSON; a client needs a stable code, not prose.
        return problem_response(422, "malformed_body", _("The request body is not valid JSON."))
    return problem_response(exc.status_code, "http_error", str(exc))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    # Logged with the traceback and the request id; the client learns nothing about the cause.
    logger.exception("unhandled API error", extra={"path": request.path})
    return problem_response(500, "server_error", _("Something went wrong on our side."))


def _errors_are_problems(responses: dict[Any, Any]) -> None:
    """Error statuses a router declares (`response={422: ...}`) are served as problem+json."""
    for status, response in responses.items():
        content = response.get("content") if isinstance(response, dict) else None
        if (
            str(status).isdigit()
            and int(status) >= 400
            and content
            and "application/json" in content
        ):
            content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")


class KotaLiveAPI(NinjaAPI):
    """A NinjaAPI whose errors are all problem+json, documented as the `default` response."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_exception_handler(Exception, _server_error)  # type: ignore[arg-type]
        self.add_exception_handler(DomainError, _domain_error)  # type: ignore[arg-type]
        self.add_exception_handler(ValidationError, _validation_error)  # type: ignore[arg-type]
        self.add_exception_handler(Http404, _not_found)  # type: ignore[arg-type]
        self.add_exception_handler(HttpError, _http_error)  # type: ignore[arg-type]
        self.add_exception_handler(AuthenticationError, _auth_error)  # type: ignore[arg-type]
        self.add_exception_handler(AuthorizationError, _authorization_error)  # type: ignore[arg-type]

    def get_openapi_schema(
        self,
        *,
        path_prefix: str | None = None,
        path_params: dict[str, Any] | None = None,
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
        problem = {
            "description": "An error, as RFC 9457 problem+json with a stable `code`.",
            "content": {PROBLEM_CONTENT_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for operations in schema.get("paths", {}).values():
            for method, operation in operations.items():
                if isinstance(operation, dict) and "responses" in operation:
                    _errors_are_problems(operation["responses"])
                    operation["responses"].setdefault("default", problem)
                    if method == "post":
                        operation.setdefault("parameters", []).append(IDEMPOTENCY_PARAMETER)
        return schema
