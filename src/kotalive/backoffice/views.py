"""The shell's pages under /staff/: the two-step sign-in, TOTP enrolment, the dashboard.

Sign-in never calls `login()` after the password alone: the password step only remembers, in the
session, which staff member is half-way ("pending"); the session becomes authenticated after a
valid TOTP code (or a confirmed enrolment). So a password without TOTP opens nothing, not even
the Django admin. What the dashboard shows comes from the registry (registry.py).
"""

from __future__ import annotations

import time

from django.contrib.auth import login, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kotalive.accounts import totp
from kotalive.accounts.models import User
from kotalive.accounts.policy import staff_users
from kotalive.backoffice import devices, registry, services
from kotalive.backoffice.forms import StaffCodeForm, StaffPasswordForm
from kotalive.backoffice.guard import is_totp_verified, staff_required
from kotalive.backoffice.session import SESSION_PENDING, staff_session_start
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.http import client_ip, safe_next

PENDING_SECONDS = 300
STAFF_BACKEND = "kotalive.accounts.backends.StaffBackend"


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    return safe_next(request, candidate, reverse("staff:dashboard"))


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(SESSION_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    uid = pending.get("uid")
    if not isinstance(uid, int):
        return None
    return staff_users().filter(pk=uid).first()


def _finish_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    pending = request.session.get(SESSION_PENDING) or {}
    login(request, user, backend=STAFF_BACKEND)
    staff_session_start(request.session)
    request.session.pop(SESSION_PENDING, None)
    services.staff_signed_in(user=user, ip=client_ip(request))
    response = HttpResponseRedirect(_safe_next(request, pending.get("next")))
    devices.remember(request, response, user.pk)
    return response


def _form_error(form: StaffPasswordForm | StaffCodeForm, exc: DomainError) -> int:
    form.add_error(None, str(exc.message))
    return 429 if isinstance(exc, RateLimited) else 400


@never_cache
def signin(request: HttpRequest) -> HttpResponse:
    """Step 1: username and password."""
    if request.method == "GET" and is_totp_verified(request):
        return HttpResponseRedirect(_safe_next(request, request.GET.get("next")))
    form = StaffPasswordForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            user = services.staff_password_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
                device_user_ids=devices.known_user_ids(request),
            )
        except DomainError as exc:
            status = _form_error(form, exc)
        else:
            if request.user.is_authenticated:
                logout(request)  # Whoever was signed in here is not who is signing in now.
            request.session.cycle_key()
            next_url = request.POST.get("next") or request.GET.get("next")
            request.session[SESSION_PENDING] = {"uid": user.pk, "at": time.time(), "next": next_url}
            step = "staff:totp" if totp.totp_is_confirmed(user) else "staff:enrol"
            return redirect(step)
    context = {"form": form, "next": request.GET.get("next", "")}
    return render(request, "staff/signin.html", context, status=status)


@never_cache
def signin_totp(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the authenticator app."""
    user = _pending_user(request)
    if user is None:
        return redirect("staff:signin")
    if not totp.totp_is_confirmed(user):
        return redirect("staff:enrol")
    form = StaffCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_totp_check(
                user=user,
                code=form.cleaned_data["code"],
                ip=client_ip(request),
                known_device=user.pk in devices.known_user_ids(request),
            )
        except DomainError as exc:
            status = _form_error(form, exc)
        else:
            return _finish_sign_in(request, user)
    return render(request, "staff/signin_totp.html", {"form": form}, status=status)


@never_cache
def enrol(request: HttpRequest) -> HttpResponse:
    """First sign-in: set up the authenticator app, confirmed by its first code."""
    user = _pending_user(request)
    if user is None:
        return redirect("staff:signin")
    if totp.totp_is_confirmed(user):
        return redirect("staff:totp")
    form = StaffCodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.staff_totp_enrol_confirm(
                user=user,
                code=form.cleaned_data["code"],
                ip=client_ip(request),
                known_device=user.pk in devices.known_user_ids(request),
            )
        except DomainError as exc:
            status = _form_error(form, exc)
        else:
            return _finish_sign_in(request, user)
    secret = totp.totp_enrolment_secret(user=user)
    uri = totp.provisioning_uri(user=user, secret=secret)
    context = {"form": form, "secret": secret, "uri": uri, "qr": totp.qr_svg_data_uri(uri)}
    return render(request, "staff/enrol.html", context, status=status)


@require_POST
def signout(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("staff:signin")


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    context = {"tiles": registry.tiles_for(actor), "menu": registry.menu_for(actor)}
    return render(request, "staff/dashboard.html", context)
