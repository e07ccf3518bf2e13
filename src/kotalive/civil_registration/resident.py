"""What civil registration brings to the resident's hub: under "Aktivitas saya", the changes to
the resident's KK and the e-KTP cards of their household that are still on their way."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotalive.accounts.models import User
from kotalive.civil_registration.selectors import household_status_of
from kotalive.civil_registry.models import EktpState, KkChange
from kotalive.core.errors import PermissionDenied
from kotalive.resident import registry


def _at(day: dt.date) -> dt.datetime:
    """A registry date as the hub's moment: the start of that day in the city's time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _change_next(state: str) -> str:
    return {
        KkChange.State.RECEIVED: _("An officer will verify it."),
        KkChange.State.VERIFYING: _("An officer is checking it; then the new KK is printed."),
        KkChange.State.PRINTED: _("The new KK is printed: get it from the office you applied at."),
    }.get(KkChange.State(state), _("Nothing more to do."))


def _card_next(state: str, office: str) -> str:
    if state == EktpState.READY:
        return _("Collect it at %(office)s.") % {"office": office}
    if state == EktpState.PRINTED:
        return _("It goes to the office where it is collected; you will see when it is ready.")
    return _("It waits to be printed.")


def civil_activities(user: User) -> Iterator[registry.Activity]:
    try:
        household = household_status_of(actor=user)
    except PermissionDenied:
        return
    url = reverse("civil_registration:status")
    for change in household.changes:
        yield registry.Activity(
            kind=_("KK change"),
            title=f"{change.reference} · {KkChange.Kind(change.kind).label}",
            state=KkChange.State(change.state).label,
            next_step=_change_next(change.state),
            url=url,
            updated_at=_at(change.updated_on),
            is_open=change.state != KkChange.State.DONE,
        )
    on_the_way = {EktpState.RECORDED, EktpState.PRINTED, EktpState.READY}
    for member in household.members:
        card = member.ektp
        if card is None or card.state not in on_the_way or card.since is None:
            continue
        yield registry.Activity(
            kind=_("e-KTP"),
            title=member.full_name,
            state=EktpState(card.state).label,
            next_step=_card_next(card.state, card.office),
            url=url,
            updated_at=_at(card.since),
        )


registry.activity_source_register(
    registry.ActivitySource(
        key="civil_registration",
        label=gettext_lazy("KK and e-KTP"),
        items=civil_activities,
        order=50,
    )
)
