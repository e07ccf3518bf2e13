"""Where a built module's menu leads: the page that opens it, by menu slug or module key."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from kotalive.catalog.models import Menu

# A menu of a built module opens this URL name; a slug entry beats the module's default.
BY_SLUG = {
    "lacak-laporan-laksa": "complaints:mine",
    "cek-status-kk-ktp": "civil_registration:status",
}
BY_MODULE = {"complaints": "complaints:report"}
# A menu of kind "form" opens its service's application page (the applications engine).
FORM_URL_NAME = "applications:start"


def module_url(menu: Menu) -> str | None:
    """The module page of an available menu, or None (not built: the menu says so)."""
    if not menu.is_available or menu.kind not in (Menu.Kind.MODULE, Menu.Kind.FORM):
        return None
    if menu.kind == Menu.Kind.FORM:
        try:
            return reverse(FORM_URL_NAME, args=[menu.slug])
        except NoReverseMatch:
            return None
    name = BY_SLUG.get(menu.slug) or BY_MODULE.get(menu.module_key)
    if name is None:
        return None
    try:
        return reverse(name)
    except NoReverseMatch:
        return None
