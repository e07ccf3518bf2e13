"""Resident pages of the applications engine (Indonesian paths)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.applications.views import detail, files, start

app_name = "applications"

urlpatterns: list[URLPattern | URLResolver] = [
    path("permohonan/baru/<slug:menu_slug>/", start.start, name="start"),
    path("permohonan/<str:ref>/", detail.detail, name="detail"),
    path("permohonan/<str:ref>/batalkan/", files.withdraw, name="withdraw"),
    path("permohonan/<str:ref>/dokumen.pdf", files.document_download, name="document"),
    path("permohonan/<str:ref>/berkas/<int:file_id>/", files.file_download, name="file"),
]
