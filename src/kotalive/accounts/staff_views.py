"""Back-office pages under /staff/: the two-step sign-in, the dashboard and the resident register.

Sign-in never calls `login()` after the password alone: the password step only remembers, in the
session, which staff member is half-way ("pending"); the session becomes authenticated after a
valid TOTP code (or a confirmed enrolment). So a password without TOTP opens nothing, not even
the Django admin.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth import login, logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kotalive.accounts import policy, staff_selectors, staff_services, totp
from kotalive.accounts.models import Membership, User
from kotalive.accounts.staff_forms import StaffCodeForm, StaffPasswordForm
from kotalive.complaints import policy as laksa_policy
from kotalive.core.errors import DomainError, NotFound, RateLimited
from kotalive.core.http import client_ip, safe_next
from kotalive.core.pagination import MAX_PAGE

SESSION_PENDING = "kotalive_staff_pending"
SESSION_TOTP_OK = "kotalive_staff_totp"
PENDING_SECONDS = 300
STAFF_BACKEND = "kotalive.accounts.backends.StaffBackend"
PAGE_SIZE = 25

View = Callable[..., HttpResponse]


def is_totp_verified(request: HttpRequest) -> bool:
    """A staff session that passed the TOTP step (the admin site checks this too)."""
    user = getattr(request, "user", None)
    return bool(
        user is not None
        and user.is_authenticated
        and isinstance(user, User)
        and user.is_staff_member
        and request.session.get(SESSION_TOTP_OK) is True
    )


def staff_required(view: View) -> View:
    """Anonymous and half-signed-in: to sign-in. Residents and staff without a role: 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if user.is_authenticated and isinstance(user, User) and not user.is_staff_member:
            raise DjangoPermissionDenied
        if not is_totp_verified(request):
            return redirect_to_login(request.get_full_path(), reverse("staff:signin"))
        if not policy.can(user, policy.STAFF_ACCESS):
            raise DjangoPermissionDenied
        return view(request, *args, **kwargs)

    return never_cache(wrapper)


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    return safe_next(request, candidate, reverse("staff:dashboard"))


def _pending_user(request: HttpRequest) -> User | None:
    pending = request.session.get(SESSION_PENDING)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    uid = pending.get("uid")
    if not isinstance(uid, int):
        return None
    return User.objects.filter(pk=uid, kind=User.Kind.STAFF, is_active=True).first()


def _finish_sign_in(request: HttpRequest, user: User) -> HttpResponse:
    pending = request.session.get(SESSION_PENDING) or {}
    login(request, user, backend=STAFF_BACKEND)
    request.session[SESSION_TOTP_OK] = True
    request.session.pop(SESSION_PENDING, None)
    staff_services.staff_signed_in(user=user, ip=client_ip(request))
    return HttpResponseRedirect(_safe_next(request, pending.get("next")))


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
            user = staff_services.staff_password_check(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                ip=client_ip(request),
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
            staff_services.staff_totp_check(
                user=user, code=form.cleaned_data["code"], ip=client_ip(request)
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
            staff_services.staff_totp_enrol_confirm(
                user=user, code=form.cleaned_data["code"], ip=client_ip(request)
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


def _area_label(m: Membership) -> str:
    org = m.organisation
    place = m.scope_kelurahan or m.scope_kecamatan or org.kelurahan or org.kecamatan
    if place is not None:
        return str(place)
    if org.kind in (org.Kind.DISKOMINFO, org.Kind.OPD):
        return _("Whole city")
    return _("Own organisation only")


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    memberships = [
        {"membership": m, "area": _area_label(m)}
        for m in staff_selectors.memberships_for(actor=actor)
    ]
    context = {
        "memberships": memberships,
        "can_view_residents": policy.can(actor, policy.RESIDENT_VIEW),
        "can_use_laksa": laksa_policy.is_tlr(actor)
        or bool(laksa_policy.office_scope(actor).offices),
    }
    return render(request, "staff/dashboard.html", context)


def _page_number(raw: str | None) -> int:
    """The `page` query value as 1..MAX_PAGE; anything else is the first page."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


@staff_required
def resident_list(request: HttpRequest) -> HttpResponse:
    actor = request.user
    assert isinstance(actor, User)
    if not policy.can(actor, policy.RESIDENT_VIEW):
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
    if not policy.can(actor, policy.RESIDENT_VIEW):
        raise DjangoPermissionDenied
    try:
        resident = staff_services.resident_open_for(
            actor=actor, id=id, channel="web", ip=client_ip(request)
        )
    except NotFound as exc:
        raise Http404(str(exc.message)) from None
    return render(request, "staff/resident_detail.html", {"resident": resident})
