"""The JSON API at /api/v1/: one NinjaAPI, one router per domain, problem+json for every error."""

from __future__ import annotations

from kotalive.accounts.api import router as accounts_router
from kotalive.accounts.staff_api import router as staff_router
from kotalive.applications.api import router as applications_router
from kotalive.applications.staff_api import router as applications_staff_router
from kotalive.catalog.api import router as catalog_router
from kotalive.complaints.api import router as complaints_router
from kotalive.complaints.staff_api import router as complaints_staff_router
from kotalive.core.api_base import KotaLiveAPI
from kotalive.notifications.api import router as notifications_router
from kotalive.regions.api import router as regions_router

# KotaLiveAPI renders every error (domain, validation, auth, 404, crash) as problem+json.
api = KotaLiveAPI(
    title="KotaLive API",
    version="1",
    description=(
        "The JSON API of KotaLive, the city super app. Errors are RFC 9457 problem+json with a "
        "stable `code`. POSTs accept an `Idempotency-Key` header (replayed for 24 hours)."
    ),
    urls_namespace="api",
)
api.add_router("/catalog", catalog_router)
api.add_router("/regions", regions_router)
api.add_router("/complaints", complaints_router)
api.add_router("/staff/complaints", complaints_staff_router)
api.add_router("/applications", applications_router)
api.add_router("/staff/applications", applications_staff_router)
api.add_router("/staff", staff_router)
api.add_router("/notifications", notifications_router)
api.add_router("/civil-registration", "kotalive.civil_registration.api.router")
api.add_router("/", accounts_router)
