"""What accounts brings to the back-office shell: the resident register, the "my organisations"
tile, the `org:` event channels and the right to read the audit log (all decided by policy)."""

from __future__ import annotations

from typing import Any

from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotalive.accounts import policy, staff_selectors, staff_views
from kotalive.accounts.models import Membership, User
from kotalive.backoffice import registry
from kotalive.core.permissions import allowed


def _area_label(m: Membership) -> str:
    org = m.organisation
    place = m.scope_kelurahan or m.scope_kecamatan or org.kelurahan or org.kecamatan
    if place is not None:
        return str(place)
    if org.kind in (org.Kind.DISKOMINFO, org.Kind.OPD):
        return _("Whole city")
    return _("Own organisation only")


def memberships_tile(user: User) -> dict[str, Any]:
    rows = staff_selectors.memberships_for(actor=user)
    return {"memberships": [{"membership": m, "area": _area_label(m)} for m in rows]}


def org_channel_allowed(user: Any, org_id: int) -> bool:
    """`org:<id>`: staff only, and only organisations they hold a role in."""
    return policy.is_member_of(user, org_id)


registry.pages_register(
    [
        path("warga/", staff_views.resident_list, name="resident_list"),
        path("warga/<int:id>/", staff_views.resident_detail, name="resident_detail"),
    ]
)
registry.menu_entry_register(
    registry.MenuEntry(
        key="residents",
        label=gettext_lazy("Residents in my area"),
        url_name="staff:resident_list",
        allowed=lambda user: allowed(user, policy.RESIDENT_VIEW),
        order=20,
    )
)
registry.tile_register(
    registry.Tile(
        key="memberships",
        template="staff/_memberships_tile.html",
        context=memberships_tile,
        order=10,
    )
)
registry.channel_rule("org", org_channel_allowed)
registry.audit_view_right("accounts", lambda user: allowed(user, policy.AUDIT_VIEW))
