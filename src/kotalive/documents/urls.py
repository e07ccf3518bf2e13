from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.documents import views

app_name = "documents"

urlpatterns: list[URLPattern | URLResolver] = [
    path("verify/", views.check, name="check"),
    path("verify/jws", views.check_jws, name="check_jws"),
    path("verify/keys", views.keys, name="keys"),
    path("verify/<str:code>", views.verify, name="verify"),
]
