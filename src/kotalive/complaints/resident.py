"""What LAKSA brings to the resident's hub: the resident's reports (and those they support) under
"Aktivitas saya", each with its state and what happens next."""

from __future__ import annotations

from collections.abc import Iterator

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kotalive.accounts.models import User
from kotalive.complaints import selectors
from kotalive.complaints.models import Complaint
from kotalive.complaints.schemas import status_label
from kotalive.core.http import current_language
from kotalive.resident import registry

State = Complaint.State

# The most recent ones; the full list is on "My reports".
LIMIT = 50

# What happens next, as the resident sees it (the reporter has steps of their own at the end).
NEXT_STEP: dict[str, StrOrPromise] = {
    State.NEW: _("The command centre checks your report and passes it to the right office."),
    State.TRIAGED: _("The command centre passes it to the right office."),
    State.ASSIGNED: _("The office will start work. You will get a message."),
    State.IN_PROGRESS: _("The office is working on it. You will get a message when it is done."),
    State.RESOLVED: _("The office says it is fixed. The reporter confirms it or reopens it."),
    State.CLOSED: _("Nothing more to do."),
    State.REJECTED: _("Not handled: the reason is on the report."),
    State.FORWARDED: _("Passed to a body outside the city: see the report for where."),
    State.MERGED: _("Joined another report: follow that one."),
}
REPORTER_NEXT_STEP: dict[str, StrOrPromise] = {
    State.RESOLVED: _("Check the result: confirm it is fixed, or reopen the report."),
    State.CLOSED: _("Done. You can rate how it was handled."),
}


def _next_step(complaint: Complaint, *, reporter: bool) -> StrOrPromise:
    if reporter and complaint.state in REPORTER_NEXT_STEP:
        if complaint.state == State.CLOSED and complaint.rated_at is not None:
            return NEXT_STEP[State.CLOSED]
        return REPORTER_NEXT_STEP[complaint.state]
    return NEXT_STEP.get(complaint.state, "")


def report_activities(user: User) -> Iterator[registry.Activity]:
    lang = current_language()
    for complaint in selectors.complaints_of(actor=user)[:LIMIT]:
        reporter = complaint.reporter_id == user.pk
        yield registry.Activity(
            kind=_("My report") if reporter else _("Report I support"),
            title=f"{complaint.ref} · {complaint.category.name(lang)}",
            state=status_label(complaint),  # the words of the case page and "My reports"
            next_step=_next_step(complaint, reporter=reporter),
            url=reverse("complaints:case", kwargs={"ref": complaint.ref}),
            updated_at=complaint.updated_at,
            is_open=complaint.is_open,
        )


registry.activity_source_register(
    registry.ActivitySource(key="laksa", label=_("LAKSA reports"), items=report_activities)
)
