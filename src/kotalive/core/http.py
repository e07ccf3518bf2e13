"""Request details: the client address (rate limits, audit), safe redirects, the language."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the direct peer, or what a trusted proxy in front says it saw.

    X-Forwarded-For is believed only from the proxies in TRUSTED_PROXIES (nginx on the same
    machine in the prod profile); from anyone else it would let a client pick a fresh address per
    request and walk around the per-address limits. The right-most entry that is not itself a
    trusted proxy is the address the first trusted proxy saw.
    """
    peer: str | None = request.META.get("REMOTE_ADDR") or None
    if peer is None or peer not in settings.TRUSTED_PROXIES:
        return peer
    header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [p.strip() for p in header.split(",")]
    for address in reversed([p for p in forwarded if p]):
        if address not in settings.TRUSTED_PROXIES:
            return address
    return peer


def safe_next(request: HttpRequest, candidate: str | None, default: str) -> str:
    """`candidate` when it leads back into this site (a `next` parameter), else `default`: a
    link or form must not send anyone to another site."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def current_language() -> str:
    """The active language as KotaLive's content knows it: "en", else Indonesian ("id")."""
    return "en" if (get_language() or "id").startswith("en") else "id"
