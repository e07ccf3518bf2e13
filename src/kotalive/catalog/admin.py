"""Diskominfo configures the catalog here. Every save and delete is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kotalive.catalog.models import Announcement, Category, Menu, MenuUsageDay, ServiceStandard
from kotalive.core.admin import AuditedAdmin
from kotalive.core.audit import audit_record
from kotalive.core.models import AuditEvent


@admin.register(Category)
class CategoryAdmin(AuditedAdmin[Category]):
    list_display = ("name_id", "name_en", "slug", "icon", "order")
    list_editable = ("order",)
    search_fields = ("name_id", "name_en", "slug")
    prepopulated_fields = {"slug": ("name_id",)}


class ServiceStandardInline(admin.StackedInline[ServiceStandard, Menu]):
    model = ServiceStandard
    can_delete = False
    extra = 1
    max_num = 1


@admin.register(Menu)
class MenuAdmin(AuditedAdmin[Menu]):
    list_display = (
        "name_id",
        "category",
        "kind",
        "access",
        "office_abbrev",
        "is_available",
        "is_active",
        "order",
    )
    list_filter = ("category", "kind", "access", "is_available", "is_active", "office_abbrev")
    list_editable = ("is_available", "is_active", "order")
    search_fields = ("name_id", "name_en", "slug", "keywords_id", "keywords_en", "office_name")
    prepopulated_fields = {"slug": ("name_id",)}
    raw_id_fields = ("office",)
    inlines = (ServiceStandardInline,)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "slug",
                    "category",
                    "kind",
                    "module_key",
                    "external_url",
                    "call_number",
                    "walk_in_24h",
                    "icon",
                    "order",
                    "is_available",
                    "is_active",
                )
            },
        ),
        (
            "Names",
            {
                "fields": (
                    "name_id",
                    "name_en",
                    "description_id",
                    "description_en",
                    "keywords_id",
                    "keywords_en",
                )
            },
        ),
        (
            "Access and office",
            {"fields": ("access", "office", "office_abbrev", "office_name", "source")},
        ),
    )

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_record(
                actor=request.user if request.user.is_authenticated else None,
                action="catalog.servicestandard.change",
                target=form.instance,
                channel=AuditEvent.Channel.ADMIN,
            )


@admin.register(Announcement)
class AnnouncementAdmin(AuditedAdmin[Announcement]):
    list_display = ("title_id", "published_at", "is_active")
    list_filter = ("is_active",)
    search_fields = ("title_id", "title_en")
    date_hierarchy = "published_at"


@admin.register(MenuUsageDay)
class MenuUsageDayAdmin(admin.ModelAdmin[MenuUsageDay]):
    """Read-only: counts are written only by opening menus."""

    list_display = ("menu", "date", "count")
    list_filter = ("date",)
    search_fields = ("menu__name_id", "menu__slug")
    date_hierarchy = "date"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MenuUsageDay | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: MenuUsageDay | None = None) -> bool:
        return False
