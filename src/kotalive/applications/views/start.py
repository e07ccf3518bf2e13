"""The page a catalog menu of kind "form" opens: what the service asks and takes, and "Ajukan"."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.models import User
from kotalive.accounts.selectors import identity_of
from kotalive.applications import selectors
from kotalive.applications.forms import size_text
from kotalive.applications.models import Application, ServiceDefinition
from kotalive.applications.services import application_start
from kotalive.applications.spec import Access, Kind
from kotalive.applications.views.common import steps_shown
from kotalive.core.errors import DomainError, NotFound
from kotalive.core.http import current_language


def _definition(menu_slug: str) -> ServiceDefinition:
    try:
        return selectors.definition_for_menu(menu_slug=menu_slug)
    except NotFound as exc:
        raise Http404(str(exc.message)) from exc


def _context(definition: ServiceDefinition, user: User) -> dict[str, Any]:
    lang = current_language()
    spec = selectors.definition_spec(definition)
    documents = [
        {
            "label": f.label.get(lang),
            "help": f.help.get(lang) if f.help else "",
            "required": f.required,
            "conditional": f.required_if is not None or f.shown_if is not None,
            "types": ", ".join(t.value.upper() for t in f.file_rule.types),
            "size": size_text(f.file_rule.max_kb),
        }
        for f in spec.fields
        if f.kind == Kind.FILE
    ]
    needs_nik = spec.access == Access.NIK_VERIFIED
    open_ones = (
        selectors.applications_of(actor=user)
        .filter(definition=definition, state__in=Application.OPEN_STATES)
        .select_related(None)
        .only("ref", "state")[:5]
    )
    return {
        "definition": definition,
        "menu_slug": definition.menu_slug,
        "title": spec.title.get(lang),
        "summary": spec.summary.get(lang) if spec.summary else "",
        "documents": documents,
        "fee_text": f"Rp{spec.fee.amount:,}".replace(",", ".")
        if spec.fee and spec.fee.amount
        else "",
        "fee_note": spec.fee.note.get(lang) if spec.fee and spec.fee.note else "",
        "steps": steps_shown(spec, lang),
        "needs_nik": needs_nik,
        "for_household": spec.for_household,
        "may_apply": not needs_nik or identity_of(actor=user) is not None,
        "open_ones": list(open_ones),
        "document_title": spec.document.title.get(lang),
    }


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, menu_slug: str) -> HttpResponse:
    definition = _definition(menu_slug)
    user = signed_in_user(request)
    status = 200
    page_error = ""
    if request.method == "POST":
        try:
            application = application_start(actor=user, definition=definition)
        except DomainError as error:
            page_error, status = str(error.message), error.status
        else:
            return redirect("applications:detail", ref=application.ref)
    context = {**_context(definition, user), "page_error": page_error}
    response = render(request, "applications/start.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
