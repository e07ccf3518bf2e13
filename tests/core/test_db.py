"""insert_one: one statement per new row, stored exactly as save() would store it."""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.db.models.functions import Now
from django.db.models.signals import post_save, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotalive.accounts.models import User
from kotalive.core.db import INSERT_ONE_MODELS, _statement, insert_one
from kotalive.core.models import AuditEvent
from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000071")


def _notice(user: User, key: str = "k1") -> Notification:
    return Notification(user=user, kind="test", dedupe_key=key, title="Halo", url="/x/")


def test_a_row_is_stored_as_save_would_store_it(resident):
    before = timezone.now()
    with CaptureQueriesContext(connection) as queries:
        event = AuditEvent(
            actor=resident,
            actor_label="resident:1",
            action="thing.done",
            ip="10.0.0.7",
            data={"ref": "LK-ABC234", "photos": [1, 2], "ok": True},
        )
        assert insert_one(event) is True
    assert len(queries.captured_queries) == 1
    assert event.pk is not None
    assert event._state.adding is False
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == resident
    assert stored.ip == "10.0.0.7"
    assert stored.data == {"ref": "LK-ABC234", "photos": [1, 2], "ok": True}
    # auto_now_add ran (pre_save), and what the object holds is what was stored.
    assert before <= stored.at <= timezone.now()
    assert stored.at == event.at


def test_a_taken_unique_key_is_skipped_and_the_transaction_goes_on(resident):
    first = _notice(resident)
    assert insert_one(first, skip_if_taken=("user", "dedupe_key")) is True
    with transaction.atomic():
        second = _notice(resident)
        second.title = "Second"
        assert insert_one(second, skip_if_taken=("user", "dedupe_key")) is False
        assert second.pk is None
        # No error, nothing to roll back: the same transaction goes on writing.
        third = _notice(resident, key="k2")
        assert insert_one(third, skip_if_taken=("user", "dedupe_key")) is True
    titles = dict(Notification.objects.filter(user=resident).values_list("dedupe_key", "title"))
    assert titles == {"k1": "Halo", "k2": "Halo"}


def test_another_integrity_error_is_raised_and_marks_the_block_for_rollback(resident):
    insert_one(_notice(resident))
    with pytest.raises(IntegrityError), transaction.atomic():
        # Not the conflict it was told to skip: the unique key is (user, dedupe_key), and a row
        # with no user breaks NOT NULL.
        insert_one(Notification(kind="test", dedupe_key="k9", title="x"))
    assert Notification.objects.filter(dedupe_key="k9").count() == 0
    with transaction.atomic():
        with contextlib.suppress(IntegrityError):
            insert_one(_notice(resident))  # the same key again, not skipped
        assert transaction.get_rollback() is True
    assert Notification.objects.filter(user=resident).count() == 1


def test_only_new_objects_and_plain_values(resident):
    notice = _notice(resident)
    insert_one(notice)
    with pytest.raises(ValueError, match="new objects"):
        insert_one(notice)
    event = AuditEvent(actor_label="system", action="x", data={})
    event.action = Now()
    with pytest.raises(TypeError, match="expression"):
        insert_one(event)
    assert not AuditEvent.objects.filter(actor_label="system", action="x").exists()


def test_a_stored_row_reads_back_with_its_times(resident):
    notice = _notice(resident)
    notice.read_at = timezone.now() - timedelta(days=1)
    insert_one(notice)
    stored = Notification.objects.get(pk=notice.pk)
    assert stored.read_at == notice.read_at
    assert stored.created_at == notice.created_at


def test_a_model_with_save_signal_receivers_is_refused(resident):
    """insert_one sends no signals: a model that has receivers would lose what they do."""

    def receiver(sender, **kwargs):
        raise AssertionError("not reached")

    for signal in (pre_save, post_save):
        _statement.cache_clear()  # checked when the statement is built
        signal.connect(receiver, sender=AuditEvent, weak=False, dispatch_uid="test-insert-one")
        try:
            with pytest.raises(TypeError, match="pre_save or post_save receivers"):
                insert_one(AuditEvent(actor=resident, actor_label="x", action="signalled", data={}))
        finally:
            signal.disconnect(sender=AuditEvent, dispatch_uid="test-insert-one")
            _statement.cache_clear()
    assert not AuditEvent.objects.filter(action="signalled").exists()
    assert insert_one(AuditEvent(actor=resident, actor_label="x", action="plain", data={}))


def test_a_model_outside_the_allow_list_is_refused():
    assert "auth.group" not in INSERT_ONE_MODELS
    with pytest.raises(TypeError, match="not in INSERT_ONE_MODELS"):
        insert_one(Group(name="not an append-only row"))
    assert not Group.objects.filter(name="not an append-only row").exists()


def test_the_allowed_models_have_no_save_signal_receivers():
    for label in INSERT_ONE_MODELS:
        model = apps.get_model(label)
        assert not pre_save.has_listeners(model), label
        assert not post_save.has_listeners(model), label
