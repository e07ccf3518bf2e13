"""What the resident pages share: the own-application getter (404 for anyone else) and the words
for a service's steps and an application's history."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.models import Organisation
from kotalive.applications import selectors
from kotalive.applications.models import Application, Event
from kotalive.applications.spec import APPLICANT_KECAMATAN, APPLICANT_KELURAHAN, ServiceSpec
from kotalive.core.errors import NotFound

HISTORY_WORDS: dict[str, StrOrPromise] = {
    "start": _("Draft started"),
    "submit": _("Application sent"),
    "resubmit": _("Correction sent"),
    "withdraw": _("Withdrawn by you"),
    "request_correction": _("Correction requested"),
    "pass": _("Checked and passed to the next step"),
    "approve": _("Approved"),
    "reject": _("Not approved"),
    "issue": _("Document issued"),
}


def own_application(request: HttpRequest, ref: str) -> Application:
    """The signed-in resident's application; anyone else's (or none) is a 404, never a 403."""
    try:
        return selectors.application_for_applicant(actor=signed_in_user(request), ref=ref)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


@dataclass(frozen=True)
class StepShown:
    number: int
    label: str
    office: str
    days: int


def steps_shown(spec: ServiceSpec, lang: str) -> list[StepShown]:
    named = [
        s.office for s in spec.steps if s.office not in (APPLICANT_KELURAHAN, APPLICANT_KECAMATAN)
    ]
    names = dict(Organisation.objects.filter(slug__in=named).values_list("slug", "name"))
    shown = []
    for i, step in enumerate(spec.steps, start=1):
        if step.office == APPLICANT_KELURAHAN:
            office = str(_("your kelurahan office"))
        elif step.office == APPLICANT_KECAMATAN:
            office = str(_("your kecamatan office"))
        else:
            office = names.get(step.office, step.office)
        shown.append(StepShown(i, step.label.get(lang), office, step.service_level_days))
    return shown


def history_shown(application: Application) -> list[dict[str, Any]]:
    events: list[Event] = list(selectors.history_of(application))
    return [
        {
            "what": HISTORY_WORDS.get(e.action, e.action),
            "when": e.created_at,
            "office": e.office.name if e.office and e.action not in ("start", "submit") else "",
            "note": e.note,
        }
        for e in events
    ]
