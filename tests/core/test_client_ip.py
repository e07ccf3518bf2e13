"""The client address for rate limits and audit: X-Forwarded-For only from a trusted proxy."""

from __future__ import annotations

from django.test import RequestFactory, override_settings

from kotalive.core.http import client_ip


def _request(remote: str, forwarded: str | None = None):
    request = RequestFactory().get("/", REMOTE_ADDR=remote)
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_without_a_trusted_proxy_the_peer_is_the_client():
    assert client_ip(_request("203.0.113.9", forwarded="198.51.100.1")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_behind_the_trusted_proxy_the_forwarded_address_is_the_client():
    assert client_ip(_request("127.0.0.1", forwarded="198.51.100.7")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_a_client_cannot_choose_its_address_by_sending_its_own_header():
    # The client sent "X-Forwarded-For: 10.9.9.9"; nginx appended the address it really saw.
    request = _request("127.0.0.1", forwarded="10.9.9.9, 198.51.100.7")
    assert client_ip(request) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["127.0.0.1"])
def test_the_trusted_proxy_without_a_header_is_the_peer():
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"
