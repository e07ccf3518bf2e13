"""Reads of the region master data; public, so no actor."""

from __future__ import annotations

from django.db.models import QuerySet

from kotalive.core.refdata import refdata
from kotalive.regions.models import Kecamatan, Kelurahan

Ring = list[list[float]]
REGIONS_REFDATA = "regions"


def kecamatan_list() -> QuerySet[Kecamatan]:
    return Kecamatan.objects.all()


def _kecamatan_ids() -> frozenset[int]:
    return frozenset(Kecamatan.objects.values_list("pk", flat=True))


def kecamatan_exists(*, pk: int) -> bool:
    """Whether the kecamatan is there, from the process's reference data (no query)."""
    return pk in refdata(REGIONS_REFDATA, "kecamatan_ids", _kecamatan_ids)


def kelurahan_list(*, kecamatan_code: str | None = None) -> QuerySet[Kelurahan]:
    qs = Kelurahan.objects.select_related("kecamatan")
    if kecamatan_code:
        qs = qs.filter(kecamatan__code=kecamatan_code)
    return qs


def _inside(lon: float, lat: float, ring: Ring) -> bool:
    # Even-odd ray casting; the rings are simplified, so a border point may fall either side.
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i][0], ring[i][1]
        xj, yj = ring[j][0], ring[j][1]
        if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _kelurahan_with_boundaries() -> list[Kelurahan]:
    return [
        k
        for k in Kelurahan.objects.select_related("kecamatan").order_by("code")
        if k.boundary and None not in (k.min_lon, k.max_lon, k.min_lat, k.max_lat)
    ]


def kelurahan_at(*, lat: float, lon: float) -> Kelurahan | None:
    """The kelurahan whose polygon holds the point, or None when the point is outside the city.

    The polygons are the process's reference data (`core.refdata`): a report's pin is placed
    without a query. What it returns is shared, so read-only."""
    for kelurahan in refdata(REGIONS_REFDATA, "boundaries", _kelurahan_with_boundaries):
        if not (
            kelurahan.min_lon <= lon <= kelurahan.max_lon  # type: ignore[operator]
            and kelurahan.min_lat <= lat <= kelurahan.max_lat  # type: ignore[operator]
        ):
            continue
        rings: list[Ring] = kelurahan.boundary
        if (
            rings
            and _inside(lon, lat, rings[0])
            and not any(_inside(lon, lat, hole) for hole in rings[1:])
        ):
            return kelurahan
    return None
