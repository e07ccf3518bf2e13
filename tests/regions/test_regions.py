from __future__ import annotations

import pytest

from kotalive.regions.selectors import kelurahan_at
from kotalive.regions.services import regions_load

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    return regions_load()


def test_kota_tangerang_has_13_kecamatan_and_104_kelurahan(regions):
    assert regions == (13, 104)


def test_loading_twice_keeps_the_same_rows(regions):
    assert regions_load() == (13, 104)


def test_a_point_at_a_kelurahan_centroid_falls_in_that_kelurahan(regions):
    # Sukarasa's upstream centroid.
    found = kelurahan_at(lat=-6.172884, lon=106.631851)
    assert found is not None
    assert (found.code, found.name, found.kecamatan.name) == (
        "36.71.01.1001",
        "Sukarasa",
        "Tangerang",
    )


def test_a_point_outside_the_city_has_no_kelurahan(regions):
    # Monas, Jakarta.
    assert kelurahan_at(lat=-6.1754, lon=106.8272) is None


def test_regions_api_lists_kelurahan_of_one_kecamatan(client, regions):
    response = client.get("/api/v1/regions/kelurahan", {"kecamatan": "36.71.01"})
    assert response.status_code == 200
    names = {row["name"] for row in response.json()}
    assert "Sukarasa" in names
    assert all(row["kecamatan_code"] == "36.71.01" for row in response.json())
