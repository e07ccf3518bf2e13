"""The audit log in the admin: readable, never writable (append-only is a legal duty, UU PDP)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from kotalive.core.audit import audit_record, audit_view_allowed
from kotalive.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["at", "actor_label", "action", "target_type", "target_id", "channel", "ip"]
    list_filter = ["action", "channel", "target_type"]
    search_fields = ["actor_label", "action", "target_id", "request_id"]
    date_hierarchy = "at"
    list_select_related = False
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Who may read the audit log is a rule registered by the app that knows roles (accounts).
        return audit_view_allowed(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class AuditedAdmin[M: Model](admin.ModelAdmin[M]):
    """Each save and delete in the admin is audited as `<app>.<model>.create`, `.change`..."""

    def save_model(self, request: HttpRequest, obj: M, form: ModelForm[M], change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action=f"{obj._meta.label_lower}.{'change' if change else 'create'}",
            target=obj,
            channel=AuditEvent.Channel.ADMIN,
            data={"fields": sorted(form.changed_data)},
        )

    def delete_model(self, request: HttpRequest, obj: M) -> None:
        audit_record(
            actor=request.user if request.user.is_authenticated else None,
            action=f"{obj._meta.label_lower}.delete",
            target=obj,
            channel=AuditEvent.Channel.ADMIN,
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[M]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
