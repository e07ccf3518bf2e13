"""Open311 GeoReport v2 endpoints (docs/open311.md): thin views over intake, query and keys.

Not under /api/: errors are GeoReport error lists in the requested format, not problem+json.
POST is CSRF-exempt (other servers post forms here) and authenticated by api_key instead.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from kotalive.complaints.models import Category, Open311Token
from kotalive.complaints.open311 import query
from kotalive.complaints.open311.cache import open311_read_cached
from kotalive.complaints.open311.intake import open311_request_accept, service_notice
from kotalive.complaints.open311.keys import open311_key_check
from kotalive.complaints.open311.render import error_response, respond
from kotalive.complaints.selectors import categories_active
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language
from kotalive.core.ratelimit import check_rate
from kotalive.regions.models import Kelurahan

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# The date this endpoint's behaviour last changed; clients use it to notice changes.
CHANGESET = "2026-01-15T00:00:00+07:00"
RATE_BUCKET = "open311_post"
_STATUSES = (400, 403, 404, 429)
# CORS for the public reads: any origin, never credentials (there are none to send: no cookie or
# key is read on a GET). POST and tokens stay same-origin: a token belongs to one client.
_READ_METHODS = ("GET", "HEAD")
CORS_MAX_AGE = 86400

View = Callable[..., HttpResponse]


def jurisdiction() -> str:
    return str(settings.OPEN311_JURISDICTION)


def _lang(request: HttpRequest) -> str:
    chosen = request.GET.get("lang", "")
    supported = {code for code, _name in settings.LANGUAGES}
    if chosen in supported:
        return chosen
    return translation.get_language_from_request(request)


def open311(view: View) -> View:
    """Format check, language, jurisdiction_id, and DomainError → a GeoReport error list."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
        with translation.override(_lang(request)):
            given = (request.POST if request.method == "POST" else request.GET).get(
                "jurisdiction_id", ""
            )
            if given and given != jurisdiction():
                response = error_response(
                    fmt,
                    404,
                    _("Unknown jurisdiction_id; this endpoint serves %(id)s.")
                    % {"id": jurisdiction()},
                )
            else:
                try:
                    response = view(request, *args, fmt=fmt, **kwargs)
                except DomainError as exc:
                    status = exc.status if exc.status in _STATUSES else 400
                    response = error_response(fmt, status, str(exc.message))
                    if status == 429:
                        response["Retry-After"] = str(exc.extra.get("retry_after", 60))
        patch_vary_headers(response, ("Accept-Language",))
        return response

    return wrapper


def cors_read(view: View) -> View:
    """Let browser partners read this endpoint from any origin: `Access-Control-Allow-Origin: *`
    on GET and HEAD answers (errors included), and the preflight of a GET answered. Any other
    method gets no CORS header, so a browser on another origin cannot use it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            wanted = request.headers.get("Access-Control-Request-Method", "").upper()
            if wanted in _READ_METHODS:
                response["Access-Control-Allow-Origin"] = "*"
                response["Access-Control-Allow-Methods"] = ", ".join((*_READ_METHODS, "OPTIONS"))
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
                response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
            return response
        response = view(request, *args, **kwargs)
        if request.method in _READ_METHODS:
            response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


@cors_read
@require_http_methods(["GET", "HEAD"])
@open311
def discovery(request: HttpRequest, *, fmt: str) -> HttpResponse:
    url = request.build_absolute_uri("/open311/v2/").rstrip("/")
    data = {
        "changeset": CHANGESET,
        "contact": str(settings.OPEN311_CONTACT),
        "key_service": str(settings.OPEN311_KEY_SERVICE),
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": url,
                "changeset": CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return respond(fmt, root="discovery", item=None, data=data)


def _service(category: Category, lang: str) -> dict[str, Any]:
    return {
        "service_code": category.slug,
        "service_name": category.name(lang),
        "description": category.description(lang),
        # Every service takes the optional attribute[kelurahan] (see service definition).
        "metadata": True,
        "type": "realtime",
        "keywords": category.keywords,
        "group": category.group,
    }


@cors_read
@require_http_methods(["GET", "HEAD"])
@open311
def services(request: HttpRequest, *, fmt: str) -> HttpResponse:
    lang = current_language()
    data = [_service(c, lang) for c in categories_active()]
    return respond(fmt, root="services", item="service", data=data)


def kelurahan_attribute() -> dict[str, Any]:
    places = Kelurahan.objects.select_related("kecamatan").order_by("code")
    return {
        "variable": True,
        "code": "kelurahan",
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": _("A kelurahan code of Kota Tangerang."),
        "order": 1,
        "description": _(
            "The kelurahan (urban village) where it is. Needed when you send address_string "
            "without lat and long, unless the address names the kelurahan."
        ),
        "values": [{"key": k.code, "name": f"{k.name} ({k.kecamatan.name})"} for k in places],
    }


@cors_read
@require_http_methods(["GET", "HEAD"])
@open311
def service_definition(request: HttpRequest, *, fmt: str, code: str) -> HttpResponse:
    category = categories_active().filter(slug=code).first()
    if category is None:
        raise NotFound("service_unknown", _("No service with this service_code."))
    data = {"service_code": category.slug, "attributes": [kelurahan_attribute()]}
    return respond(fmt, root="service_definition", item=None, data=data)


@csrf_exempt
@cors_read
@require_http_methods(["GET", "HEAD", "POST"])
@open311
def requests(request: HttpRequest, *, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _requests_post(request, fmt)
    lang = current_language()

    def build() -> HttpResponse:
        found = query.requests_search(request.GET)
        data = query.request_records(found, request=request, lang=lang)
        return respond(fmt, root="service_requests", item="request", data=data)

    if request.GET.get("service_request_id"):
        return build()  # a partner reading what it has just filed: never from the cache
    return open311_read_cached(request, fmt=fmt, lang=lang, build=build)


def _requests_post(request: HttpRequest, fmt: str) -> HttpResponse:
    key = open311_key_check(request.POST.get("api_key"))
    check_rate(RATE_BUCKET, f"key:{key.pk}")
    accepted = open311_request_accept(key=key, data=request.POST)
    item: dict[str, Any]
    if accepted.complaint is not None:
        item = {"service_request_id": accepted.complaint.ref}
    else:
        assert accepted.token is not None
        item = {"token": accepted.token.token}
    item |= {"service_notice": accepted.notice, "account_id": accepted.account_id}
    return respond(fmt, root="service_requests", item="request", data=[item])


@cors_read
@require_http_methods(["GET", "HEAD"])
@open311
def request_detail(request: HttpRequest, *, fmt: str, ref: str) -> HttpResponse:
    lang = current_language()

    def build() -> HttpResponse:
        complaint = query.request_get(ref)
        if complaint is None:
            raise NotFound("request_unknown", _("No service request with this id."))
        (record,) = query.request_records([complaint], request=request, lang=lang)
        record["service_notice"] = service_notice(query.category_of(complaint))
        return respond(fmt, root="service_requests", item="request", data=[record])

    return open311_read_cached(request, fmt=fmt, lang=lang, build=build)


@require_http_methods(["GET", "HEAD"])
@open311
def token_detail(request: HttpRequest, *, fmt: str, token: str) -> HttpResponse:
    found = Open311Token.objects.select_related("complaint").filter(token=token).first()
    if found is None:
        raise NotFound("token_unknown", _("No such token."))
    ref = found.complaint.ref if found.complaint is not None else None
    data = [{"service_request_id": ref, "token": found.token}]
    return respond(fmt, root="service_requests", item="request", data=data)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    fmt = "xml" if request.path.endswith(".xml") else "json"
    with translation.override(_lang(request)):
        return error_response(fmt, 404, _("No such Open311 endpoint; see discovery.json."))
