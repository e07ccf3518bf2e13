from __future__ import annotations

from django.urls import path

from kotalive.notifications import views

app_name = "notifications"
urlpatterns = [
    path("kotak-masuk/", views.inbox, name="inbox"),
    path("kotak-masuk/baca-semua/", views.read_all, name="read_all"),
    path("kotak-masuk/<int:notification_id>/buka/", views.open_message, name="open"),
]
