"""Stub: filled in by the module owner."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver

urlpatterns: list[URLPattern | URLResolver] = []
app_name = "laksa_staff"
