"""Text the system writes once and people read in their own language: kept as its English source
(marked with `gettext_noop` where it is written) and its values, translated where it is shown."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext


def translated(msgid: object, params: Any, stored: str) -> str:
    """`msgid` with `params` in the active language; `stored` (what was written then) when there
    is no source, or when a catalogue entry does not fit its values."""
    if not isinstance(msgid, str) or not msgid:
        return stored
    try:
        return gettext(msgid) % params if params else gettext(msgid)
    except (KeyError, TypeError, ValueError):
        return stored
