"""What LAKSA brings to the back-office shell: the TLR console and the office queue (one page
that shows each staff member their own view), for whom LAKSA's policy admits."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.backoffice import registry
from kotalive.complaints import policy
from kotalive.core.permissions import allowed


def may_use_laksa(user: User) -> bool:
    return allowed(user, policy.CONSOLE)


registry.menu_entry_register(
    registry.MenuEntry(
        key="laksa",
        label=_("LAKSA reports"),
        url_name="laksa_staff:queue",
        allowed=may_use_laksa,
        order=10,
    )
)
