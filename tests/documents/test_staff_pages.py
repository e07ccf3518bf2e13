"""The back office's issued documents: listed and revoked by the issuing office's managers only."""

from __future__ import annotations

import pytest

from kotalive.documents.models import IssuedDocument
from tests.world import staff_client, unchanged

pytestmark = pytest.mark.django_db


def test_the_issuing_supervisor_lists_and_revokes_a_document(issue, offices, client):
    document = issue()
    staff = staff_client(offices.supervisor)
    listing = staff.get("/staff/dokumen/").content.decode()
    assert document.number in listing
    assert f"/staff/dokumen/{document.code}/" in listing
    url = f"/staff/dokumen/{document.code}/"
    assert "Cabut dokumen ini" in staff.get(url).content.decode()
    response = staff.post(url, {"reason": "Nama ibu salah ketik"}, follow=True)
    assert "Dokumen telah dicabut." in response.content.decode()
    stored = IssuedDocument.objects.get(pk=document.pk)
    assert stored.revoke_reason == "Nama ibu salah ketik"
    assert stored.revoked_by == offices.supervisor
    assert "Nama ibu salah ketik" in client.get(f"/verify/{document.code}").content.decode()


def test_an_empty_reason_is_a_form_error_and_changes_nothing(issue, offices):
    document = issue()
    staff = staff_client(offices.supervisor)
    with unchanged(document):
        response = staff.post(f"/staff/dokumen/{document.code}/", {"reason": ""})
    assert response.status_code == 400


def test_another_offices_supervisor_neither_sees_nor_revokes(issue, offices):
    document = issue()
    outsider = staff_client(offices.other_supervisor)
    assert document.number not in outsider.get("/staff/dokumen/").content.decode()
    url = f"/staff/dokumen/{document.code}/"
    assert outsider.get(url).status_code == 403
    with unchanged(document):
        assert outsider.post(url, {"reason": "Bukan urusan saya"}).status_code == 403


def test_an_officer_without_a_managing_role_is_refused_the_pages(issue, offices):
    document = issue()
    officer = staff_client(offices.officer)
    assert officer.get("/staff/dokumen/").status_code == 403
    with unchanged(document):
        response = officer.post(f"/staff/dokumen/{document.code}/", {"reason": "Coba"})
    assert response.status_code == 403


def test_a_resident_and_anonymous_visitors_are_kept_out(issue, offices, client, resident_client):
    document = issue()
    url = f"/staff/dokumen/{document.code}/"
    with unchanged(document):
        assert client.post(url, {"reason": "x"}).status_code == 302  # to the staff sign-in
        resident = resident_client(offices.world.resident_user)
        assert resident.post(url, {"reason": "x"}).status_code == 403


def test_a_city_admin_finds_any_document_by_code(issue, offices):
    document = issue()
    issue(number="other")
    admin = staff_client(offices.world.city_admin)
    page = admin.get("/staff/dokumen/", {"q": document.code}).content.decode()
    assert document.number in page
    assert ">other<" not in page
