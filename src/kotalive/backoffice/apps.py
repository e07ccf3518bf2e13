from __future__ import annotations

from django.apps import AppConfig


class BackofficeConfig(AppConfig):
    name = "kotalive.backoffice"
    label = "backoffice"

    def ready(self) -> None:
        # Each app's `backoffice.py` registers what it brings to the shell (docs/architecture.md).
        from django.utils.translation import gettext_lazy as _

        from kotalive.accounts.policy import ADMIN_OPEN
        from kotalive.backoffice.registry import MenuEntry, autodiscover, menu_entry_register
        from kotalive.core.permissions import allowed

        # The shell's own entry: the Django admin, for admin staff (it checks TOTP itself).
        menu_entry_register(
            MenuEntry(
                "admin",
                _("Administration"),
                "admin:index",
                lambda u: allowed(u, ADMIN_OPEN),
                1000,
            )
        )
        autodiscover()
