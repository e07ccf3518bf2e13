"""A resident's signed-in devices: web sessions (recorded here) and app tokens (`tokens.py`).

Residents keep long sessions on their own phones, so they must be able to see where they are
signed in and end any of it (ASVS 3.3). Ending a web session deletes it from the session store,
so the device is signed out at its next request; ending is audited. Staff sessions are not
recorded here (the back office limits them instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kotalive.accounts.models import ApiToken, ResidentSession, User
from kotalive.core.audit import audit_record
from kotalive.core.crypto import decrypt, encrypt, token_hash
from kotalive.core.errors import NotFound, PermissionDenied
from kotalive.core.models import AuditEvent

# How often a request refreshes `last_seen_at`: not a write per request.
SEEN_EVERY = timedelta(minutes=5)
SESSION_SEEN = "kotalive_seen_at"
MAX_USER_AGENT = 300

_OS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)
_BROWSERS = (
    ("SamsungBrowser", "Samsung Internet"),
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
)


def device_label(user_agent: str) -> str:
    """A user agent shortened to what a person recognises: "Chrome on Android"."""
    os_name = next((name for token, name in _OS if token in user_agent), "")
    browser = next((name for token, name in _BROWSERS if re.search(rf"\b{token}/", user_agent)), "")
    if browser and os_name:
        return _("%(browser)s on %(os)s") % {"browser": browser, "os": os_name}
    return browser or os_name or user_agent[:40] or _("Unknown device")


@dataclass(frozen=True)
class Device:
    """One place the resident is signed in: a web session or an app's token."""

    kind: str  # "web" or "app"
    id: int
    device: str
    signed_in_at: datetime
    last_used_at: datetime | None
    current: bool


def _store_delete(session_key: str) -> None:
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore(session_key=session_key).delete()


def _require_resident(actor: User) -> None:
    if not actor.is_resident or not actor.is_active:
        raise PermissionDenied("residents_only", _("Only a resident account can do this."))


def _live(actor: User) -> list[ResidentSession]:
    since = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    return list(ResidentSession.objects.filter(user=actor, last_seen_at__gte=since))


def resident_session_seen(*, user: User, session_key: str, user_agent: str) -> None:
    """Record a resident's web session, or note that it is still in use.

    Called at sign-in and then at most every SEEN_EVERY; a session that signed in before
    sessions were recorded is adopted the first time it is seen.
    """
    if not user.is_resident:
        return
    now = timezone.now()
    key_hash = token_hash(session_key)
    if ResidentSession.objects.filter(key_hash=key_hash, user=user).update(last_seen_at=now):
        return
    ResidentSession.objects.filter(key_hash=key_hash).delete()  # another user's, now signed out
    ResidentSession.objects.create(
        user=user,
        key_hash=key_hash,
        key_encrypted=encrypt(session_key, context="session"),
        user_agent=user_agent[:MAX_USER_AGENT],
        created_at=now,
        last_seen_at=now,
    )


def resident_session_forget(*, session_key: str | None) -> None:
    """The session signed out by itself: its record goes (signing out is no device to list)."""
    if session_key:
        ResidentSession.objects.filter(key_hash=token_hash(session_key)).delete()


def resident_devices(
    *, actor: User, current_session_key: str | None, current_token_id: int | None
) -> list[Device]:
    """Where the actor is signed in, newest use first, the current one marked."""
    current_hash = token_hash(current_session_key) if current_session_key else None
    web = [
        Device(
            kind="web",
            id=s.pk,
            device=device_label(s.user_agent),
            signed_in_at=s.created_at,
            last_used_at=s.last_seen_at,
            current=s.key_hash == current_hash,
        )
        for s in _live(actor)
    ]
    apps = [
        Device(
            kind="app",
            id=t.pk,
            device=t.name,
            signed_in_at=t.created_at,
            last_used_at=t.last_used_at,
            current=t.pk == current_token_id,
        )
        for t in ApiToken.objects.filter(user=actor, revoked_at__isnull=True)
    ]
    return sorted(
        web + apps, key=lambda d: (not d.current, -(d.last_used_at or d.signed_in_at).timestamp())
    )


def _end(session: ResidentSession) -> None:
    try:
        key = decrypt(session.key_encrypted, context="session")
    except Exception:  # an undecryptable key (rotated secret) can't be used by anyone either
        key = ""
    session.delete()
    if key:
        _store_delete(key)


@transaction.atomic
def resident_session_end(
    *,
    actor: User,
    session_id: int,
    channel: str = AuditEvent.Channel.WEB,
    ip: str | None = None,
) -> ResidentSession:
    """End one of the actor's own web sessions; someone else's is simply not found."""
    _require_resident(actor)
    # Outside the bigint range the database would raise instead of finding nothing.
    in_range = 0 < session_id < 2**63
    found = ResidentSession.objects.select_for_update().filter(pk=session_id, user=actor)
    session = found.first() if in_range else None
    if session is None:
        raise NotFound("session_not_found", _("No such signed-in session."))
    label = device_label(session.user_agent)
    audit_record(
        actor=actor,
        action="resident.session_ended",
        target=session,
        channel=channel,
        ip=ip,
        data={"device": label, "signed_in_at": session.created_at.isoformat()},
    )
    _end(session)
    return session


@transaction.atomic
def resident_sessions_end_others(
    *,
    actor: User,
    current_session_key: str | None,
    current_token_id: int | None,
    channel: str = AuditEvent.Channel.WEB,
    ip: str | None = None,
) -> int:
    """Sign out everywhere else: every other web session ended, every other app token revoked."""
    _require_resident(actor)
    current_hash = token_hash(current_session_key) if current_session_key else ""
    sessions = list(
        ResidentSession.objects.select_for_update()
        .filter(user=actor)
        .exclude(key_hash=current_hash)
    )
    tokens = ApiToken.objects.filter(user=actor, revoked_at__isnull=True)
    if current_token_id is not None:
        tokens = tokens.exclude(pk=current_token_id)
    revoked = tokens.update(revoked_at=timezone.now())
    for session in sessions:
        _end(session)
    audit_record(
        actor=actor,
        action="resident.sessions_ended_others",
        target=actor,
        channel=channel,
        ip=ip,
        data={"web_sessions": len(sessions), "app_tokens": revoked},
    )
    return len(sessions) + revoked


def resident_sessions_purge(*, now: datetime | None = None) -> int:
    """Forget web sessions unused for longer than a session lives, and the expired stored sessions.

    Such a session can no longer sign anyone in (the store expired it), yet its record would keep
    the device and the times it was used for ever. Returns how many records went.
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.SESSION_COOKIE_AGE)
    deleted, _counts = ResidentSession.objects.filter(last_seen_at__lt=cutoff).delete()
    # What Django's `clearsessions` does: the session table only grows otherwise.
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    return deleted


def resident_sessions_erase(*, actor: User) -> None:
    """For the account's deletion: every web session ended and its record gone."""
    for session in ResidentSession.objects.filter(user=actor):
        _end(session)
