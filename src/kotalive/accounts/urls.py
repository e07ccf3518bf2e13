from __future__ import annotations

from django.urls import path

from kotalive.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.signin, name="signin"),
    path("keluar/", views.signout, name="signout"),
    path("profil/", views.profile, name="profile"),
    path("profil/verifikasi-nik/", views.verify_nik, name="verify_nik"),
    path("profil/data.json", views.export, name="export"),
    path("profil/hapus/", views.delete, name="delete"),
    path("profil/token/<int:token_id>/cabut/", views.revoke_token, name="revoke_token"),
    path("profil/sesi/<int:session_id>/akhiri/", views.end_session, name="end_session"),
    path("profil/sesi/akhiri-lainnya/", views.end_other_sessions, name="end_other_sessions"),
]
