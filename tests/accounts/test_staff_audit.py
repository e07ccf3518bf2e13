"""Audit events are append-only, also through the admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kotalive.core.audit import audit_record
from kotalive.core.models import AuditEvent
from tests.world import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(world) -> Client:
    client = Client()
    assert sign_in(client, world.city_admin).status_code == 302
    return client


@pytest.fixture
def event(world) -> AuditEvent:
    return audit_record(
        actor=world.lurah_sukarasa,
        action="resident.viewed",
        target=world.r_sukarasa,
        channel="web",
    )


def test_audit_event_cannot_be_changed_or_deleted(event):
    event.action = "something.else"
    with pytest.raises(ValueError, match="append-only"):
        event.save()
    with pytest.raises(ValueError, match="append-only"):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "resident.viewed"


def test_admin_lists_audit_events_read_only(admin_client, event):
    listing = admin_client.get(reverse("admin:core_auditevent_changelist"))
    assert listing.status_code == 200
    assert "staff:lurah.sukarasa" in listing.content.decode()
    detail = admin_client.get(reverse("admin:core_auditevent_change", args=[event.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()


def test_admin_cannot_add_change_or_delete_audit_events(admin_client, event):
    assert admin_client.get(reverse("admin:core_auditevent_add")).status_code == 403
    change = admin_client.post(
        reverse("admin:core_auditevent_change", args=[event.pk]), {"action": "tampered"}
    )
    assert change.status_code == 403
    delete = admin_client.post(
        reverse("admin:core_auditevent_delete", args=[event.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    bulk = admin_client.post(
        reverse("admin:core_auditevent_changelist"),
        {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"},
    )
    assert AuditEvent.objects.filter(pk=event.pk, action="resident.viewed").exists()
    assert bulk.status_code in (200, 302)


def test_admin_does_not_offer_resident_identities(admin_client):
    assert admin_client.get("/admin/accounts/residentidentity/").status_code == 404
