"""Issued documents in the back office (/staff/dokumen/): the list an office's managers may
revoke from, and one document with the revocation form (`document_revoke`)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kotalive.accounts.models import User
from kotalive.backoffice.guard import staff_required
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.permissions import allowed
from kotalive.documents import selectors
from kotalive.documents.forms import RevokeForm
from kotalive.documents.models import IssuedDocument
from kotalive.documents.policy import DOCUMENT_REVOKE
from kotalive.documents.services import document_revoke

LIST_SIZE = 50


@staff_required
@require_http_methods(["GET", "HEAD"])
def document_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not allowed(actor, DOCUMENT_REVOKE):
        raise DjangoPermissionDenied
    query = request.GET.get("q", "")[:100]
    rows = selectors.documents_revocable_by(actor=actor, query=query)[:LIST_SIZE]
    return render(request, "documents/staff_list.html", {"documents": rows, "q": query})


def _get(actor: User, code: str) -> IssuedDocument:
    try:
        return selectors.document_get_for(actor=actor, code=code)
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    except PermissionDenied:
        raise DjangoPermissionDenied from None


@staff_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_detail(request: HttpRequest, code: str) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    document = _get(actor, code)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            document_revoke(document=document, reason=form.cleaned_data["reason"], actor=actor)
        except DomainError as error:
            form.add_error("reason", str(error.message))
        else:
            messages.success(request, _("The document is revoked."))
            return HttpResponseRedirect(reverse("staff:documents_detail", args=[document.code]))
    context = {
        "doc": document,
        "state": selectors.document_state(document),
        "form": form,
        "public_url": reverse("documents:verify", args=[document.code]),
    }
    return render(
        request, "documents/staff_detail.html", context, status=400 if form.errors else 200
    )
