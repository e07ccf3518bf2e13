"""Open311 GeoReport v2 at /open311/v2/ (docs/open311.md)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from kotalive.complaints.open311 import views

app_name = "open311"
_FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns: list[URLPattern | URLResolver] = [
    re_path(r"^discovery" + _FMT, views.discovery, name="discovery"),
    re_path(r"^services" + _FMT, views.services, name="services"),
    re_path(r"^services/(?P<code>[-\w]+)" + _FMT, views.service_definition, name="service"),
    re_path(r"^requests" + _FMT, views.requests, name="requests"),
    re_path(r"^requests/(?P<ref>[-\w]+)" + _FMT, views.request_detail, name="request"),
    re_path(r"^tokens/(?P<token>[-\w]+)" + _FMT, views.token_detail, name="token"),
    re_path(r"^(?P<rest>.*)$", csrf_exempt(views.not_found), name="not_found"),
]
