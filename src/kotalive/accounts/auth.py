"""API authentication: opaque bearer tokens for the apps, the session cookie for the web pages."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db import connections, router
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from kotalive.accounts.models import ApiToken, User
from kotalive.core.crypto import token_hash

# last_used_at is written at most this often, so that reads do not turn into writes.
_TOUCH_EVERY = timedelta(minutes=5)


# Every app request runs this, so it is written out once instead of compiled by the ORM each time
# (0.2 ms against about 0.9 ms on the bench machine). The same conditions as
# ApiToken.objects.filter(token_hash=..., revoked_at__isnull=True, user__is_active=True), and
# whether last_used_at is due for a refresh. The tests cover revoked, unknown and deactivated.
_TOKEN_USER_SQL = """
SELECT {columns}, t.id, (t.last_used_at IS NULL OR t.last_used_at < %s)
FROM accounts_apitoken t JOIN accounts_user u ON u.id = t.user_id
WHERE t.token_hash = %s AND t.revoked_at IS NULL AND u.is_active
"""

Converter = Callable[[Any, Any, Any], Any]


@cache
def _user_query(alias: str) -> tuple[str, list[str], list[tuple[Any, list[Converter]]]]:
    """The statement, the user's field names, and per column what turns the database's value into
    the field's (what the ORM's compiler does; SQLite, for one, hands datetimes back as text)."""
    connection = connections[alias]
    fields = User._meta.concrete_fields
    columns = ", ".join(f"u.{connection.ops.quote_name(str(f.column))}" for f in fields)
    converters = []
    for f in fields:
        col = f.get_col(User._meta.db_table)
        converters.append(
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        )
    return _TOKEN_USER_SQL.format(columns=columns), [f.attname for f in fields], converters


def _token_user(token: str, stale_before: datetime) -> tuple[User, int, bool] | None:
    """The active user of an unrevoked token, the token's id, and whether its last use is due."""
    # From the primary, like any write would be: a token made a moment ago (the sign-in the app
    # just did) is not on a lagging read replica yet, and the app would be told it is signed out.
    alias = router.db_for_write(User)
    connection = connections[alias]
    sql, names, converters = _user_query(alias)
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [connection.ops.adapt_datetimefield_value(stale_before), token_hash(token)]
        )
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row[: len(names)])
    for index, (col, functions) in enumerate(converters):
        for function in functions:
            values[index] = function(values[index], col, connection)
    user = User.from_db(alias, names, values)
    return user, int(row[-2]), bool(row[-1])


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        now = timezone.now()
        found = _token_user(token, now - _TOUCH_EVERY)
        if found is None:
            return None
        user, token_id, stale = found
        if stale:
            ApiToken.objects.filter(pk=token_id).update(last_used_at=now)
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in web session; CSRF is checked as for any form post."""

    param_name = "sessionid"

    def _get_key(self, request: HttpRequest) -> str | None:
        # No session cookie means no session to protect: skip the CSRF check so that an
        # anonymous POST/DELETE gets the documented 401, not ninja's 403 "CSRF check Failed".
        if self.param_name not in request.COOKIES:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_or_session = [TokenAuth(), SessionAuth()]


def actor_of(request: HttpRequest) -> User:
    """The authenticated user of an API request (after one of the auth classes accepted it)."""
    user = request.auth  # type: ignore[attr-defined]
    assert isinstance(user, User)
    return user


def signed_in_user(request: HttpRequest) -> User:
    """The signed-in user of a page behind `login_required` or `staff_required`."""
    user = request.user
    assert isinstance(user, User)
    return user
