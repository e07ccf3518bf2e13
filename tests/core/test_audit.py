"""Audit events are append-only: in the model, in bulk, and (on PostgreSQL) in the database."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from kotalive.accounts.models import User
from kotalive.core.audit import audit_record
from kotalive.core.logging import request_id_var
from kotalive.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def resident():
    return User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000001")


def test_audit_record_stores_who_what_and_which(resident):
    token = request_id_var.set("req-1")
    try:
        event = audit_record(
            actor=resident, action="profile.update", target=resident, ip="10.1.2.3"
        )
    finally:
        request_id_var.reset(token)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == resident
    assert stored.actor_label == f"resident:{resident.pk}"
    assert (stored.target_type, stored.target_id) == ("accounts.user", str(resident.pk))
    assert stored.request_id == "req-1"
    assert stored.ip == "10.1.2.3"


def test_an_audit_event_without_actor_is_the_system():
    assert audit_record(actor=None, action="seed").actor_label == "system"


def test_saving_an_existing_event_is_refused():
    event = audit_record(actor=None, action="x")
    event.action = "y"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


def test_deleting_an_event_is_refused():
    event = audit_record(actor=None, action="x")
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_bulk_update_and_delete_are_refused():
    audit_record(actor=None, action="x")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.update(action="y")
    with pytest.raises(ValueError, match="append-only"):
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.filter(action="x").count() == 1


def test_deleting_the_actor_keeps_the_event_and_its_label(resident):
    event = audit_record(actor=resident, action="profile.update")
    resident.delete()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor is None
    assert stored.actor_label.startswith("resident:")


def _raw(sql: str, params: list[int | str]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_the_database_refuses_raw_update_and_delete():
    event = audit_record(actor=None, action="x")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_auditevent SET action = 'y' WHERE id = %s", [event.pk])
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("DELETE FROM core_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL-only")
def test_the_database_refuses_changing_the_actor_to_someone_else(resident):
    other = User.objects.create_user(kind=User.Kind.RESIDENT, phone="+6281200000002")
    event = audit_record(actor=resident, action="x")
    with pytest.raises(DatabaseError, match="append-only"):
        _raw("UPDATE core_auditevent SET actor_id = %s WHERE id = %s", [other.pk, event.pk])
