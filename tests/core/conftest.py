from __future__ import annotations

import secrets

import pytest

from kotalive.accounts.models import ApiToken, User
from kotalive.core.crypto import token_hash

TEST_URLS = "tests.core.testapi_urls"


@pytest.fixture
def resident_token(db) -> str:
    """A resident with a live bearer token; returns the raw token."""
    user = User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281234567890")
    raw = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", token_hash=token_hash(raw), prefix=raw[:8])
    return raw


@pytest.fixture
def test_bucket(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "test_bucket": "2/60"}
    return "test_bucket"
