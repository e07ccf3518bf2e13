"""Resident pages: sign in with a phone code, profile, NIK verification, data download, delete."""

from __future__ import annotations

import json
import time

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kotalive.accounts.auth import signed_in_user
from kotalive.accounts.forms import CodeForm, DeleteForm, IdentityForm, PhoneForm
from kotalive.accounts.selectors import api_tokens_of, household_of, identity_of
from kotalive.accounts.services import (
    api_token_revoke,
    identity_verify,
    phone_code_request,
    phone_code_verify,
    resident_data_export,
    resident_delete,
    resident_devices,
    resident_session_end,
    resident_session_forget,
    resident_session_seen,
    resident_sessions_end_others,
)
from kotalive.accounts.services.sessions import SESSION_SEEN
from kotalive.core.crypto import token_hash
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.http import client_ip, safe_next

# Residents have no password; the session stores this backend, whose get_user() loads any
# active user by id (ModelBackend), so the resident stays signed in across requests.
SESSION_BACKEND = "kotalive.accounts.backends.StaffBackend"


def _asked_next(request: HttpRequest) -> str:
    """The page to come back to after signing in: a path on this site, else ""."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if not candidate.startswith("/") or candidate.startswith(("//", "/\\")):
        return ""
    return safe_next(request, candidate, "")


def _next_url(request: HttpRequest) -> str:
    return _asked_next(request) or reverse("accounts:profile")


def _status(error: DomainError) -> int:
    return 429 if isinstance(error, RateLimited) else 200


@require_http_methods(["GET", "POST"])
def signin(request: HttpRequest) -> HttpResponse:
    """Two steps on one URL: the phone number (a code is sent), then the code."""
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    if request.method == "POST" and request.POST.get("step") == "code":
        return _signin_code(request)
    return _signin_phone(request)


def _signin_phone(request: HttpRequest) -> HttpResponse:
    # Sent here from a page that needs an account (`login_required`): say why, and go back there.
    context: dict[str, object] = {"next": _next_url(request), "asked": _asked_next(request)}
    form = PhoneForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            code = phone_code_request(phone=form.cleaned_data["phone"], ip=client_ip(request))
        except DomainError as error:
            form.add_domain_error(error)
            context["form"] = form
            return render(request, "accounts/signin.html", context, status=_status(error))
        context["form"] = CodeForm(initial={"phone": code.phone})
        context["masked_phone"] = _masked(code.phone)
        return render(request, "accounts/signin_code.html", context)
    context["form"] = form
    return render(request, "accounts/signin.html", context)


def _masked(phone: str) -> str:
    return f"{phone[:5]}****{phone[-3:]}"


def _signin_code(request: HttpRequest) -> HttpResponse:
    context: dict[str, object] = {"next": _next_url(request)}
    form = CodeForm(request.POST)
    context["form"] = form
    phone = request.POST.get("phone", "")
    context["masked_phone"] = _masked(phone) if len(phone) > 8 else ""
    if not form.is_valid():
        return render(request, "accounts/signin_code.html", context)
    try:
        user = phone_code_verify(
            phone=form.cleaned_data["phone"],
            code=form.cleaned_data["code"].strip(),
            ip=client_ip(request),
        )
    except DomainError as error:
        form.add_domain_error(error)
        return render(request, "accounts/signin_code.html", context, status=_status(error))
    login(request, user, backend=SESSION_BACKEND)
    if request.session.session_key is None:
        request.session.save()  # the key is what the device list knows the session by
    resident_session_seen(
        user=user,
        session_key=str(request.session.session_key),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    request.session[SESSION_SEEN] = time.time()
    messages.success(request, _("You are signed in."))
    return redirect(_next_url(request))


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    resident_session_forget(session_key=request.session.session_key)
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("catalog:home")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    identity = identity_of(actor=user)
    household = household_of(actor=user) if identity is not None else []
    devices = resident_devices(
        actor=user, current_session_key=request.session.session_key, current_token_id=None
    )
    context = {
        "identity": identity,
        "household": household,
        "tokens": api_tokens_of(actor=user),
        "web_sessions": [d for d in devices if d.kind == "web"],
        "other_devices": any(not d.current for d in devices),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def verify_nik(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if identity_of(actor=user) is not None:
        messages.info(request, _("Your NIK is already verified."))
        return redirect("accounts:profile")
    form = IdentityForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            identity_verify(actor=user, ip=client_ip(request), **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
            status = _status(error)
        else:
            messages.success(request, _("Your NIK is verified."))
            return redirect("accounts:profile")
    return render(request, "accounts/verify_nik.html", {"form": form}, status=status)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    data = resident_data_export(actor=signed_in_user(request), ip=client_ip(request))
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="kotalive-data-saya.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            resident_delete(actor=signed_in_user(request), ip=client_ip(request))
        except DomainError as error:
            form.add_domain_error(error)
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted."))
            return redirect("catalog:home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    try:
        api_token_revoke(actor=signed_in_user(request), token_id=token_id, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, _("The token is revoked."))
    return redirect("accounts:profile")


@login_required
@require_POST
def end_session(request: HttpRequest, session_id: int) -> HttpResponse:
    """End one of my web sessions; ending this one signs me out here."""
    user = signed_in_user(request)
    try:
        ended = resident_session_end(actor=user, session_id=session_id, ip=client_ip(request))
    except DomainError as error:
        messages.error(request, str(error.message))
        return redirect("accounts:profile")
    if request.session.session_key and ended.key_hash == token_hash(request.session.session_key):
        logout(request)
        messages.success(request, _("You are signed out."))
        return redirect("catalog:home")
    messages.success(request, _("That device is signed out."))
    return redirect("accounts:profile")


@login_required
@require_POST
def end_other_sessions(request: HttpRequest) -> HttpResponse:
    """Sign out every other browser and app, keep this one."""
    count = resident_sessions_end_others(
        actor=signed_in_user(request),
        current_session_key=request.session.session_key,
        current_token_id=None,
        ip=client_ip(request),
    )
    messages.success(
        request,
        ngettext(
            "%(count)d other device is signed out.",
            "%(count)d other devices are signed out.",
            count,
        )
        % {"count": count},
    )
    return redirect("accounts:profile")
