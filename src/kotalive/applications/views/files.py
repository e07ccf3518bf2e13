"""The applicant's own files and issued document, served only after the ownership check; withdrawing
with a confirmation step."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from kotalive.accounts.auth import signed_in_user
from kotalive.applications import selectors
from kotalive.applications.files import file_response
from kotalive.applications.models import Application
from kotalive.applications.services import application_withdraw, version_spec
from kotalive.applications.views.common import own_application
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language
from kotalive.documents.selectors import document_get_by_code, document_pdf


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
    return file_response(stored)


@login_required
@require_safe
def document_download(request: HttpRequest, ref: str) -> HttpResponse:
    application = own_application(request, ref)
    document = None
    if application.state == Application.State.ISSUED and application.document_code:
        document = document_get_by_code(code=application.document_code)
    if document is None:
        raise Http404(_("No document has been issued for this application."))
    response = HttpResponse(document_pdf(document=document), content_type="application/pdf")
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
