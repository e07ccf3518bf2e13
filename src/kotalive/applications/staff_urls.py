"""The officers' queue of applications under /staff/permohonan/ (Indonesian paths, like /staff/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.applications import staff_views as v

app_name = "applications_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", v.queue, name="queue"),
    path("massal/", v.bulk, name="bulk"),
    path("layanan/", v.definitions, name="definitions"),
    path("layanan/impor/", v.definition_import, name="definition_import"),
    path("layanan/<slug:slug>/", v.definition, name="definition"),
    path("layanan/<slug:slug>/ekspor/", v.definition_export, name="definition_export"),
    path("<str:ref>/", v.application, name="application"),
    path("<str:ref>/berkas/<int:file_id>/", v.application_file, name="file"),
    path("<str:ref>/<slug:action>/", v.application_action, name="action"),
]
