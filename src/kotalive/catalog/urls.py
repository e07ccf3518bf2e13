from __future__ import annotations

from django.urls import path

from kotalive.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.home, name="home"),
    path("cari/", views.search, name="search"),
    path("kategori/<slug:slug>/", views.category, name="category"),
    path("layanan/<slug:slug>/", views.menu, name="menu"),
]
