"""The resident's hub pages: "Aktivitas saya", everything they have going in one list."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from kotalive.accounts.auth import signed_in_user
from kotalive.resident.registry import activities_for


@login_required
@require_GET
def activity(request: HttpRequest) -> HttpResponse:
    items = activities_for(signed_in_user(request))
    context = {
        "open": [a for a in items if a.is_open],
        "done": [a for a in items if not a.is_open],
    }
    response = render(request, "resident/activity.html", context)
    response["Cache-Control"] = "private, no-store"
    return response
