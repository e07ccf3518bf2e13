"""What a resident can do with a menu, said in words and an icon (never by colour alone).

Every card and menu page carries one of these, so a menu that works online says so as plainly as
one that does not. Emergency menus are never "not online": their service is a phone call.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EMERGENCY_CATEGORY = "darurat"
EMERGENCY_NUMBER = "112"


@dataclass(frozen=True)
class Status:
    key: str  # online | site | info | call | offline: the CSS modifier and what tests read
    label: str | Promise
    icon: str


ONLINE = Status("online", _("Online here"), "check")
SITE = Status("site", _("On the official site"), "external")
INFO = Status("info", _("Information"), "info")
CALL = Status("call", _("Emergency: call 112"), "phone")
OFFLINE = Status("offline", _("Not online yet: in person"), "building")


def is_emergency(category_slug: str) -> bool:
    """Menus of the emergency category: their service is calling 112, never a form."""
    return category_slug == EMERGENCY_CATEGORY


def menu_status(*, kind: str, is_available: bool, external_url: str, category_slug: str) -> Status:
    if is_emergency(category_slug):
        return CALL
    if kind == "module" and is_available:
        return ONLINE
    if external_url:
        return SITE
    if kind == "info" and is_available:
        return INFO
    return OFFLINE


def site_name(url: str) -> str:
    """The readable part of a web address: 'https://www.lapor.go.id/x' -> 'lapor.go.id'."""
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or url


def source_parts(source: str) -> tuple[str, str]:
    """A menu's source as (text, url): a bare address reads as its site's name, a citation
    followed by its address keeps its words; a source without an address has no url."""
    source = source.strip()
    for word in source.split():
        if word.startswith(("http://", "https://")):
            text = source.replace(word, "").strip(" ,;:-")
            return (text or site_name(word), word)
    return (source, "")
