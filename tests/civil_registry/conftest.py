from __future__ import annotations

import pytest

from kotalive.regions.services import regions_load


@pytest.fixture
def regions(db) -> None:
    regions_load()
