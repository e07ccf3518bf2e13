"""The applicant's own files and issued document, served only after the ownership check; withdrawing
with a confirmation step."""

from __future__ import annotations

import importlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kotalive.accounts.auth import signed_in_user
from kotalive.applications import selectors
from kotalive.applications.models import Application
from kotalive.applications.services import application_withdraw, version_spec
from kotalive.applications.views.common import own_application
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language

CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg"}


def _private[R: HttpResponseBase](response: R) -> R:
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_safe
def file_download(request: HttpRequest, ref: str, file_id: int) -> FileResponse:
    application = own_application(request, ref)
    try:
        stored = selectors.file_get(application=application, file_id=file_id)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc
    # Every kept file was rewritten as a PDF or a JPEG (files.py): safe to show inline.
    response = FileResponse(
        stored.file.open("rb"),
        content_type=CONTENT_TYPES.get(stored.kind, "application/octet-stream"),
        as_attachment=stored.kind not in CONTENT_TYPES,
        filename=stored.name,
    )
    return _private(response)


def _documents_selectors() -> Any:
    """`kotalive.documents.selectors`, looked up when first asked for: the documents app brings
    `document_get_by_code(code=...)` and `document_pdf(document=...)`."""
    try:
        module = importlib.import_module("kotalive.documents.selectors")
    except ImportError:
        return None
    if not hasattr(module, "document_get_by_code") or not hasattr(module, "document_pdf"):
        return None
    return module


@login_required
@require_safe
def document_download(request: HttpRequest, ref: str) -> HttpResponse:
    application = own_application(request, ref)
    documents = _documents_selectors()
    if application.state != Application.State.ISSUED or not application.document_code:
        raise Http404(_("No document has been issued for this application."))
    if documents is None:
        raise Http404(_("The document cannot be downloaded yet."))
    try:
        document = documents.document_get_by_code(code=application.document_code)
    except DomainError as exc:
        raise Http404(str(exc.message)) from exc
    if document is None:  # the documents app answers None for an unknown code
        raise Http404(_("No document has been issued for this application."))
    pdf = documents.document_pdf(document=document)
    content = pdf if isinstance(pdf, bytes) else bytes(pdf.read())
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{application.ref}.pdf"'
    return _private(response)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, ref: str) -> HttpResponse:
    """GET asks "are you sure?"; POST withdraws."""
    application = own_application(request, ref)
    if request.method == "POST":
        try:
            application_withdraw(actor=signed_in_user(request), application=application)
        except DomainError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(request, _("Application %(ref)s is withdrawn.") % {"ref": ref})
        return redirect("applications:detail", ref=ref)
    user = signed_in_user(request)
    if not any(
        a.name == "withdraw" for a in selectors.actions_for(actor=user, application=application)
    ):
        messages.error(request, _("This application can no longer be withdrawn."))
        return redirect("applications:detail", ref=ref)
    context = {
        "application": application,
        "title": version_spec(application.version).title.get(current_language()),
    }
    response = render(request, "applications/withdraw.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
