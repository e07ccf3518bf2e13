"""A tiny API mounted only in tests (via `@pytest.mark.urls`), to exercise the core API rules."""

from __future__ import annotations

import contextlib
import threading

from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from ninja import Router, Schema, Status

from kotalive.accounts.auth import TokenAuth
from kotalive.core.api_base import KotaLiveAPI
from kotalive.core.audit import audit_record
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.ratelimit import check_rate

# Set by a test that needs two requests inside the view at the same time.
concurrency_barrier: threading.Barrier | None = None


class ThingIn(Schema):
    name: str


class ThingOut(Schema):
    id: int
    name: str


router = Router()


@router.post("/things", response={201: ThingOut}, auth=None)
def thing_create(request: HttpRequest, payload: ThingIn) -> Status[ThingOut]:
    # The audit row stands for "the work": tests count them.
    event = audit_record(actor=None, action="test.thing_created", data={"name": payload.name})
    if concurrency_barrier is not None:
        with contextlib.suppress(threading.BrokenBarrierError):
            concurrency_barrier.wait(timeout=5)
    return Status(201, ThingOut(id=event.pk, name=payload.name))


@router.post("/limited-things", response={201: ThingOut}, auth=None)
def limited_thing_create(request: HttpRequest, payload: ThingIn) -> Status[ThingOut]:
    check_rate("test_bucket", request.META.get("REMOTE_ADDR", ""))
    return thing_create(request, payload)


@router.post("/boom", auth=None)
def boom(request: HttpRequest, payload: ThingIn) -> dict[str, str]:
    audit_record(actor=None, action="test.boom", data={})
    raise RuntimeError("deliberate failure")


@router.post("/private-things", response={201: ThingOut}, auth=TokenAuth())
def private_thing_create(request: HttpRequest, payload: ThingIn) -> Status[ThingOut]:
    return thing_create(request, payload)


@router.get("/private", auth=TokenAuth())
def private(request: HttpRequest) -> dict[str, str]:
    return {"ok": "yes"}


@router.post("/forbidden-things", auth=None)
def forbidden_thing(request: HttpRequest, payload: ThingIn) -> dict[str, str]:
    raise PermissionDenied("test_forbidden", "No.")


@router.get("/forbidden", auth=None)
def forbidden(request: HttpRequest) -> dict[str, str]:
    raise PermissionDenied("test_forbidden", "No.")


@router.get("/invalid-field", auth=None)
def invalid_field(request: HttpRequest) -> dict[str, str]:
    raise DomainError("nik_bad_date", "The date part is wrong.", field="nik", status=422)


@router.get("/missing", auth=None)
def missing(request: HttpRequest) -> dict[str, str]:
    raise NotFound("test_missing", "Nothing here.")


@router.get("/limited", auth=None)
def limited(request: HttpRequest) -> dict[str, str]:
    check_rate("test_bucket", request.META.get("REMOTE_ADDR", ""))
    return {"ok": "yes"}


@router.get("/limited-closed", auth=None)
def limited_closed(request: HttpRequest) -> dict[str, str]:
    check_rate("test_bucket", request.META.get("REMOTE_ADDR", ""), fail_closed=True)
    return {"ok": "yes"}


_CSP_PAGE = engines["django"].from_string(
    '<!doctype html><title>csp</title><script nonce="{{ csp_nonce }}">1</script>'
)


def csp_page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(_CSP_PAGE.render({}, request))


def plain_crash(request: HttpRequest) -> HttpResponse:
    # A plain Django view under /api/: its crash is answered by Django, not by Ninja.
    raise RuntimeError("deliberate failure outside the API")


testapi = KotaLiveAPI(title="test", urls_namespace="testapi", docs_url=None)
testapi.add_router("/", router)

urlpatterns = [
    path("api/test/", testapi.urls),
    path("test/csp", csp_page),
    path("api/plain/crash", plain_crash),
    path("", include("kotalive.config.urls")),
]
