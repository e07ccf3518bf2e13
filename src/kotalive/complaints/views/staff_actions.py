"""The POST actions of the console: each parses one form and calls exactly one service.

A DomainError becomes a form error on the re-rendered page (with its status); success redirects
back with a message. Who may do what is the services' and the policy's decision, not the view's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.models import User
from kotalive.complaints import policy, selectors
from kotalive.complaints.models import Complaint
from kotalive.complaints.services import (
    complaint_assign,
    complaint_forward,
    complaint_merge,
    complaint_photo_approve,
    complaint_reject,
    complaint_reply,
    complaint_resolve,
    complaint_start,
    complaint_submit,
    complaint_triage,
)
from kotalive.complaints.views import staff_forms as f
from kotalive.complaints.views.staff import case_for, laksa_staff_required, render_case
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language, safe_next
from kotalive.core.permissions import allowed

Handler = Callable[[HttpRequest, User, Complaint, Any], str]


def _triage(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    d = form.cleaned_data
    complaint_triage(actor=actor, complaint=c, category=d["category"], note=d["note"])
    return _("Report triaged.")


def _assign(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    d = form.cleaned_data
    done = complaint_assign(
        actor=actor, complaint=c, office=d["office"], note=d["note"], note_public=d["note_public"]
    )
    return _("Report assigned to %(office)s.") % {"office": done.office}


def _start(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    d = form.cleaned_data
    complaint_start(actor=actor, complaint=c, note=d["note"], note_public=d["note_public"])
    return _("Work started.")


def _reply(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    complaint_reply(actor=actor, complaint=c, text=form.reply_text(current_language()))
    return _("Reply sent.")


def _note(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    complaint_reply(actor=actor, complaint=c, text=form.cleaned_data["text"], public=False)
    return _("Internal note saved.")


def _resolve(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    evidence = request.FILES.getlist("evidence")
    complaint_resolve(actor=actor, complaint=c, note=form.cleaned_data["note"], evidence=evidence)
    return _("Report resolved.")


def _reject(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    complaint_reject(actor=actor, complaint=c, reason=form.cleaned_data["reason"])
    return _("Report rejected.")


def _forward(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    d = form.cleaned_data
    complaint_forward(
        actor=actor, complaint=c, to=d["to"], note=d["note"], note_public=d["note_public"]
    )
    return _("Report forwarded.")


def _merge(request: HttpRequest, actor: User, c: Complaint, form: Any) -> str:
    ref = form.cleaned_data["into"].strip().upper()
    try:
        target = case_for(actor, ref)
    except Http404:
        raise DomainError("merge_target_unknown", _("No such report."), field="into") from None
    complaint_merge(actor=actor, source=c, target=target)
    return _("Report merged into %(ref)s.") % {"ref": target.ref}


# What the console does for each action of the lifecycle table it has a form for (`f.FORMS`).
ACTIONS: dict[str, Handler] = {
    "triage": _triage,
    "assign": _assign,
    "start": _start,
    "reply": _reply,
    "note": _note,
    "resolve": _resolve,
    "reject": _reject,
    "forward": _forward,
    "merge": _merge,
}


def _error(form: Form, exc: DomainError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, str(exc.message))


@require_POST
@laksa_staff_required
def case_action(request: HttpRequest, ref: str, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise Http404
    actor = signed_in_user(request)
    complaint = case_for(actor, ref)
    handler = ACTIONS[action]
    form = f.action_form(action, complaint, request.POST, request.FILES)
    status = 400
    if form.is_valid():
        try:
            message = handler(request, actor, complaint, form)
        except NotFound:
            raise Http404 from None
        except DomainError as exc:
            _error(form, exc)
            status = exc.status
        else:
            messages.success(request, message)
            return redirect("laksa_staff:case", ref=complaint.ref)
    complaint.refresh_from_db()
    return render_case(request, complaint, bound=(action, form), status=status)


@require_POST
@laksa_staff_required
def photo_approve(request: HttpRequest, ref: str, photo_id: int) -> HttpResponse:
    actor = signed_in_user(request)
    complaint = case_for(actor, ref)
    try:
        photo = selectors.report_photo(complaint=complaint, photo_id=photo_id)
        complaint_photo_approve(actor=actor, photo=photo)
    except NotFound:
        raise Http404 from None
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("Photo approved for the public."))
    return redirect("laksa_staff:case", ref=complaint.ref)


def _back_to_queue(request: HttpRequest) -> HttpResponse:
    return HttpResponseRedirect(
        safe_next(request, request.POST.get("next"), reverse("laksa_staff:queue"))
    )


@require_POST
@laksa_staff_required
def bulk(request: HttpRequest) -> HttpResponse:
    """TLR assigns several cases at once; one refusal does not stop the others."""
    actor = signed_in_user(request)
    if not allowed(actor, policy.COMMAND_CENTRE):
        raise DjangoPermissionDenied
    form = f.BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back_to_queue(request)
    refs: list[str] = form.cleaned_data["refs"]
    office = (
        form.cleaned_data["office"] if form.cleaned_data["op"] == f.BulkForm.OP_ASSIGN else None
    )
    found = {c.ref: c for c in selectors.complaints_queue(actor=actor).filter(ref__in=refs)}
    done: list[str] = []
    failed: list[str] = []
    for ref in refs:
        complaint = found.get(ref)
        if complaint is None:
            failed.append(_("%(ref)s: no such report") % {"ref": ref})
            continue
        try:
            complaint_assign(actor=actor, complaint=complaint, office=office)
        except DomainError as exc:
            failed.append(f"{ref}: {exc.message}")
        else:
            done.append(ref)
    if done:
        messages.success(
            request,
            ngettext(
                "%(count)d report assigned: %(refs)s.",
                "%(count)d reports assigned: %(refs)s.",
                len(done),
            )
            % {"count": len(done), "refs": ", ".join(done)},
        )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(count)d report not assigned: %(details)s.",
                "%(count)d reports not assigned: %(details)s.",
                len(failed),
            )
            % {"count": len(failed), "details": "; ".join(failed)},
        )
    return _back_to_queue(request)


@laksa_staff_required
def new_case(request: HttpRequest) -> HttpResponse:
    """TLR takes down a case from a call, social media or a visit: no reporter, a contact."""
    actor = signed_in_user(request)
    if not allowed(actor, policy.COMMAND_CENTRE):
        raise DjangoPermissionDenied
    form = f.StaffEntryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            d = form.cleaned_data
            try:
                complaint = complaint_submit(
                    actor=actor,
                    reporter=None,
                    channel=d["channel"],
                    category=d["category"],
                    description=d["description"],
                    kelurahan=d["kelurahan"],
                    address=d["address"],
                    lat=d["lat"],
                    lon=d["lon"],
                    photos=request.FILES.getlist("photos"),
                    contact_name=d["contact_name"],
                    contact_phone=d["contact_phone"],
                    contact_email=d["contact_email"],
                )
            except DomainError as exc:
                _error(form, exc)
                status = exc.status
            else:
                messages.success(request, _("Report %(ref)s entered.") % {"ref": complaint.ref})
                return redirect("laksa_staff:case", ref=complaint.ref)
    return render(request, "complaints/staff/new.html", {"form": form}, status=status)
