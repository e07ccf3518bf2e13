"""`kotalive seed`: load the Kota Tangerang demo. Safe to run again; it keeps existing data.

Each domain app that has demo data provides `<app>/seed.py` with `seed(*, log)`; they run in
INSTALLED_APPS order, so master data (regions) comes before what refers to it.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Load the Kota Tangerang demo data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.seed"
            if (
                not config.name.startswith("kotalive.")
                or importlib.util.find_spec(module_name) is None
            ):
                continue
            module = importlib.import_module(module_name)
            label = config.label
            module.seed(log=lambda message, label=label: self.stdout.write(f"[{label}] {message}"))
        self.stdout.write(self.style.SUCCESS("Seed complete."))
