"""The JSON API at /api/v1/: one NinjaAPI, one router per domain, problem+json for every error."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from kotalive.accounts.api import router as accounts_router
from kotalive.catalog.api import router as catalog_router
from kotalive.core.api_errors import problem_response
from kotalive.core.errors import DomainError
from kotalive.regions.api import router as regions_router

api = NinjaAPI(
    title="KotaLive API",
    version="1",
    description=(
        "The JSON API of KotaLive, the city super app. Errors are RFC 9457 problem+json with a "
        "stable `code`. POSTs accept an `Idempotency-Key` header (replayed for 24 hours)."
    ),
    urls_namespace="api",
)
api.add_router("/catalog", catalog_router)
api.add_router("/regions", regions_router)
api.add_router("/", accounts_router)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem_response(exc.status, exc.code, exc.message, field=exc.field, **exc.extra)


@api.exception_handler(ValidationError)
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


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = problem_response(401, "not_authenticated", _("Sign in to use this."))
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(exc.status_code, "http_error", str(exc))
