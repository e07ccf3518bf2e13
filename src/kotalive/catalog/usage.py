"""Which menu openings count for "Popular": a resident's first opening of a menu on a day.

Not counted: crawlers and other programs (by their user agent, or none), link prefetches, HEAD
requests, staff at work, and the same visitor opening the same menu again that day (remembered in
their own session, never in the counts).
"""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING

from kotalive.accounts.policy import is_staff

if TYPE_CHECKING:
    from django.contrib.sessions.backends.base import SessionBase
    from django.http import HttpRequest

COUNTED_SESSION_KEY = "catalog_counted"
_PROGRAMS = re.compile(
    r"bot|crawl|spider|slurp|scrap|fetch|preview|facebookexternalhit|whatsapp|telegram|headless|"
    r"lighthouse|pagespeed|pingdom|uptime|monitor|curl|wget|python|java/|go-http|okhttp|axios|"
    r"node-fetch|httpclient|libwww|perl|ruby|php|postman|insomnia|^mozilla/5\.0$",
    re.IGNORECASE,
)


def is_program(user_agent: str) -> bool:
    """A crawler, link preview, monitor or script rather than a person's browser."""
    agent = user_agent.strip()
    return not agent or bool(_PROGRAMS.search(agent))


def is_prefetch(request: HttpRequest) -> bool:
    purpose = f"{request.headers.get('Sec-Purpose', '')} {request.headers.get('Purpose', '')}"
    return "prefetch" in purpose.lower() or "prerender" in purpose.lower()


def first_open_today(*, session: SessionBase, slug: str, day: date) -> bool:
    """True the first time this session opens `slug` on `day` (and remembers it)."""
    stored = session.get(COUNTED_SESSION_KEY)
    seen: list[str] = []
    if isinstance(stored, dict) and stored.get("day") == day.isoformat():
        seen = [s for s in stored.get("slugs", []) if isinstance(s, str)]
    if slug in seen:
        return False
    session[COUNTED_SESSION_KEY] = {"day": day.isoformat(), "slugs": [*seen, slug][-100:]}
    return True


def counts_as_resident_use(request: HttpRequest, *, slug: str, day: date) -> bool:
    if request.method != "GET" or is_prefetch(request):
        return False
    if is_program(request.headers.get("User-Agent", "")):
        return False
    user = getattr(request, "user", None)
    # Staff at work, and anyone who may open the admin: what they open is not residents' use.
    if is_staff(user) or getattr(user, "is_staff", False):
        return False
    return first_open_today(session=request.session, slug=slug, day=day)
