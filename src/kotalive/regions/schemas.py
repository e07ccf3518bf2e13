from __future__ import annotations

from ninja import Schema


class KecamatanOut(Schema):
    code: str
    name: str


class KelurahanOut(Schema):
    code: str
    name: str
    kecamatan_code: str
    kecamatan_name: str
