"""An application's page: the form while it is a draft or being corrected, then the receipt, where
it stands, its history and the document. Thin: the services check and write, `forms` maps the
definition to inputs and back."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotalive.accounts.auth import signed_in_user
from kotalive.applications import forms, selectors
from kotalive.applications.answers import AnswersInvalid, answers_draft
from kotalive.applications.lifecycle import EDITABLE
from kotalive.applications.models import Application
from kotalive.applications.services import (
    application_file_add,
    application_file_remove,
    application_save,
    application_submit,
    version_spec,
)
from kotalive.applications.spec import Kind, ServiceSpec
from kotalive.applications.views.common import history_shown, own_application, steps_shown
from kotalive.applications.wording import next_step, state_words
from kotalive.core.errors import DomainError
from kotalive.core.http import current_language

State = Application.State


def _files(application: Application) -> dict[str, list[forms.AttachedFile]]:
    return forms.attached_files(application, selectors.files_of(application))


def _form_context(
    application: Application,
    spec: ServiceSpec,
    answers: dict[str, Any],
    errors: dict[str, str],
) -> dict[str, Any]:
    lang = current_language()
    widgets = forms.form_widgets(spec, answers, lang=lang, errors=errors, files=_files(application))
    return {
        "editing": True,
        "widgets": widgets,
        "faults": forms.fault_summary(spec, errors, widgets, lang=lang),
        "has_files": any(f.kind == Kind.FILE for f in spec.fields),
    }


def _sent_context(application: Application, spec: ServiceSpec, user: Any) -> dict[str, Any]:
    lang = current_language()
    due = selectors.due_of(application)
    actions = {a.name for a in selectors.actions_for(actor=user, application=application)}
    return {
        "editing": False,
        "answers": forms.answers_shown(
            spec, selectors.draft_answers_for(application), lang=lang, files=_files(application)
        ),
        "step_label": selectors.current_step_label(application, lang),
        "due": due,
        "may_withdraw": "withdraw" in actions,
    }


def _page(
    request: HttpRequest,
    application: Application,
    *,
    answers: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = signed_in_user(request)
    spec = version_spec(application.version)
    lang = current_language()
    context: dict[str, Any] = {
        "application": application,
        "title": spec.title.get(lang),
        "state_words": state_words(application),
        "next_step": next_step(application),
        "steps": steps_shown(spec, lang),
        "history": history_shown(application),
        "document_title": spec.document.title.get(lang),
    }
    if application.state in EDITABLE:
        shown = answers if answers is not None else selectors.draft_answers_for(application)
        context.update(_form_context(application, spec, shown, errors or {}))
    else:
        context.update(_sent_context(application, spec, user))
    response = render(request, "applications/detail.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


def _errors_of(error: DomainError) -> dict[str, str]:
    if isinstance(error, AnswersInvalid):
        found: dict[str, str] = {}
        for e in error.errors:
            found.setdefault(e.field or "", str(e.message))
        return found
    return {error.field or "": str(error.message)}


def _uploads(request: HttpRequest, application: Application, spec: ServiceSpec) -> dict[str, str]:
    """Attach every file sent with the form; the faults, by field, of those refused."""
    user = signed_in_user(request)
    faults: dict[str, str] = {}
    for f in spec.fields:
        if f.kind != Kind.FILE:
            continue
        for upload in request.FILES.getlist(forms.input_name(f.key)):
            try:
                application_file_add(
                    actor=user,
                    application=application,
                    field=f.key,
                    upload=upload,
                    name=upload.name or "",
                )
            except DomainError as error:
                faults.setdefault(f.key, str(error.message))
    return faults


@login_required
@require_http_methods(["GET", "POST"])
def detail(request: HttpRequest, ref: str) -> HttpResponse:
    application = own_application(request, ref)
    if request.method == "GET":
        return _page(request, application)
    if application.state not in EDITABLE:
        messages.error(request, _("This application was sent and can no longer be changed."))
        return redirect("applications:detail", ref=ref)
    return _post(request, application)


def _post(request: HttpRequest, application: Application) -> HttpResponse:
    user = signed_in_user(request)
    spec = version_spec(application.version)
    posted = forms.answers_from_post(spec, request.POST)
    action = request.POST.get("action", "save")
    remove = request.POST.get("remove_file", "")
    shown = {**selectors.draft_answers_for(application), **answers_draft(spec, posted)}
    try:
        faults = _uploads(request, application, spec)
        if action == "send" and not faults:
            application_submit(actor=user, application=application, answers=posted)
            messages.success(
                request,
                _("Application %(ref)s sent. Keep this number; we will tell you what happens.")
                % {"ref": application.ref},
            )
            return redirect("applications:detail", ref=application.ref)
        saved = posted
        anchor = ""
        if action.startswith("add:"):
            group = action.removeprefix("add:")
            saved = forms.with_row_added(spec, shown, group)
            anchor = "#" + forms.input_id(group)
        application_save(actor=user, application=application, answers=saved)
        if remove.isdigit():
            application_file_remove(actor=user, application=application, file_id=int(remove))
            messages.success(request, _("The document was removed."))
        if faults:
            application.refresh_from_db()
            return _page(request, application, answers=shown, errors=faults, status=400)
        if not anchor and not remove:
            messages.success(request, _("Draft saved. You can come back to it later."))
    except DomainError as error:
        application.refresh_from_db()
        if error.field is None and not isinstance(error, AnswersInvalid):
            messages.error(request, str(error.message))
            return redirect("applications:detail", ref=application.ref)
        return _page(request, application, answers=shown, errors=_errors_of(error), status=400)
    url = reverse("applications:detail", kwargs={"ref": application.ref})
    return redirect(url + anchor)
