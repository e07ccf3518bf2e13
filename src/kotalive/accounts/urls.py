from __future__ import annotations

from django.urls import path

from kotalive.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.signin, name="signin"),
]
