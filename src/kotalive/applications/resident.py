"""What the applications engine brings to the resident's hub: each of the resident's applications
under "Aktivitas saya", with its state in the resident's words and what happens next."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.applications import selectors
from kotalive.applications.wording import next_step, state_words
from kotalive.core.http import current_language
from kotalive.resident import registry

# The most recent ones: a resident rarely has more.
LIMIT = 50


def application_activities(user: User) -> Iterator[registry.Activity]:
    lang = current_language()
    for application in selectors.applications_of(actor=user)[:LIMIT]:
        yield registry.Activity(
            kind=_("My application"),
            title=f"{application.ref} · {selectors.application_title(application, lang)}",
            state=state_words(application),
            next_step=next_step(application),
            url=reverse("applications:detail", kwargs={"ref": application.ref}),
            updated_at=application.updated_at,
            is_open=application.is_open,
        )


registry.activity_source_register(
    registry.ActivitySource(
        key="applications", label=_("Applications"), items=application_activities, order=50
    )
)
