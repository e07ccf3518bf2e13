from __future__ import annotations

from collections.abc import Callable

from kotalive.regions.services import regions_load


def seed(*, log: Callable[[str], None]) -> None:
    kecamatan, kelurahan = regions_load()
    log(f"{kecamatan} kecamatan, {kelurahan} kelurahan")
