"""Open311 keys in the Django admin: create (the key is shown once), revoke, see last use.

complaints/admin.py imports this module so that the registration happens.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kotalive.complaints.models import Open311Key
from kotalive.complaints.open311.keys import open311_key_create, open311_key_revoke
from kotalive.core.models import AuditEvent


@admin.register(Open311Key)
class Open311KeyAdmin(admin.ModelAdmin[Open311Key]):
    list_display = ("name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")
    list_filter = ("revoked_at",)
    search_fields = ("name", "prefix")
    fields = ("name",)
    actions = ("revoke",)

    def get_readonly_fields(self, request: HttpRequest, obj: Open311Key | None = None) -> Any:
        if obj is None:
            return ()
        return ("prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def get_fields(self, request: HttpRequest, obj: Open311Key | None = None) -> Any:
        if obj is None:
            return ("name",)
        return ("name", "prefix", "created_at", "created_by", "last_used_at", "revoked_at")

    def has_delete_permission(self, request: HttpRequest, obj: Open311Key | None = None) -> bool:
        return False  # revoke instead: the audit trail and the tokens keep pointing at it

    def save_model(
        self, request: HttpRequest, obj: Open311Key, form: ModelForm[Open311Key], change: bool
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        key, raw = open311_key_create(
            actor=request.user,  # type: ignore[arg-type]
            name=obj.name,
            channel=AuditEvent.Channel.ADMIN,
        )
        # The admin goes on with `obj` (log entry, redirect): make it the row just created.
        obj.__dict__.update({f.attname: getattr(key, f.attname) for f in key._meta.concrete_fields})
        obj._state.adding = False
        obj._state.db = key._state.db
        messages.warning(
            request,
            _("The new Open311 key is %(key)s — copy it now: it is not shown again.")
            % {"key": raw},
        )

    @admin.action(description=gettext_lazy("Revoke the selected keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Open311Key]) -> None:
        for key in queryset:
            open311_key_revoke(
                actor=request.user,  # type: ignore[arg-type]
                key=key,
                channel=AuditEvent.Channel.ADMIN,
            )
        messages.success(request, _("Keys revoked: %(count)d.") % {"count": queryset.count()})
