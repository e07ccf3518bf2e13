"""Revocation: who may (document.revoke), what is stored and audited; refusals change nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from kotalive.accounts.models import Membership
from kotalive.core.errors import DomainError, PermissionDenied
from kotalive.core.models import AuditEvent
from kotalive.documents.models import IssuedDocument
from kotalive.documents.services import document_revoke
from tests.world import make_staff, staff_client, unchanged

pytestmark = pytest.mark.django_db


def test_the_issuing_offices_supervisor_revokes_with_a_reason(issue, offices):
    document = issue()
    document_revoke(document=document, reason="  Data   ibu salah ", actor=offices.supervisor)
    stored = IssuedDocument.objects.get(pk=document.pk)
    assert stored.revoked_at is not None
    assert stored.revoke_reason == "Data ibu salah"
    assert stored.revoked_by == offices.supervisor
    event = AuditEvent.objects.get(action="documents.revoked")
    assert event.actor_id == offices.supervisor.pk
    assert event.data["reason"] == "Data ibu salah"


def test_a_city_admin_revokes_any_office_document(issue, offices):
    document = issue()
    document_revoke(document=document, reason="Dibatalkan", actor=offices.world.city_admin)
    assert IssuedDocument.objects.get(pk=document.pk).revoked_at is not None


@pytest.mark.parametrize("who", ["other_supervisor", "officer", "lurah", "resident", "anonymous"])
def test_revoke_is_refused_to_outsiders_and_changes_nothing(issue, offices, who):
    document = issue()
    actor = {
        "other_supervisor": offices.other_supervisor,  # another office's supervisor
        "officer": offices.officer,  # the issuing office's officer: not a manager
        "lurah": offices.world.lurah_sukarasa,
        "resident": offices.world.resident_user,
        "anonymous": AnonymousUser(),
    }[who]
    with unchanged(document), pytest.raises(PermissionDenied):
        document_revoke(document=document, reason="Coba-coba", actor=actor)


def test_revoke_needs_a_reason_and_happens_once(issue, offices):
    document = issue()
    with unchanged(document), pytest.raises(DomainError) as refused:
        document_revoke(document=document, reason="   ", actor=offices.supervisor)
    assert refused.value.code == "document_reason_required"
    document_revoke(document=document, reason="Salah", actor=offices.supervisor)
    with unchanged(document), pytest.raises(DomainError) as again:
        document_revoke(document=document, reason="Lagi", actor=offices.supervisor)
    assert again.value.code == "document_already_revoked"


def test_the_django_admin_revokes_through_the_service(issue, offices):
    document = issue()
    admin = offices.world.city_admin
    client = staff_client(admin)
    url = f"/admin/documents/issueddocument/{document.pk}/change/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"revoke_now": "Dicabut oleh admin"})
    assert response.status_code == 302, response.content.decode()[:2000]
    stored = IssuedDocument.objects.get(pk=document.pk)
    assert stored.revoke_reason == "Dicabut oleh admin"
    assert stored.revoked_by == admin
    assert AuditEvent.objects.filter(action="documents.revoked", actor_id=admin.pk).exists()


def test_the_django_admin_refuses_another_offices_admin(issue, offices):
    document = issue()
    other = make_staff("dlh.admin", offices.dlh, Membership.Role.ADMIN, is_staff=True)
    client = staff_client(other)
    url = f"/admin/documents/issueddocument/{document.pk}/change/"
    with unchanged(document):
        response = client.post(url, {"revoke_now": "Bukan kantor saya"})
    assert response.status_code == 403
    assert IssuedDocument.objects.get(pk=document.pk).revoked_at is None
