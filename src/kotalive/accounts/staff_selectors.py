"""Reads for the back office; every one takes the actor and is scoped by `policy`."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kotalive.accounts import policy
from kotalive.accounts.models import Membership, ResidentIdentity, User
from kotalive.core.errors import NotFound
from kotalive.core.permissions import allowed

MAX_ID = 2**63


def residents_visible_to(*, actor: User) -> QuerySet[ResidentIdentity]:
    """The residents `actor` may see: their area's kelurahan, or none at all."""
    area = policy.area_of(actor, policy.RESIDENT_VIEW)
    base = ResidentIdentity.objects.select_related("kelurahan", "kelurahan__kecamatan").order_by(
        "full_name", "pk"
    )
    if area.is_empty:
        return base.none()
    return base.filter(area.resident_filter())


def resident_get_for(*, actor: User, id: int) -> ResidentIdentity:
    """One resident, if `actor` may see them; else NotFound, so that existence does not leak."""
    # Outside the bigint range the database would raise instead of finding nothing.
    found = None if not 0 < id < MAX_ID else residents_visible_to(actor=actor).filter(pk=id).first()
    if found is None or not allowed(actor, policy.RESIDENT_VIEW, found):
        raise NotFound("resident_not_found", _("Resident not found."))
    return found


def memberships_for(*, actor: User) -> list[Membership]:
    """The actor's own memberships (organisation, role, area) for their dashboard."""
    return policy.memberships_of(actor)
