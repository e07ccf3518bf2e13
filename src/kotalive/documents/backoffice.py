"""What documents brings to the back-office shell: the issued documents an office's managers may
revoke (`document.revoke`), with the revocation form."""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.backoffice import registry
from kotalive.core.permissions import allowed
from kotalive.documents import staff_views
from kotalive.documents.policy import DOCUMENT_REVOKE


def may_revoke(user: User) -> bool:
    return allowed(user, DOCUMENT_REVOKE)


registry.pages_register(
    [
        path("dokumen/", staff_views.document_list, name="documents_list"),
        path("dokumen/<str:code>/", staff_views.document_detail, name="documents_detail"),
    ]
)
registry.menu_entry_register(
    registry.MenuEntry(
        key="documents",
        label=_("Issued documents"),
        url_name="staff:documents_list",
        allowed=may_revoke,
        order=40,
    )
)
