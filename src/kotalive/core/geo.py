"""Coordinates as the public may see them.

A resident's pin is often their own door. The public sees the centre of the grid cell the pin
falls in instead: deterministic (the same pin always gives the same point, so reading it again
and again averages nothing out) and coarse enough that a house cannot be picked out
(`GRID_DEGREES` is about 139 m north-south, and as much east-west near the equator).
"""

from __future__ import annotations

import math

GRID_DEGREES = 0.00125


def _snap(value: float) -> float:
    return round((math.floor(value / GRID_DEGREES) + 0.5) * GRID_DEGREES, 6)


def coarse_point(lat: float, lon: float) -> tuple[float, float]:
    """The centre of the grid cell holding (lat, lon)."""
    return _snap(lat), _snap(lon)
