"""Fetch the photo an Open311 client points to with `media_url`, carefully.

The URL comes from another server, so it may point anywhere: only http(s), only public addresses
(no loopback, private, link-local or reserved ranges, checked for every address the name resolves
to and again on every redirect), at most MAX_REDIRECTS redirects, MAX_PHOTO_BYTES, and a timeout.
A name that resolves to a public address for the check and a private one for the connection (DNS
rebinding) is not caught here; the egress firewall of the workers is the second line.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

from kotalive.core.images import MAX_PHOTO_BYTES

MAX_REDIRECTS = 3
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_URL = 2000
USER_AGENT = "KotaLive-Open311/1.0 (+https://tangerangkota.go.id)"

# Tests swap this for an httpx.MockTransport.
transport_factory: Callable[[], httpx.BaseTransport | None] = lambda: None  # noqa: E731


class MediaError(Exception):
    """The photo could not be fetched; `transient` when trying again later may help."""

    def __init__(self, message: str, *, transient: bool = False) -> None:
        super().__init__(message)
        self.transient = transient


def _public_only() -> bool:
    return not settings.OPEN311_MEDIA_ALLOW_PRIVATE


def url_check(url: str) -> None:
    """Refuse URLs we will never fetch (scheme, length, credentials, a non-public address)."""
    if len(url) > MAX_URL:
        raise MediaError("media_url is too long")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise MediaError("media_url must be an http or https URL")
    if parts.username or parts.password:
        raise MediaError("media_url must not carry credentials")
    if not _public_only():
        return
    host = parts.hostname
    try:
        infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise MediaError(f"media_url host {host} does not resolve", transient=True) from exc
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise MediaError("media_url points to a non-public address")


def image_fetch(url: str) -> bytes:
    """The bytes at `url` (at most MAX_PHOTO_BYTES); the photo checks come later."""
    with httpx.Client(
        transport=transport_factory(),
        timeout=TIMEOUT,
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": "image/*"},
    ) as client:
        for _hop in range(MAX_REDIRECTS + 1):
            url_check(url)
            try:
                with client.stream("GET", url) as response:
                    if response.is_redirect and "location" in response.headers:
                        url = urljoin(url, response.headers["location"])
                        continue
                    if response.status_code != 200:
                        raise MediaError(
                            f"media_url answered HTTP {response.status_code}",
                            transient=response.status_code >= 500 or response.status_code == 429,
                        )
                    declared = response.headers.get("content-length", "")
                    if declared.isdigit() and int(declared) > MAX_PHOTO_BYTES:
                        raise MediaError("media_url is larger than 8 MB")
                    body = bytearray()
                    for chunk in response.iter_bytes():
                        body += chunk
                        if len(body) > MAX_PHOTO_BYTES:
                            raise MediaError("media_url is larger than 8 MB")
                    return bytes(body)
            except httpx.HTTPError as exc:
                raise MediaError(
                    f"media_url could not be fetched ({type(exc).__name__})", transient=True
                ) from exc
    raise MediaError("media_url redirects too often")
