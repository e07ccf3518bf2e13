from __future__ import annotations

import pytest

from tests.world import make_resident, make_token

TEST_URLS = "tests.core.testapi_urls"


@pytest.fixture
def resident_token(db) -> str:
    """A resident with a live bearer token; returns the raw token."""
    return make_token(make_resident("+6281234567890"))


@pytest.fixture
def test_bucket(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test_bucket": "2/60"}
    return "test_bucket"
