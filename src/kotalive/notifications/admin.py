"""Read-only admin: to see what was sent and find deliveries that failed or stuck in `sending`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from kotalive.notifications.models import Delivery, Notification


class ReadOnlyAdmin[M: (Notification, Delivery)](admin.ModelAdmin[M]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class DeliveryInline(admin.TabularInline[Delivery, Notification]):
    model = Delivery
    extra = 0
    can_delete = False
    fields = ("channel", "status", "attempts", "created_at", "sent_at", "error")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin[Notification]):
    list_display = ("id", "user_id", "kind", "created_at", "read_at")
    list_filter = ("kind",)
    date_hierarchy = "created_at"
    inlines = (DeliveryInline,)
    show_full_result_count = False


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin[Delivery]):
    list_display = ("id", "notification_id", "channel", "status", "attempts", "sent_at", "error")
    list_filter = ("status", "channel")
    show_full_result_count = False
