"""The officers' queue of applications under /staff/permohonan/ (Indonesian paths, like /staff/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "applications_staff"
urlpatterns: list[URLPattern | URLResolver] = []
