"""LAKSA pages for residents and the public (Indonesian paths)."""

from __future__ import annotations

from importlib import import_module

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path

from kotalive.complaints.views import public, resident


def office_figures(request: HttpRequest) -> HttpResponse:
    """The offices' public performance page (views/figures.py), looked up when first asked for
    so that this URLconf loads while that module is being written."""
    view = import_module("kotalive.complaints.views.figures").office_figures
    response: HttpResponse = view(request)
    return response


app_name = "complaints"
urlpatterns: list[URLPattern | URLResolver] = [
    path("lapor/", resident.report_new, name="report"),
    path("lapor/serupa/", resident.report_nearby, name="nearby"),
    path("lapor/saya/", resident.my_reports, name="mine"),
    path("lapor/draf/", resident.report_drafts, name="drafts"),
    path("laporan/", public.case_list, name="list"),
    path("laporan/peta.json", public.map_geojson, name="map"),
    path("laporan/kinerja/", office_figures, name="figures"),
    path("laporan/<str:ref>/", public.case_detail, name="case"),
    path("laporan/<str:ref>/dukung/", resident.support, name="support"),
    path("laporan/<str:ref>/konfirmasi/", resident.confirm, name="confirm"),
    path("laporan/<str:ref>/buka-lagi/", resident.reopen, name="reopen"),
    path("laporan/<str:ref>/nilai/", resident.rate, name="rate"),
]
