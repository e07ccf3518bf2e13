from __future__ import annotations

from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "kotalive.regions"
    label = "regions"
