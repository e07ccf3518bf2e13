from __future__ import annotations

from django.urls import URLPattern, URLResolver

app_name = "civil_registration"

urlpatterns: list[URLPattern | URLResolver] = []
