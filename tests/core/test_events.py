"""The event bus: publish after commit only, the in-process backend, channel access rules."""

from __future__ import annotations

import asyncio
import json
import secrets
import socket
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from kotalive.accounts.models import ApiToken, Organisation, User
from kotalive.config.sse import _authenticate
from kotalive.core import events
from kotalive.core.crypto import token_hash
from kotalive.core.events import (
    BusUnavailable,
    channel_access_check,
    event_backend,
    event_publish,
    event_publish_many,
    event_publish_now,
)
from kotalive.core.events.memory import MemoryBackend
from tests.world import make_resident, make_staff


@pytest.fixture
def memory_bus(settings) -> MemoryBackend:
    """A fresh in-process bus for this test."""
    settings.EVENT_BUS_BACKEND = "memory"
    events._backends.clear()
    backend = event_backend()
    assert isinstance(backend, MemoryBackend)
    return backend


def _kinds(backend: MemoryBackend, channel: str = "public") -> list[str]:
    return [e.kind for e in backend.replay(channel=channel, after="0-0")]


@pytest.mark.django_db(transaction=True)
def test_event_is_published_when_the_transaction_commits(memory_bus):
    with transaction.atomic():
        User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000001")
        event_publish(channel="public", kind="thing.created", data={"n": 1})
        assert _kinds(memory_bus) == []  # not before the commit
    [event] = memory_bus.replay(channel="public", after="0-0")
    assert (event.kind, event.data, event.channel) == ("thing.created", {"n": 1}, "public")


def _create_publish_and_fail(kind: str) -> None:
    with transaction.atomic():
        User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000009")
        event_publish(channel="public", kind=kind, data={"n": 1})
        raise RuntimeError("boom")


@pytest.mark.django_db(transaction=True)
def test_nothing_is_published_when_the_transaction_rolls_back(memory_bus):
    with pytest.raises(RuntimeError):
        _create_publish_and_fail("thing.created")
    assert _kinds(memory_bus) == []
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_inner_savepoint_rollback_drops_only_its_own_event(memory_bus):
    with transaction.atomic():
        event_publish(channel="public", kind="kept", data={})
        with pytest.raises(RuntimeError):
            _create_publish_and_fail("dropped")
    assert _kinds(memory_bus) == ["kept"]
    assert not User.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_publish_outside_a_transaction_is_immediate(memory_bus):
    event_publish(channel="user:7", kind="note", data={"when": "now"})
    assert _kinds(memory_bus, "user:7") == ["note"]


@pytest.mark.parametrize(
    ("channel", "kind", "data"),
    [
        ("private", "ok", {}),
        ("user:abc", "ok", {}),
        ("org:0", "ok", {}),
        ("public", "Bad Kind", {}),
        ("public", "ok", {"x": object()}),
    ],
)
def test_bad_channel_kind_or_data_fails_at_the_call(memory_bus, channel, kind, data):
    with pytest.raises((ValueError, TypeError)):
        event_publish(channel=channel, kind=kind, data=data)
    assert _kinds(memory_bus) == []


def test_event_ids_increase_and_replay_returns_only_newer_events(memory_bus):
    ids = [
        memory_bus.publish(channel="public", kind="k", data_json=json.dumps({"i": i}), at="t").id
        for i in range(5)
    ]
    assert ids == sorted(ids, key=lambda i: tuple(int(p) for p in i.split("-")))
    assert len(set(ids)) == 5
    assert [e.data["i"] for e in memory_bus.replay(channel="public", after=ids[2])] == [3, 4]


def test_replay_buffer_keeps_only_the_most_recent_events(settings):
    backend = MemoryBackend(maxlen=3)
    for i in range(10):
        backend.publish(channel="public", kind="k", data_json=json.dumps({"i": i}), at="t")
    assert [e.data["i"] for e in backend.replay(channel="public", after="0-0")] == [7, 8, 9]


def test_in_process_backend_fans_out_to_every_subscriber_of_the_channel_only():
    backend = MemoryBackend()

    async def scenario() -> tuple[list[str], list[str], list[str]]:
        a, _ = await backend.subscribe(channel="public", after=None)
        b, _ = await backend.subscribe(channel="public", after=None)
        other, _ = await backend.subscribe(channel="user:1", after=None)
        # Publishers are sync threads (WSGI workers, Celery): publish from one.
        await asyncio.to_thread(
            backend.publish, channel="public", kind="hello", data_json="{}", at="t"
        )
        got_a = await a.next(5)
        got_b = await b.next(5)
        got_other = await other.next(0.05)
        for sub in (a, b, other):
            await backend.unsubscribe(sub)
        return (
            [got_a.kind] if got_a else [],
            [got_b.kind] if got_b else [],
            [got_other.kind] if got_other else [],
        )

    assert asyncio.run(scenario()) == (["hello"], ["hello"], [])
    assert backend.subscriber_count("public") == 0


def test_subscriber_with_last_event_id_gets_the_backlog_then_live_events_without_duplicates():
    backend = MemoryBackend()
    first = backend.publish(channel="public", kind="one", data_json="{}", at="t")
    backend.publish(channel="public", kind="two", data_json="{}", at="t")

    async def scenario() -> list[str]:
        sub, backlog = await backend.subscribe(channel="public", after=first.id)
        backend.publish(channel="public", kind="three", data_json="{}", at="t")
        live = await sub.next(5)
        await backend.unsubscribe(sub)
        return [e.kind for e in backlog] + ([live.kind] if live else [])

    assert asyncio.run(scenario()) == ["two", "three"]


def test_event_publish_command_prints_the_event_id(memory_bus):
    out = StringIO()
    call_command("event_publish", "public", "ops.notice", '{"text": "hi"}', stdout=out)
    [event] = memory_bus.replay(channel="public", after="0-0")
    assert out.getvalue().strip() == event.id
    assert event.data == {"text": "hi"}


@pytest.mark.parametrize(
    "args", [("public", "k", "not json"), ("public", "k", "[1]"), ("secret", "k", "{}")]
)
def test_event_publish_command_refuses_bad_input(memory_bus, args):
    with pytest.raises(CommandError):
        call_command("event_publish", *args)
    assert _kinds(memory_bus) == []


# Channel access: personas.


@pytest.fixture
def org(db) -> Organisation:
    return Organisation.objects.create(kind=Organisation.Kind.OPD, slug="dinkes", name="Dinkes")


@pytest.fixture
def other_org(db) -> Organisation:
    return Organisation.objects.create(kind=Organisation.Kind.OPD, slug="dishub", name="Dishub")


@pytest.fixture
def resident(db) -> User:
    return make_resident("+6281200000002")


@pytest.fixture
def officer(org) -> User:
    return make_staff("officer", org)


def test_anonymous_may_listen_to_public_only(db, org):
    assert channel_access_check(user=None, channel="public")
    assert not channel_access_check(user=None, channel="user:1")
    assert not channel_access_check(user=None, channel=f"org:{org.pk}")


def test_user_may_listen_to_own_channel_but_not_someone_elses(resident, officer):
    assert channel_access_check(user=resident, channel=f"user:{resident.pk}")
    assert not channel_access_check(user=resident, channel=f"user:{officer.pk}")
    assert channel_access_check(user=resident, channel="public")


def test_staff_may_listen_to_their_organisation_only(officer, org, other_org):
    assert channel_access_check(user=officer, channel=f"org:{org.pk}")
    assert not channel_access_check(user=officer, channel=f"org:{other_org.pk}")


def test_resident_may_not_listen_to_an_organisation_channel(resident, org):
    assert not channel_access_check(user=resident, channel=f"org:{org.pk}")


def test_member_loses_the_org_channel_when_the_organisation_is_deactivated(officer, org):
    Organisation.objects.filter(pk=org.pk).update(is_active=False)
    assert not channel_access_check(user=officer, channel=f"org:{org.pk}")


def test_deactivated_user_loses_even_their_own_channel(resident):
    resident.is_active = False
    resident.save()
    assert not channel_access_check(user=resident, channel=f"user:{resident.pk}")


def test_unknown_channel_names_are_refused(resident):
    for channel in ("", "public:1", f"user:{resident.pk}:x", "admin", "org:abc"):
        assert not channel_access_check(user=resident, channel=channel)


# The SSE app's authentication: the Django session cookie or a bearer token.


def test_sse_reads_the_user_from_the_django_session_cookie(client, officer):
    client.force_login(officer)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert _authenticate({"cookie": cookie}) == (officer, False)


def test_sse_treats_an_unknown_session_as_anonymous(db):
    assert _authenticate({"cookie": "sessionid=nonsense"}) == (None, False)


def test_sse_accepts_a_live_bearer_token_and_refuses_a_revoked_one(resident):
    raw = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=resident, name="t", token_hash=token_hash(raw), prefix=raw[:8]
    )
    assert _authenticate({"authorization": f"Bearer {raw}"}) == (resident, False)
    token.revoked_at = token.created_at
    token.save()
    assert _authenticate({"authorization": f"Bearer {raw}"}) == (None, True)


# Redis unreachable: the user's write still succeeds.


@pytest.fixture
def dead_redis_bus(settings):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.EVENT_BUS_BACKEND = "redis"
    settings.EVENT_BUS_REDIS_URL = f"redis://127.0.0.1:{port}/0"
    events._backends.clear()
    yield
    events._backends.clear()


@pytest.mark.django_db(transaction=True)
def test_committed_write_succeeds_even_when_the_event_cannot_be_sent(dead_redis_bus):
    with transaction.atomic():
        User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000003")
        event_publish(channel="public", kind="thing.created", data={})
    assert User.objects.filter(phone="+6281200000003").exists()


def test_publishing_to_a_redis_known_to_be_down_fails_at_once(dead_redis_bus):
    with pytest.raises(BusUnavailable):
        event_publish_now(channel="public", kind="first", data={})
    with pytest.raises(BusUnavailable, match="moments ago"):
        event_publish_now(channel="public", kind="second", data={})


@pytest.mark.django_db(transaction=True)
def test_several_events_go_out_in_order_once_the_transaction_commits(memory_bus):
    with transaction.atomic():
        event_publish_many([("public", "first", {"n": 1}), ("user:7", "second", {"n": 2})])
        event_publish_many([])
        assert _kinds(memory_bus) == []
    assert _kinds(memory_bus) == ["first"]
    assert _kinds(memory_bus, "user:7") == ["second"]


def test_a_bad_event_among_several_fails_the_call_and_sends_none(memory_bus):
    with pytest.raises(ValueError):
        event_publish_many([("public", "fine", {}), ("public", "Bad Kind", {})])
    assert _kinds(memory_bus) == []


@pytest.fixture
def live_redis_bus(settings):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (REDIS_URL)")
    settings.EVENT_BUS_BACKEND = "redis"
    settings.EVENT_BUS_REDIS_URL = settings.REDIS_URL
    events._backends.clear()
    yield event_backend()
    events._backends.clear()


def test_redis_stores_several_events_in_one_call_in_order(live_redis_bus):
    # Channels of users that do not exist: no other test writes to them.
    one, two = (f"user:{secrets.randbelow(10**9) + 10**9}" for _ in range(2))
    items = [(one, "a", '{"n":1}'), (two, "b", '{"n":2}'), (one, "c", '{"n":3}')]
    sent = live_redis_bus.publish_many(items=items, at="2026-11-28T00:00:00+00:00")
    assert [(e.channel, e.kind, e.data) for e in sent] == [
        (one, "a", {"n": 1}),
        (two, "b", {"n": 2}),
        (one, "c", {"n": 3}),
    ]
    assert [(e.id, e.kind) for e in live_redis_bus.replay(channel=one, after="0-0")] == [
        (sent[0].id, "a"),
        (sent[2].id, "c"),
    ]
    assert [e.id for e in live_redis_bus.replay(channel=two, after="0-0")] == [sent[1].id]
