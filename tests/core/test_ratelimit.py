"""Rate limits answer 429 with Retry-After; a cache outage refuses only the fail-closed buckets."""

from __future__ import annotations

import pytest

from kotalive.core import ratelimit
from tests.core.conftest import TEST_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.urls(TEST_URLS)]


class BrokenCache:
    """A cache whose server is down: every call raises, like redis-py on a refused connection."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_over_the_limit_is_429_with_retry_after(client, test_bucket):
    assert client.get("/api/test/limited").status_code == 200
    assert client.get("/api/test/limited").status_code == 200
    response = client.get("/api/test/limited")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "rate_limited"
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response.json()["retry_after"] == int(response["Retry-After"])


def test_the_limit_is_per_key(client, test_bucket):
    for _ in range(2):
        client.get("/api/test/limited")
    other = client.get("/api/test/limited", REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200


def test_a_cache_outage_fails_open_for_ordinary_buckets(client, test_bucket, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", BrokenCache())
    for _ in range(5):
        assert client.get("/api/test/limited").status_code == 200


def test_a_cache_outage_fails_closed_for_guarded_buckets(client, test_bucket, monkeypatch):
    monkeypatch.setattr(ratelimit, "cache", BrokenCache())
    response = client.get("/api/test/limited-closed")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"


def test_reset_opens_the_window_again(client, test_bucket):
    for _ in range(3):
        client.get("/api/test/limited")
    ratelimit.reset_rate("test_bucket", "127.0.0.1")
    assert client.get("/api/test/limited").status_code == 200
