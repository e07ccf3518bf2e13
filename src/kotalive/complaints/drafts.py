"""Offline drafts belong to the account that wrote them (static/complaints/outbox.js).

A phone may change hands without anyone signing out (a session expires, the next person signs
in): a draft still waiting must not then be filed under the next person's account. Each page
carries an opaque marker of the signed-in account, the draft keeps the one it was written under
and sends it back; a marker that is not the caller's is refused. The marker is a keyed hash of
the account's id, short and not reversible without the server's key: the phone keeps no name,
number or NIK with a draft.
"""

from __future__ import annotations

import hmac

from django.conf import settings
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from kotalive.accounts.models import User
from kotalive.core.errors import PermissionDenied

_SALT = "kotalive.complaints.draft_author"
MARKER_LENGTH = 16


def _marker(user_id: object, secret: str | bytes) -> str:
    digest = salted_hmac(_SALT, str(user_id), secret=secret, algorithm="sha256").hexdigest()
    return digest[:MARKER_LENGTH]


def draft_author(*, user: User | None) -> str:
    """The marker a draft written now by `user` keeps; empty for nobody signed in."""
    if user is None or not user.is_authenticated:
        return ""
    return _marker(user.pk, settings.SECRET_KEY)


def check_draft_author(*, actor: User, author: str) -> None:
    """Refuse a draft written under another account. No marker (an API client, not the outbox,
    or a draft saved before markers existed): nothing to compare. Drafts written before a key
    rotation still match under the old key (SECRET_KEY_FALLBACKS)."""
    if not author:
        return
    for secret in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS):
        if hmac.compare_digest(author, _marker(actor.pk, secret)):
            return
    raise PermissionDenied(
        "draft_other_account",
        _(
            "This report was saved on this phone under another account. It was not sent: "
            "sign in as that account to send it, or discard it."
        ),
    )
