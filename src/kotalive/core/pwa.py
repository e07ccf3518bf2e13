"""The installable-app plumbing: web app manifest, service worker and the offline page.

The service worker is served from the site root (not /static/) so that its scope covers every page;
it is rendered from a template because the shell files it pre-caches have hashed names in prod.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

# Bump when sw.js changes in a way the shell files' hashes do not show.
SERVICE_WORKER_REVISION = "4"

# Static files every page needs; the service worker keeps them for offline use.
SHELL_STATIC = (
    "kotalive/app.css",
    "kotalive/app.js",
    "kotalive/icon.svg",
    "kotalive/icon-192.png",
)

# Pages kept as last seen when the resident opens them, to open offline: the home page (with its
# 112 and ambulance call buttons), the LAKSA form and "my reports". Personal: the worker drops them
# when someone signs in or out.
OFFLINE_PAGES: tuple[tuple[str, dict[str, str]], ...] = (
    ("catalog:home", {}),
    ("complaints:report", {}),
    ("complaints:mine", {}),
)
# Public pages (and their files) the worker fetches for offline use: the list of reports saved on
# the phone and the emergency menus with their call buttons.
OFFLINE_EXTRAS: tuple[tuple[str, dict[str, str]], ...] = (
    ("complaints:drafts", {}),
    ("catalog:menu", {"slug": "siaga-112"}),
    ("catalog:menu", {"slug": "ambulans-gratis"}),
    ("catalog:category", {"slug": "darurat"}),
)
OFFLINE_EXTRA_STATIC = (
    "complaints/laksa.css",
    # Before the outbox, which is built on it (the list is fetched in order).
    "kotalive/outbox-store.js",
    "complaints/outbox.js",
    "complaints/drafts.js",
    "complaints/icons.svg",
    "complaints/outbox-wake.js",
    "catalog/catalog.css",
)
SIGN_IN_OUT = ("accounts:signin", "accounts:signout", "accounts:delete")
# Leaving the phone to someone else: the reports still waiting on it go too (not sent as theirs).
SIGN_OUT = ("accounts:signout", "accounts:delete")

THEME_COLOUR = "#0b5394"
BACKGROUND_COLOUR = "#ffffff"


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request: HttpRequest) -> HttpResponse:
    # The installed app's name and description are Indonesian, the city's default language.
    with translation.override("id"):
        data: dict[str, Any] = {
            "id": "/",
            "name": "Tangerang LIVE",
            "short_name": "TNG LIVE",
            "description": _("Every public service of Kota Tangerang in one place."),
            "lang": "id",
            "dir": "ltr",
            "start_url": "/",
            "scope": "/",
            "display": "standalone",
            "orientation": "portrait",
            "theme_color": THEME_COLOUR,
            "background_color": BACKGROUND_COLOUR,
            "categories": ["government", "utilities"],
            "icons": [
                {
                    "src": static("kotalive/icon-192.png"),
                    "sizes": "192x192",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": static("kotalive/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "any",
                },
                {
                    "src": static("kotalive/icon-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        }
    return JsonResponse(
        data,
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False},
    )


@lru_cache(maxsize=1)
def _shell_fingerprint() -> str:
    """A digest of the shell files' URLs and contents: a new deploy gets a new cache name.

    URLs alone are not enough in dev, where static names carry no hash.
    """
    digest = hashlib.sha256(SERVICE_WORKER_REVISION.encode())
    for name in SHELL_STATIC:
        digest.update(static(name).encode())
        found = finders.find(name)
        if isinstance(found, str):
            digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


def shell_cache_name() -> str:
    if settings.DEBUG:
        _shell_fingerprint.cache_clear()
    return f"kotalive-shell-{_shell_fingerprint()}"


def _url(name: str, kwargs: dict[str, str]) -> str:
    # Without translation: the paths are the same in every language.
    return reverse(name, kwargs=kwargs)


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    context = {
        "cache_name": json.dumps(shell_cache_name()),
        "precache": json.dumps(["/offline/", *(static(name) for name in SHELL_STATIC)]),
        "static_prefix": json.dumps(settings.STATIC_URL),
        # LAKSA reports written offline: sent by Background Sync when the connection is back.
        "store_script": json.dumps(static("kotalive/outbox-store.js")),
        "outbox_script": json.dumps(static("complaints/outbox.js")),
        "pages": json.dumps([_url(name, kwargs) for name, kwargs in OFFLINE_PAGES]),
        "extras": json.dumps(
            [static(name) for name in OFFLINE_EXTRA_STATIC]
            + [_url(name, kwargs) for name, kwargs in OFFLINE_EXTRAS]
        ),
        "sign_in_out": json.dumps([_url(name, {}) for name in SIGN_IN_OUT]),
        "sign_out": json.dumps([_url(name, {}) for name in SIGN_OUT]),
    }
    response = HttpResponse(
        render_to_string("kotalive/sw.js", context),
        content_type="text/javascript; charset=utf-8",
    )
    # Browsers check for a new worker on navigation; no-cache makes that check reach us.
    response["Service-Worker-Allowed"] = "/"
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_safe
def offline(request: HttpRequest) -> HttpResponse:
    response = render(request, "offline.html")
    # The worker re-fetches this page whenever the language changes; no shared caches in between.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
