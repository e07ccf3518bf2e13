"""Request details that services record: the client address, for rate limits and audit."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


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
