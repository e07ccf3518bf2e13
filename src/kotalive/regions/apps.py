from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "kotalive.regions"
    label = "regions"

    def ready(self) -> None:
        from kotalive.core.refdata import refdata_watch
        from kotalive.regions.models import Kecamatan, Kelurahan
        from kotalive.regions.selectors import REGIONS_REFDATA

        refdata_watch(REGIONS_REFDATA, Kecamatan, Kelurahan)
