from __future__ import annotations

from django.apps import AppConfig


class CivilRegistryConfig(AppConfig):
    name = "kotalive.civil_registry"
    label = "civil_registry"
