"""The resident register under /staff/warga/: an accounts page registered into the back-office
shell (accounts/backoffice.py), behind the shell's staff guard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kotalive.accounts import policy, staff_services
from kotalive.accounts.models import User
from kotalive.backoffice.guard import staff_required
from kotalive.core.errors import NotFound
from kotalive.core.http import client_ip
from kotalive.core.pagination import MAX_PAGE
from kotalive.core.permissions import allowed

PAGE_SIZE = 25


def _page_number(raw: str | None) -> int:
    """The `page` query value as 1..MAX_PAGE; anything else is the first page."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


@staff_required
def resident_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not allowed(actor, policy.RESIDENT_VIEW):
        raise DjangoPermissionDenied
    number = _page_number(request.GET.get("page"))
    page = staff_services.residents_list_for(
        actor=actor,
        offset=(number - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        channel="web",
        ip=client_ip(request),
    )
    pages = max(1, -(-page.count // PAGE_SIZE))
    context = {"residents": page.items, "number": number, "pages": pages, "count": page.count}
    return render(request, "staff/resident_list.html", context)


@staff_required
def resident_detail(request: HttpRequest, id: int) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not allowed(actor, policy.RESIDENT_VIEW):
        raise DjangoPermissionDenied
    try:
        resident = staff_services.resident_open_for(
            actor=actor, id=id, channel="web", ip=client_ip(request)
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    return render(request, "staff/resident_detail.html", {"resident": resident})
