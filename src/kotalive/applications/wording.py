"""What a resident reads about an application: its state in plain words and what happens next.

The pages, the API and "Aktivitas saya" say the same thing, so the words live here once.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from kotalive.applications.models import Application

State = Application.State

STATE_WORDS: dict[str, StrOrPromise] = {
    State.DRAFT: gettext_lazy("Draft: not sent yet"),
    State.SUBMITTED: gettext_lazy("Being checked"),
    State.CORRECTION: gettext_lazy("Needs your correction"),
    State.APPROVED: gettext_lazy("Approved: the document is being made"),
    State.ISSUED: gettext_lazy("Done: the document is ready"),
    State.REJECTED: gettext_lazy("Not approved"),
    State.WITHDRAWN: gettext_lazy("Withdrawn"),
}


def state_words(application: Application) -> str:
    return str(STATE_WORDS.get(application.state, application.get_state_display()))


def short_date(moment: Any) -> str:
    """A due date as a resident reads it: "5 Des" (the year only when it is not this one)."""
    local = timezone.localtime(moment)
    same_year = local.year == timezone.localtime().year
    return date_format(local, "j M" if same_year else "j M Y")


def next_step(application: Application) -> str:
    """One sentence: who acts now and by when, or what the resident has to do."""
    state = application.state
    if state == State.DRAFT:
        return _("Not sent yet: finish the form and send it.")
    if state == State.CORRECTION:
        return _("Correct your application: %(reason)s") % {"reason": application.reason}
    if state == State.SUBMITTED:
        office = application.office.name if application.office else _("the office")
        if application.due_at is not None:
            return _("Checked by %(office)s, at the latest %(date)s") % {
                "office": office,
                "date": short_date(application.due_at),
            }
        return _("Checked by %(office)s") % {"office": office}
    if state == State.APPROVED:
        return _("Approved: the office is making your document.")
    if state == State.ISSUED:
        return _("The document is ready to download.")
    if state == State.REJECTED:
        return _("Not approved: %(reason)s") % {"reason": application.reason}
    return _("Nothing more to do.")
