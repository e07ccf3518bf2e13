"""The officers' pages under /staff/permohonan/: the queue, an application, its files, its steps,
bulk steps, and the definitions an office manages.

Access: a staff session that passed TOTP (`staff_required`), then the applications policy: the
queue for whom `application.queue` admits, an application for the offices it is at (404 for
anyone else, so a receipt number tells nothing), the definitions for `application.define`. Each
POST parses one form and calls one service (`ACTIONS`); a DomainError is a form error on the
re-rendered page with its status, success a redirect with a message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.models import User
from kotalive.applications import policy, selectors
from kotalive.applications import staff_forms as f
from kotalive.applications.files import file_response
from kotalive.applications.models import Application
from kotalive.applications.services import (
    application_approve,
    application_issue,
    application_reject,
    application_request_correction,
)
from kotalive.applications.spec import SpecError
from kotalive.applications.staff_display import (
    answers_view,
    definition_managed,
    definitions_managed,
    history_view,
    is_image,
    queue_query,
    queue_rows,
    queue_slice,
    service_choices,
)
from kotalive.applications.staff_services import definition_import_checked
from kotalive.backoffice.guard import staff_required
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language, safe_next
from kotalive.core.permissions import allowed

PAGE_SIZE = 25
View = Callable[..., HttpResponse]


def desk_required(view: View) -> View:
    """A TOTP-verified staff member with a desk (an office that takes applications); else 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allowed(request.user, policy.QUEUE):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def define_required(view: View) -> View:
    """A TOTP-verified staff member who may manage some definition; else 403."""

    @staff_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not allowed(request.user, policy.DEFINE):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def application_for(actor: User, ref: str) -> Application:
    """An application the staff member may read (audited), or 404."""
    try:
        return selectors.application_for_staff(actor=actor, ref=ref.upper())
    except NotFound:
        raise Http404 from None


# --- the queue ----------------------------------------------------------------------------------


@desk_required
def queue(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    lang = current_language()
    form = f.QueueFilterForm(request.GET, services=service_choices(lang))
    filters: dict[str, Any] = {}
    if form.is_valid():
        d = form.cleaned_data
        filters = {
            "service": d["service"] or None,
            "waiting": d["state"] != f.QueueFilterForm.ALL,
            "overdue": bool(d["overdue"]),
        }
    ids = queue_query(actor=actor, **filters).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "rows": queue_rows(queue_slice(list(page.object_list)), language=lang),
        "query": query.urlencode(),
        "bulk_form": f.BulkForm(),
        "may_define": allowed(actor, policy.DEFINE),
    }
    return render(request, "applications_staff/queue.html", context)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        safe_next(request, request.POST.get("next"), reverse("applications_staff:queue"))
    )


@require_POST
@desk_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Approve (or pass on) or issue several applications: one service call each; one refusal
    does not stop the others, and each row's outcome is reported. Actions that need a reason
    are never taken in bulk."""
    actor = signed_in_user(request)
    form = f.BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_queue(request)
    refs: list[str] = form.cleaned_data["refs"]
    op = form.cleaned_data["op"]
    found = {a.ref: a for a in selectors.queue_for(actor=actor).filter(ref__in=refs)}
    done: list[str] = []
    failed: list[str] = []
    for ref in refs:
        application = found.get(ref)
        if application is None:
            failed.append(_("%(ref)s: no such application waiting") % {"ref": ref})
            continue
        try:
            if op == f.BulkForm.ISSUE:
                application_issue(actor=actor, application=application)
            else:
                application_approve(actor=actor, application=application)
        except DomainError as exc:
            failed.append(f"{ref}: {exc.message}")
        else:
            done.append(ref)
    if done:
        messages.success(
            request,
            ngettext(
                "%(count)d application done: %(refs)s.",
                "%(count)d applications done: %(refs)s.",
                len(done),
            )
            % {"count": len(done), "refs": ", ".join(done)},
        )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(count)d application not done: %(details)s",
                "%(count)d applications not done: %(details)s",
                len(failed),
            )
            % {"count": len(failed), "details": "; ".join(failed)},
        )
    return _back_to_queue(request)


# --- one application ----------------------------------------------------------------------------


def render_application(
    request: HttpRequest,
    application: Application,
    *,
    bound: tuple[str, Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    actor = signed_in_user(request)
    lang = current_language()
    files = list(selectors.files_of(application))
    actions = selectors.actions_for(actor=actor, application=application)
    forms = [
        (a.name, a.label, f.FORMS[a.name](auto_id=f"id_{a.name}_%s"))
        for a in actions
        if a.name in f.FORMS
    ]
    if bound is not None:
        forms = [
            (name, label, bound[1] if name == bound[0] else form) for name, label, form in forms
        ]
    context = {
        "a": application,
        "title": selectors.application_title(application, lang),
        "step_label": selectors.current_step_label(application, lang),
        "due": selectors.due_of(application),
        "answers": answers_view(application, files, language=lang),
        "images": {stored.pk for stored in files if is_image(stored)},
        "history": history_view(application),
        "forms": forms,
    }
    return render(request, "applications_staff/application.html", context, status=status)


@desk_required
def application(request: HttpRequest, ref: str) -> HttpResponse:
    return render_application(request, application_for(signed_in_user(request), ref))


@desk_required
def application_file(request: HttpRequest, ref: str, file_id: int) -> HttpResponse:
    """A document the applicant attached, for whom may read the application: never cached in
    shared caches, never sniffed into another type (the content was checked when stored)."""
    found = application_for(signed_in_user(request), ref)
    try:
        stored = selectors.file_get(application=found, file_id=file_id)
    except NotFound:
        raise Http404 from None
    response = file_response(stored)
    return cast(HttpResponse, response)  # a streamed response; the guard only adds headers


Handler = Callable[[User, Application, Any], str]


def _request_correction(actor: User, a: Application, form: Any) -> str:
    application_request_correction(actor=actor, application=a, reason=form.cleaned_data["reason"])
    return _("Sent back to the applicant for a correction.")


def _approve(actor: User, a: Application, form: Any) -> str:
    done = application_approve(actor=actor, application=a, note=form.cleaned_data["note"])
    if done.state == Application.State.APPROVED:
        return _("Application approved.")
    return _("Checked and sent to the next step.")


def _reject(actor: User, a: Application, form: Any) -> str:
    application_reject(actor=actor, application=a, reason=form.cleaned_data["reason"])
    return _("Application rejected.")


def _issue(actor: User, a: Application, form: Any) -> str:
    application_issue(actor=actor, application=a)
    return _("Document issued.")


# What the page does for each officer action of the lifecycle (`pass` and `approve` are one
# service: it passes to the next step or approves at the last).
ACTIONS: dict[str, Handler] = {
    "request_correction": _request_correction,
    "pass": _approve,
    "approve": _approve,
    "reject": _reject,
    "issue": _issue,
}


def _error(form: Form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@require_POST
@desk_required
def application_action(request: HttpRequest, ref: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    actor = signed_in_user(request)
    found = application_for(actor, ref)
    form = f.FORMS[action](request.POST, auto_id=f"id_{action}_%s")
    status = 400
    if form.is_valid():
        try:
            message = ACTIONS[action](actor, found, form)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            _error(form, exc)
            status = exc.status
        else:
            messages.success(request, message)
            return redirect("applications_staff:application", ref=found.ref)
    found.refresh_from_db()
    return render_application(request, found, bound=(action, form), status=status)


# --- definitions --------------------------------------------------------------------------------


def _definition(actor: User, slug: str) -> Any:
    found = definition_managed(actor, slug)
    if found is None:
        raise Http404
    return found


@define_required
def definitions(request: HttpRequest) -> HttpResponse:
    actor = signed_in_user(request)
    rows = definitions_managed(actor)
    lang = current_language()
    context = {
        "rows": [(d, selectors.definition_spec(d).title.get(lang)) for d in rows],
    }
    return render(request, "applications_staff/definitions.html", context)


@define_required
def definition_export(request: HttpRequest, slug: str) -> HttpResponse:
    found = _definition(signed_in_user(request), slug)
    text = selectors.definition_export_yaml(definition=found)
    response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
    number = found.current.number if found.current else 0
    response["Content-Disposition"] = f'attachment; filename="{found.slug}-v{number}.yaml"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _import(
    request: HttpRequest, form: f.DefinitionTextForm, *, expect_slug: str | None
) -> tuple[list[str], int, Any]:
    """Publish the form's text; (problems, status, the imported result or None)."""
    actor = signed_in_user(request)
    if not form.is_valid():
        return [str(e) for errors in form.errors.values() for e in errors], 400, None
    d = form.cleaned_data
    try:
        done = definition_import_checked(
            actor=actor, text=d["text"], note=d["note"], expect_slug=expect_slug
        )
    except SpecError as exc:
        return list(exc.problems), 400, None
    except DomainError as exc:
        return [str(exc.message)], exc.status, None
    if done.created:
        messages.success(
            request,
            _("Version %(number)d of %(slug)s published.")
            % {"number": done.version.number, "slug": done.version.definition.slug},
        )
    else:
        messages.info(
            request,
            _("Nothing changed: version %(number)d stays current.")
            % {"number": done.version.number},
        )
    return [], 200, done


@define_required
def definition_import(request: HttpRequest) -> HttpResponse:
    form = f.DefinitionTextForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        problems, status, done = _import(request, form, expect_slug=None)
        if done is not None:
            return redirect("applications_staff:definition", slug=done.version.definition.slug)
    context = {"form": form, "problems": problems, "definition": None}
    return render(request, "applications_staff/definition_edit.html", context, status=status)


@define_required
def definition(request: HttpRequest, slug: str) -> HttpResponse:
    """A definition's versions, and its current version as YAML to edit: saved as a new version
    (a published version never changes)."""
    actor = signed_in_user(request)
    found = _definition(actor, slug)
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        form = f.DefinitionTextForm(request.POST, request.FILES or None)
        problems, status, done = _import(request, form, expect_slug=found.slug)
        if done is not None:
            return redirect("applications_staff:definition", slug=found.slug)
    else:
        text = selectors.definition_export_yaml(definition=found)
        form = f.DefinitionTextForm(initial={"text": text})
    context = {
        "form": form,
        "problems": problems,
        "definition": found,
        "title": selectors.definition_spec(found).title.get(current_language()),
        "versions": list(found.versions.all()),
    }
    return render(request, "applications_staff/definition_edit.html", context, status=status)
