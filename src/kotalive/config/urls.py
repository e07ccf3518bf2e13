from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from kotalive.config.api import api
from kotalive.core.events.dev_view import events_stream

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("kotalive.core.urls")),
    # First after core: every scanned QR code lands on /verify/<code>, and resolving a path costs
    # a try of each pattern before it.
    path("", include("kotalive.documents.urls")),
    path("api/v1/", api.urls),
    # Dev and tests only (in-process bus); in production nginx sends /events/ to the SSE server.
    path("events/<str:channel>", events_stream, name="events"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("staff/laksa/", include("kotalive.complaints.staff_urls")),
    path("staff/permohonan/", include("kotalive.applications.staff_urls")),
    path("staff/", include("kotalive.backoffice.urls")),
    path("open311/v2/", include("kotalive.complaints.open311.urls")),
    path("", include("kotalive.accounts.urls")),
    path("", include("kotalive.complaints.urls")),
    path("", include("kotalive.catalog.urls")),
    path("", include("kotalive.notifications.urls")),
    path("", include("kotalive.applications.urls")),
    path("", include("kotalive.civil_registration.urls")),
    path("", include("kotalive.resident.urls")),
]
if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
