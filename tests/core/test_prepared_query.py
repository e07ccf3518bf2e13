"""The compiled hot-path reads (core.db.PreparedQuery) give exactly what their querysets give."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from kotalive.accounts.auth import _TOKEN_USER, _token_user, _token_user_query
from kotalive.accounts.models import ApiToken, User
from kotalive.accounts.services import api_token_create
from kotalive.core.crypto import encrypt, token_hash
from kotalive.core.db import PreparedQuery
from kotalive.core.idempotency import _RECORD, TTL, _find, _record_query
from kotalive.core.models import IdempotencyRecord

pytestmark = pytest.mark.django_db


def _same_row(compiled, orm, fields) -> None:
    for field in fields:
        assert getattr(compiled, field.attname) == getattr(orm, field.attname), field.name
    assert type(compiled) is type(orm)
    assert compiled._state.db == orm._state.db
    assert compiled._state.adding is False


@pytest.fixture
def resident() -> User:
    user = User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000311")
    user.display_name = "Siti"
    user.last_login = timezone.now() - timedelta(days=3)
    user.save()
    return user


def test_the_token_query_gives_what_its_queryset_gives(resident):
    token, raw = api_token_create(actor=resident, name="phone")
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now() - timedelta(hours=1))
    hashed = token_hash(raw)
    compiled = _TOKEN_USER.first(using="default", token_hash=hashed)
    orm = _token_user_query(hashed).get()
    assert compiled is not None
    _same_row(compiled, orm, User._meta.concrete_fields)
    assert compiled.token_id == orm.token_id == token.pk  # type: ignore[attr-defined]
    assert compiled.token_last_used_at == orm.token_last_used_at  # type: ignore[attr-defined]
    assert timezone.is_aware(compiled.token_last_used_at)  # type: ignore[attr-defined]


def test_the_token_query_finds_nothing_where_its_queryset_finds_nothing(resident):
    revoked, revoked_raw = api_token_create(actor=resident, name="old phone")
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    other = User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000312")
    _token, other_raw = api_token_create(actor=other, name="phone")
    User.objects.filter(pk=other.pk).update(is_active=False)
    for raw in (revoked_raw, other_raw, "klt_made-up"):
        assert not _token_user_query(token_hash(raw)).exists()
        assert _TOKEN_USER.first(using="default", token_hash=token_hash(raw)) is None
        assert _token_user(raw, timezone.now()) is None


def test_a_token_user_carries_no_token_columns(resident):
    _token, raw = api_token_create(actor=resident, name="phone")
    found = _token_user(raw, timezone.now() - timedelta(minutes=5))
    assert found is not None
    user, _token_id, stale = found
    assert stale is True
    assert not hasattr(user, "token_id")
    assert not hasattr(user, "token_last_used_at")


def test_the_idempotency_query_gives_what_its_queryset_gives():
    body = encrypt(base64.b64encode(b'{"ok":true}').decode(), context="idempotency").encode()
    stored = IdempotencyRecord.objects.create(
        scope="s" * 64,
        key="draft-1",
        request_hash="h" * 64,
        method="POST",
        path="/api/v1/complaints/",
        status=201,
        content_type="application/json",
        body=body,
    )
    IdempotencyRecord.objects.create(
        scope="t" * 64, key="draft-1", request_hash="x", method="POST", path="/", status=201,
        content_type="text/plain", body=b"",
    )  # fmt: skip
    compiled = _RECORD.first(using="default", scope="s" * 64, key="draft-1")
    orm = _record_query("s" * 64, "draft-1").get()
    assert compiled is not None
    loaded = [f for f in IdempotencyRecord._meta.concrete_fields if f.attname in vars(orm)]
    assert {f.name for f in loaded} == {
        "id", "request_hash", "status", "content_type", "body", "created_at",
    }  # fmt: skip
    _same_row(compiled, orm, loaded)
    assert bytes(compiled.body) == body
    found = _find("s" * 64, "draft-1")
    assert found is not None
    assert found.pk == stored.pk
    assert (found.request_hash, found.status, found.content_type, found.body) == (
        "h" * 64,
        201,
        "application/json",
        body,
    )
    assert found.fresh is True
    with time_machine.travel(timezone.now() + TTL + timedelta(seconds=1)):
        stale = _find("s" * 64, "draft-1")
    assert stale is not None
    assert stale.fresh is False
    assert _find("s" * 64, "draft-2") is None
    assert _find("u" * 64, "draft-1") is None


def test_the_statements_name_the_models_tables_and_join_once():
    token_sql = _TOKEN_USER.sql("default")
    quote = connection.ops.quote_name
    assert quote(User._meta.db_table) in token_sql
    assert token_sql.count("JOIN") == 1
    assert quote(IdempotencyRecord._meta.db_table) in _RECORD.sql("default")


def test_a_parameter_that_is_not_one_exact_text_value_is_refused():
    # Twice, then changed on the way (the marker is not found as it was given), then unused.
    twice = PreparedQuery(
        lambda name: Group.objects.filter(name=name, permissions__codename=name), "name"
    )
    with pytest.raises(TypeError, match="one exact text or time parameter"):
        twice.sql("default")
    changed = PreparedQuery(lambda name: Group.objects.filter(name__startswith=name), "name")
    with pytest.raises(TypeError, match="one exact text or time parameter"):
        changed.sql("default")
    unused = PreparedQuery(lambda name: Group.objects.all(), "name")
    with pytest.raises(TypeError, match="one exact text or time parameter"):
        unused.sql("default")
    query = PreparedQuery(lambda name: Group.objects.filter(name=name), "name")
    with pytest.raises(TypeError, match="must be text"):
        query.first(using="default", name=7)


def _records_between(start, end):
    return (
        IdempotencyRecord.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by("-created_at", "key")
        .values_list("key", "created_at", "status")[:10]
    )


def test_rows_of_a_time_window_are_what_values_list_gives():
    now = timezone.now().replace(microsecond=250_000)
    for hours in range(6):
        IdempotencyRecord.objects.create(
            scope="w" * 64, key=f"k{hours}", request_hash="h", method="POST", path="/",
            status=200 + hours, content_type="text/plain", body=b"",
        )  # fmt: skip
        IdempotencyRecord.objects.filter(key=f"k{hours}").update(
            created_at=now - timedelta(hours=hours)
        )
    window = PreparedQuery(_records_between, times=("start", "end"))
    assert window.names("default") == ("key", "created_at", "status")
    for start, end in (
        (now - timedelta(hours=3, minutes=1), now),  # the end is excluded
        (now - timedelta(days=1), now + timedelta(seconds=1)),
        (now + timedelta(hours=1), now + timedelta(hours=2)),  # nothing
    ):
        orm = list(_records_between(start, end))
        assert window.rows(using="default", start=start, end=end) == orm
    found = window.rows(using="default", start=now - timedelta(hours=1), end=now)
    assert found == [("k1", now - timedelta(hours=1), 201)]
    assert timezone.is_aware(found[0][1])


def test_a_time_parameter_must_be_an_aware_datetime_and_rows_need_values_list():
    window = PreparedQuery(_records_between, times=("start", "end"))
    naive = timezone.now().replace(tzinfo=None)
    with pytest.raises(TypeError, match="aware datetime"):
        window.rows(using="default", start=naive, end=timezone.now())
    with pytest.raises(TypeError, match="use rows"):
        window.first(using="default", start=timezone.now(), end=timezone.now())
    model_rows = PreparedQuery(lambda name: Group.objects.filter(name=name), "name")
    with pytest.raises(TypeError, match="use first"):
        model_rows.rows(using="default", name="x")
