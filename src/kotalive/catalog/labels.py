"""What a resident can do with a menu, said in words and an icon (never by colour alone).

Every card and menu page carries one of these, so a menu that works online says so as plainly as
one that does not. A menu is a call only when its data holds the number to call (112, a hotline):
the emergency category also holds walk-in emergency rooms, training and aid, which are not calls.
Emergency menus are never "not online".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

EMERGENCY_CATEGORY = "darurat"
EMERGENCY_NUMBER = "112"


@dataclass(frozen=True)
class Status:
    key: str  # online | site | info | call | walkin | offline: the CSS modifier, what tests read
    label: str | Promise
    icon: str


ONLINE = Status("online", _("Online here"), "check")
SITE = Status("site", _("On the official site"), "external")
INFO = Status("info", _("Information"), "info")
WALK_IN_24H = Status("walkin", _("In person, 24 hours"), "building")
OFFLINE = Status("offline", _("Not online yet: in person"), "building")


def is_emergency(category_slug: str) -> bool:
    """Menus of the emergency category: their page carries the 112 call buttons, never a form."""
    return category_slug == EMERGENCY_CATEGORY


@functools.cache
def call_status(number: str, *, emergency: bool) -> Status:
    """The status of a service that is a phone call, naming the number (one object per number)."""
    if emergency:
        label = format_lazy(_("Emergency: call {number}"), number=number)
    else:
        label = format_lazy(_("Call {number}"), number=number)
    return Status("call", label, "phone")


def menu_status(
    *,
    kind: str,
    is_available: bool,
    external_url: str,
    category_slug: str,
    call_number: str = "",
    walk_in_24h: bool = False,
) -> Status:
    emergency = is_emergency(category_slug)
    if call_number:
        return call_status(call_number, emergency=emergency)
    if walk_in_24h:
        return WALK_IN_24H
    if kind in ("module", "form") and is_available:
        return ONLINE
    if external_url:
        return SITE
    if kind == "info" and is_available:
        return INFO
    if emergency:
        # Training, aid, a disaster post: what the page says is the service, not a counter to
        # visit "until it is online".
        return INFO
    return OFFLINE


def tel_href(number: str) -> str:
    """A number as a tel: link dials it: '021-5582144' -> 'tel:0215582144'."""
    return "tel:" + "".join(c for c in number if c.isdigit() or c == "+")


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


_STEP_NUMBER = re.compile(r"(?:^|(?<=\s))(\d{1,2})\.\s+")


def numbered_steps(text: str) -> list[str]:
    """A procedure written as "1. Isi formulir. 2. Serahkan berkas." as its steps, to show as a
    list a phone reader can follow (and a screen reader counts); [] when the text is not numbered
    1, 2, 3... from its start, so other text stays as written."""
    marks = list(_STEP_NUMBER.finditer(text))
    if len(marks) < 2 or marks[0].start() != 0:
        return []
    if [int(m.group(1)) for m in marks] != list(range(1, len(marks) + 1)):
        return []
    ends = [m.start() for m in marks[1:]] + [len(text)]
    steps = [text[m.end() : end].strip() for m, end in zip(marks, ends, strict=True)]
    return steps if all(steps) else []
