"""The back office under /staff/ (Indonesian paths, like the resident pages)."""

from __future__ import annotations

from django.urls import path

from kotalive.accounts import staff_views

app_name = "staff"
urlpatterns = [
    path("", staff_views.dashboard, name="dashboard"),
    path("masuk/", staff_views.signin, name="signin"),
    path("masuk/kode/", staff_views.signin_totp, name="totp"),
    path("masuk/aktivasi-totp/", staff_views.enrol, name="enrol"),
    path("keluar/", staff_views.signout, name="signout"),
    path("warga/", staff_views.resident_list, name="resident_list"),
    path("warga/<int:id>/", staff_views.resident_detail, name="resident_detail"),
]
