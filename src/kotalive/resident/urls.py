from __future__ import annotations

from django.urls import path

from kotalive.resident import views

app_name = "resident"
urlpatterns = [
    path("aktivitas/", views.activity, name="activity"),
]
