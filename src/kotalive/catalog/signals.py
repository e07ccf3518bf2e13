"""Any change to the catalog tables, from the admin, the seed or a shell, invalidates the caches.

A signal (not a service call) because the Django admin and bulk fixtures write these rows too, and a
stale search index would silently show deleted menus.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save

from kotalive.catalog.models import Announcement, Category, Menu, ServiceStandard
from kotalive.catalog.services import catalog_version_bump


def _bump(sender: type, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures: the tables may not be complete yet
    catalog_version_bump()


def connect() -> None:
    for model in (Category, Menu, ServiceStandard, Announcement):
        post_save.connect(_bump, sender=model, dispatch_uid=f"catalog-bump-save-{model.__name__}")
        post_delete.connect(_bump, sender=model, dispatch_uid=f"catalog-bump-del-{model.__name__}")
