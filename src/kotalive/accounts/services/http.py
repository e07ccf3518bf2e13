"""Request details that services record (the client address for rate limits and audit)."""

from __future__ import annotations

from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: the proxy in front (nginx) sets it; a client-sent X-Forwarded-For would
    # let anyone pick a fresh address per request and walk around the per-IP limits.
    return request.META.get("REMOTE_ADDR") or None
