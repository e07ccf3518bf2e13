"""Admin for staff, organisations and memberships; and the admin site's own TOTP gate.

The admin has no sign-in page of its own: `/admin/login/` sends people to `/staff/masuk/`
(password, then TOTP), and the admin only opens for a session that passed the TOTP step. So a
stolen password alone never opens the admin.

Resident identities are deliberately not in the admin: every staff read of a resident's record
must go through `/staff/warga/` where it is scoped and audited.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kotalive.accounts import staff_services
from kotalive.accounts.models import ApiToken, Membership, Organisation, User
from kotalive.accounts.policy import ADMIN_OPEN
from kotalive.backoffice.guard import is_totp_verified
from kotalive.core.http import safe_next
from kotalive.core.permissions import allowed


def _admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    return allowed(user, ADMIN_OPEN) and is_totp_verified(request)


def _admin_login(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
    if is_totp_verified(request):
        # Fully signed in, but not admin staff: a second sign-in would not change that.
        raise DjangoPermissionDenied
    target = safe_next(request, request.GET.get("next"), reverse("admin:index"))
    return redirect_to_login(target, reverse("staff:signin"))


# The default site is kept (other apps register on it); only its two gates are replaced.
setattr(admin.site, "has_permission", _admin_has_permission)  # noqa: B010
setattr(admin.site, "login", _admin_login)  # noqa: B010
admin.site.site_header = _("KotaLive administration")
admin.site.site_title = _("KotaLive administration")


class StaffCreationForm(BaseUserCreationForm[User]):
    class Meta:
        model = User
        fields = ("username", "display_name", "email")

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        user.kind = User.Kind.STAFF
        if commit:
            user.save()
        return user


class MembershipInline(admin.TabularInline[Membership, User]):
    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["scope_kecamatan", "scope_kelurahan"]


@admin.register(User)
class UserAdmin(BaseUserAdmin[User]):
    """Staff accounts. Residents are listed for support, but their identity is not shown here."""

    add_form = StaffCreationForm
    ordering = ["kind", "username", "pk"]
    list_display = ["__str__", "kind", "display_name", "is_active", "is_staff", "totp_ready"]
    list_filter = ["kind", "is_active", "is_staff", "is_superuser"]
    search_fields = ["username", "display_name", "email"]
    readonly_fields = ["kind", "last_login", "date_joined", "totp_confirmed_at"]
    fieldsets = (
        (None, {"fields": ("kind", "username", "password")}),
        (_("Profile"), {"fields": ("display_name", "email", "language")}),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined", "totp_confirmed_at")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "display_name", "email", "password1", "password2"),
            },
        ),
    )
    filter_horizontal = ("groups", "user_permissions")
    inlines = [MembershipInline]
    actions = ["reset_totp"]

    @admin.display(boolean=True, description=_("TOTP set up"))
    def totp_ready(self, obj: User) -> bool:
        return obj.totp_confirmed_at is not None

    @admin.action(description=_("Reset the authenticator app (lost phone)"))
    def reset_totp(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        actor = request.user
        assert isinstance(actor, User)
        for user in queryset.filter(kind=User.Kind.STAFF):
            staff_services.staff_totp_reset(actor=actor, user=user, channel="admin")
        self.message_user(request, _("The authenticator apps were reset."), messages.SUCCESS)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ["name", "short_name", "kind", "kecamatan", "kelurahan", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ["parent", "kecamatan", "kelurahan"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "organisation", "role", "scope_kecamatan", "scope_kelurahan"]
    list_filter = ["role", "organisation__kind"]
    search_fields = ["user__username", "organisation__name"]
    autocomplete_fields = ["organisation"]
    raw_id_fields = ["user", "scope_kecamatan", "scope_kelurahan"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    """Tokens can be looked at and revoked (by their owner, in the profile), never minted here."""

    list_display = ["name", "prefix", "user", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    exclude = ["token_hash"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
