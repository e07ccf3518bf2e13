"""The back office under /staff/ (Indonesian paths, like the resident pages).

The shell's own pages, then the pages apps registered in the `staff:` namespace (registry.py).
Apps with a namespace of their own (LAKSA: `laksa_staff:`) are included in config/urls.py.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.backoffice import registry, views

app_name = "staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("masuk/", views.signin, name="signin"),
    path("masuk/kode/", views.signin_totp, name="totp"),
    path("masuk/aktivasi-totp/", views.enrol, name="enrol"),
    path("keluar/", views.signout, name="signout"),
    *registry.page_patterns(),
]
