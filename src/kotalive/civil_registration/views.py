"""Resident page "Cek KK dan KTP-el": thin, the selector reads the port."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from kotalive.accounts.auth import signed_in_user
from kotalive.civil_registration.selectors import household_status_of
from kotalive.core.errors import PermissionDenied


@login_required
@require_safe
def status(request: HttpRequest) -> HttpResponse:
    try:
        household = household_status_of(actor=signed_in_user(request))
    except PermissionDenied:
        household = None
    response = render(request, "civil_registration/status.html", {"household": household})
    response["Cache-Control"] = "private, no-store"
    return response
