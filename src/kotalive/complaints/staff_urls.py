"""The TLR console and the office queue under /staff/laksa/ (Indonesian paths, like /staff/)."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from kotalive.complaints.views import staff, staff_actions

app_name = "laksa_staff"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", staff.queue, name="queue"),
    path("baru/", staff_actions.new_case, name="new"),
    path("massal/", staff_actions.bulk, name="bulk"),
    path("<str:ref>/", staff.case, name="case"),
    path("<str:ref>/baris/", staff.row, name="row"),
    path(
        "<str:ref>/foto/<int:photo_id>/setujui/", staff_actions.photo_approve, name="photo_approve"
    ),
    path("<str:ref>/<slug:action>/", staff_actions.case_action, name="action"),
]
