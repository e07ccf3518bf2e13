"""Diskominfo configures LAKSA here: categories, routing, service levels, holidays, replies.

Cases themselves are read-only in the admin: every change to a case goes through the services
(the TLR console and office pages), which keep the timeline, the clocks and the notices right.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kotalive.complaints.models import (
    Category,
    Complaint,
    Holiday,
    ReplyTemplate,
    RoutingRule,
    ServiceSettings,
)
from kotalive.complaints.open311 import admin as _open311_admin  # noqa: F401 - registers keys
from kotalive.core.admin import AuditedAdmin


class RoutingRuleInline(admin.TabularInline[RoutingRule, Category]):
    model = RoutingRule
    extra = 0
    autocomplete_fields = ("office",)


@admin.register(Category)
class CategoryAdmin(AuditedAdmin[Category]):
    list_display = ("name_id", "slug", "office", "triage_hours", "resolve_days", "is_active")
    list_filter = ("is_active", "group")
    list_editable = ("triage_hours", "resolve_days", "is_active")
    search_fields = ("name_id", "name_en", "slug", "keywords")
    autocomplete_fields = ("office",)
    inlines = (RoutingRuleInline,)


# Working hours and holidays feed every deadline: a save or delete is reference data
# (complaints/sla.py), seen at once in this process and within seconds in every other.
@admin.register(ServiceSettings)
class ServiceSettingsAdmin(AuditedAdmin[ServiceSettings]):
    list_display = ("__str__", "workday_start", "workday_end", "working_weekdays")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return not ServiceSettings.objects.exists()


@admin.register(Holiday)
class HolidayAdmin(AuditedAdmin[Holiday]):
    list_display = ("date", "name")
    date_hierarchy = "date"


@admin.register(ReplyTemplate)
class ReplyTemplateAdmin(AuditedAdmin[ReplyTemplate]):
    list_display = ("title", "office")
    search_fields = ("title", "body_id")
    autocomplete_fields = ("office",)


@admin.register(Complaint)
class ComplaintAdmin(admin.ModelAdmin[Complaint]):
    list_display = ("ref", "category", "state", "office", "created_at", "escalated_at")
    list_filter = ("state", "category", "channel")
    search_fields = ("ref",)
    list_select_related = ("category", "office")
    # No personal data in the admin list or form: staff read cases in the audited console.
    fields = ("ref", "category", "state", "office", "kelurahan", "created_at", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
