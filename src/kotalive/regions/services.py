"""Loading the region master data from the files shipped with the project (see data/NOTICE)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.db import transaction

from kotalive.regions.models import Kecamatan, Kelurahan

DATA_DIR = Path(__file__).parent / "data"


@transaction.atomic
def regions_load(*, data_dir: Path = DATA_DIR) -> tuple[int, int]:
    """Create or update the kecamatan and kelurahan; idempotent. Returns the two counts."""
    with (data_dir / "kota-tangerang-kecamatan.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            Kecamatan.objects.update_or_create(code=row["code"], defaults={"name": row["name"]})
    kecamatan = {k.code: k for k in Kecamatan.objects.all()}
    geometry = {
        f["properties"]["code"]: f
        for f in json.loads((data_dir / "kota-tangerang-kelurahan.geojson").read_text())["features"]
    }
    with (data_dir / "kota-tangerang-kelurahan.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            feature = geometry.get(row["code"])
            defaults: dict[str, object] = {
                "name": row["name"],
                "kecamatan": kecamatan[row["kecamatan_code"]],
            }
            if feature is not None:
                rings = feature["geometry"]["coordinates"]
                outer = rings[0]
                defaults.update(
                    boundary=rings,
                    min_lon=min(p[0] for p in outer),
                    max_lon=max(p[0] for p in outer),
                    min_lat=min(p[1] for p in outer),
                    max_lat=max(p[1] for p in outer),
                    centroid_lat=feature["properties"].get("centroid_lat"),
                    centroid_lon=feature["properties"].get("centroid_lon"),
                )
            Kelurahan.objects.update_or_create(code=row["code"], defaults=defaults)
    return Kecamatan.objects.count(), Kelurahan.objects.count()
