from __future__ import annotations

from django.urls import path

from kotalive.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
]
