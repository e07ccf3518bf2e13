from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.utils import translation


@pytest.fixture(autouse=True)
def _clean_cache_and_language() -> Iterator[None]:
    # Rate-limit counters and cached pages must not leak from one test into the next.
    cache.clear()
    translation.activate("id")
    yield
    cache.clear()
    translation.deactivate()
