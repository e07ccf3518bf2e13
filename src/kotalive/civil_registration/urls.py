from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.civil_registration import views

app_name = "civil_registration"

urlpatterns: list[URLPattern | URLResolver] = [
    path("kependudukan/status/", views.status, name="status"),
]
