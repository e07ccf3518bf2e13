"""Civil registration is built: its catalog menu ("Cek KK dan KTP-el") opens its page."""

from __future__ import annotations

from collections.abc import Callable

from kotalive.catalog.services import module_menus_open


def seed(*, log: Callable[[str], None]) -> None:
    opened = module_menus_open(module_key="civil_registration")
    log(f"{opened} civil-registration menus opened")
