"""Resident LAKSA pages: file a report (three steps in one form), my reports, and the follow-up
steps on a case page ("me too", confirm, reopen, rate). Thin: the services check and write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from kotalive.accounts.auth import signed_in_user
from kotalive.complaints import schemas, selectors
from kotalive.complaints.forms import RateForm, ReopenForm, ReportForm
from kotalive.complaints.models import Category, Complaint
from kotalive.complaints.services import (
    complaint_confirm,
    complaint_rate,
    complaint_reopen,
    complaint_submit,
    complaint_support,
)
from kotalive.complaints.views.public import case_context, map_context
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.http import current_language, safe_next


def _categories() -> list[Category]:
    return list(selectors.categories_active())


def _category_cards(categories: list[Category]) -> list[dict[str, Any]]:
    lang = current_language()
    return [
        {
            "slug": c.slug,
            "name": c.name(lang),
            "description": c.description(lang),
            "icon": c.icon,
            "search": f"{c.name_id} {c.name_en} {c.keywords}".lower(),
        }
        for c in categories
    ]


def _nearby_for(form: ReportForm) -> list[dict[str, Any]] | None:
    """Open cases of the chosen category near the pin, when both are known (None: not asked)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    lat, lon, category = data.get("lat"), data.get("lon"), data.get("category")
    if lat is None or lon is None:
        return None
    found = selectors.complaints_nearby(
        lat=lat, lon=lon, category=category if isinstance(category, Category) else None
    )
    return [schemas.nearby_out(n) for n in found]


@login_required
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    categories = _categories()
    data = request.POST if request.method == "POST" else None
    form = ReportForm(data, request.FILES or None, categories=categories, lang=current_language())
    nearby: list[dict[str, Any]] | None = None
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "check":
            # Without JavaScript: look for the same problem nearby before sending. The form comes
            # back filled in but without errors: the resident has not sent it yet.
            form.is_valid()
            nearby = _nearby_for(form) or []
            form = ReportForm(
                initial=request.POST.dict(), categories=categories, lang=current_language()
            )
            status = 200
        elif form.is_valid():
            try:
                complaint = _submit(request, form)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    _("Report %(ref)s received. We will tell you when something happens.")
                    % {"ref": complaint.ref},
                )
                return redirect("complaints:case", ref=complaint.ref)
            status = 400
        else:
            status = 400
    context = {
        "form": form,
        "categories": _category_cards(categories),
        "nearby": nearby,
        **map_context(),
    }
    return render(request, "complaints/report.html", context, status=status)


def _submit(request: HttpRequest, form: ReportForm) -> Complaint:
    data = form.cleaned_data
    return complaint_submit(
        actor=signed_in_user(request),
        category=data["category"],
        description=data["description"],
        lat=data.get("lat"),
        lon=data.get("lon"),
        kelurahan=data.get("kelurahan"),
        address=data.get("address") or "",
        photos=data.get("photos") or [],
        show_name=bool(data.get("show_name")),
    )


@require_safe
def report_nearby(request: HttpRequest) -> HttpResponse:
    """The "same problem nearby?" fragment report.js asks for when the pin or category moves."""
    form = ReportForm(request.GET, categories=_categories(), lang=current_language())
    form.is_valid()
    nearby = _nearby_for(form)
    response = render(
        request,
        "complaints/_nearby.html",
        {"nearby": nearby, "signed_in": request.user.is_authenticated},
    )
    response["Cache-Control"] = "private, max-age=30"
    return response


@login_required
@require_safe
def my_reports(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    response = render(request, "complaints/mine.html", {"cases": schemas.my_cases(user)})
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def report_drafts(request: HttpRequest) -> HttpResponse:
    """Reports saved on this phone, waiting to be sent: the list is the phone's own (IndexedDB,
    drafts.js), so the page holds nothing personal and the service worker keeps it for offline."""
    names = {c["slug"]: c["name"] for c in _category_cards(_categories())}
    return render(request, "complaints/drafts.html", {"category_names": names})


# --- follow-up steps on a case ----------------------------------------------------------------


def _back(request: HttpRequest, ref: str) -> HttpResponse:
    default = reverse("complaints:case", kwargs={"ref": ref})
    return redirect(safe_next(request, request.POST.get("next"), default))


def _own(request: HttpRequest, ref: str) -> Complaint:
    """The case if this user reported or follows it; anyone else gets 404 (nothing to learn)."""
    try:
        return selectors.complaint_get_for(actor=signed_in_user(request), ref=ref)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _refused(request: HttpRequest, ref: str, error: DomainError) -> HttpResponse:
    if isinstance(error, PermissionDenied):
        complaint = selectors.complaint_public_get(ref=ref)
        context = case_context(request, complaint)
        context["page_error"] = str(error.message)
        return render(request, "complaints/case.html", context, status=403)
    messages.error(request, str(error.message))
    return _back(request, ref)


@login_required
@require_POST
def support(request: HttpRequest, ref: str) -> HttpResponse:
    try:
        complaint = selectors.complaint_public_get(ref=ref)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    try:
        joined = complaint_support(actor=signed_in_user(request), complaint=complaint)
    except DomainError as error:
        return _refused(request, ref, error)
    if joined:
        messages.success(request, _("Thank you. You now follow this report and hear about it."))
    else:
        messages.info(request, _("You already follow this report."))
    return _back(request, ref)


@login_required
@require_POST
def confirm(request: HttpRequest, ref: str) -> HttpResponse:
    complaint = _own(request, ref)
    try:
        complaint_confirm(actor=signed_in_user(request), complaint=complaint)
    except DomainError as error:
        return _refused(request, ref, error)
    messages.success(request, _("Thank you for confirming. The report is closed."))
    return _back(request, ref)


def _form_refused(
    request: HttpRequest, complaint: Complaint, name: str, form: ReopenForm | RateForm
) -> HttpResponse:
    context = case_context(request, complaint)
    context[name] = form
    return render(request, "complaints/case.html", context, status=400)


@login_required
@require_POST
def reopen(request: HttpRequest, ref: str) -> HttpResponse:
    complaint = _own(request, ref)
    form = ReopenForm(request.POST, auto_id="reopen_%s")
    if not form.is_valid():
        return _form_refused(request, complaint, "reopen_form", form)
    try:
        complaint_reopen(
            actor=signed_in_user(request), complaint=complaint, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        if error.field is None:
            return _refused(request, ref, error)
        form.add_domain_error(error)
        return _form_refused(request, complaint, "reopen_form", form)
    messages.success(request, _("The report is reopened and goes back to the office."))
    return _back(request, ref)


@login_required
@require_POST
def rate(request: HttpRequest, ref: str) -> HttpResponse:
    complaint = _own(request, ref)
    form = RateForm(request.POST, auto_id="rate_%s")
    if not form.is_valid():
        return _form_refused(request, complaint, "rate_form", form)
    try:
        complaint_rate(
            actor=signed_in_user(request),
            complaint=complaint,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
        )
    except DomainError as error:
        if error.field is None:
            return _refused(request, ref, error)
        form.add_domain_error(error)
        return _form_refused(request, complaint, "rate_form", form)
    messages.success(request, _("Thank you for your rating."))
    return _back(request, ref)
