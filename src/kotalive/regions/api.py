from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from kotalive.regions import selectors
from kotalive.regions.schemas import KecamatanOut, KelurahanOut

router = Router(tags=["regions"])


@router.get("/kecamatan", response=list[KecamatanOut], auth=None)
def kecamatan_list(request: HttpRequest) -> list[KecamatanOut]:
    return [KecamatanOut(code=k.code, name=k.name) for k in selectors.kecamatan_list()]


@router.get("/kelurahan", response=list[KelurahanOut], auth=None)
def kelurahan_list(request: HttpRequest, kecamatan: str | None = None) -> list[KelurahanOut]:
    return [
        KelurahanOut(
            code=k.code,
            name=k.name,
            kecamatan_code=k.kecamatan.code,
            kecamatan_name=k.kecamatan.name,
        )
        for k in selectors.kelurahan_list(kecamatan_code=kecamatan)
    ]
