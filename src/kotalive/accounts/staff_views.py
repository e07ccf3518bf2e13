"""The resident register under /staff/warga/: an accounts page registered into the back-office
shell (accounts/backoffice.py), behind the shell's staff guard."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from kotalive.accounts import policy, staff_selectors, staff_services
from kotalive.accounts.models import User
from kotalive.backoffice.guard import staff_required
from kotalive.core.errors import NotFound
from kotalive.core.http import client_ip

PAGE_SIZE = 25


@staff_required
def resident_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not policy.can(actor, policy.RESIDENT_VIEW):
        raise DjangoPermissionDenied
    page = Paginator(staff_selectors.residents_visible_to(actor=actor), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "staff/resident_list.html", {"page": page})


@staff_required
def resident_detail(request: HttpRequest, id: int) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not policy.can(actor, policy.RESIDENT_VIEW):
        raise DjangoPermissionDenied
    try:
        resident = staff_services.resident_open_for(
            actor=actor, id=id, channel="web", ip=client_ip(request)
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    return render(request, "staff/resident_detail.html", {"resident": resident})
