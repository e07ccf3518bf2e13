"""The public verify page: facts (NIK masked), signature, state; unknown codes; languages."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kotalive.documents.services import document_revoke
from tests.documents.conftest import NIK

pytestmark = pytest.mark.django_db


def test_the_page_shows_the_facts_and_says_genuine_and_in_force(client, issue):
    document = issue(valid_until=timezone.localdate() + timedelta(days=30))
    response = client.get(f"/verify/{document.code}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kutipan Akta Kelahiran" in page
    assert "3671-LT-03122026-0001" in page
    assert "Budi Santoso" in page
    assert "Tempat lahir" in page
    assert "Tangerang" in page
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page
    assert "Tanda tangan sah" in page
    assert "Berlaku" in page
    assert "Tidak dicabut; berlaku sampai" in page
    assert "3671************" in page
    assert NIK not in page


def test_the_page_in_english_shows_english_labels(client, issue):
    document = issue()
    client.post("/i18n/setlang/", {"language": "en"})
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Birth certificate extract" in page
    assert "Place of birth" in page
    assert "Signature valid" in page


def test_the_page_costs_one_query_and_none_once_rendered_for_anonymous_visitors(
    client, issue, resident_client, offices
):
    document = issue()
    url = f"/verify/{document.code}"
    with CaptureQueriesContext(connection) as queries:
        first = client.get(url)
    assert len(queries) == 1, [q["sql"] for q in queries]
    assert "pdf" not in queries[0]["sql"].split("FROM")[0].replace("pdf_sha256", "")
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0
    assert again.content.decode().count("Tanda tangan sah") == 1
    # The cached page carries this response's own CSRF token (the language switch posts it).
    assert "documents-csrf-placeholder" not in again.content.decode()
    assert again.cookies["csrftoken"].value
    assert first.status_code == again.status_code == 200
    # A signed-in visitor's page is rendered for them (their header), from the database.
    signed_in = resident_client(offices.world.resident_user)
    assert "Tanda tangan sah" in signed_in.get(url).content.decode()


def test_a_revocation_shows_at_once_on_a_page_already_rendered(
    client, issue, offices, django_capture_on_commit_callbacks
):
    document = issue()
    url = f"/verify/{document.code}"
    assert "Tidak dicabut" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        document_revoke(document=document, reason="Data salah", actor=offices.supervisor)
    page = client.get(url).content.decode()
    assert "Dicabut pada" in page
    assert "Data salah" in page


def test_an_unknown_code_is_a_404_page_that_says_so(client, issue):
    issue()
    response = client.get("/verify/AAAAAAAAAAAA")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Dokumen tidak ditemukan" in page
    assert "AAAAAAAAAAAA" in page


def test_a_revoked_document_says_revoked_with_date_and_reason(client, issue, offices):
    document = issue()
    document_revoke(
        document=document, reason="Diterbitkan atas data yang salah", actor=offices.supervisor
    )
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Dicabut" in page
    assert "Diterbitkan atas data yang salah" in page
    assert timezone.localdate().strftime("%Y") in page
    # Revocation is a state, not a signature: the signature still holds.
    assert "Tanda tangan sah" in page
    assert "Tidak dicabut" not in page


def test_an_expired_document_says_expired(client, issue):
    document = issue(valid_until=date(2020, 1, 31))
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Kedaluwarsa" in page
    assert "31 Januari 2020" in page
    assert "Tanda tangan sah" in page


def test_a_name_outside_latin_1_is_shown_exactly_on_the_page(client, issue):
    document = issue(holder_name="Đorđe Nguyễn")
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Đorđe Nguyễn" in page
    assert "Tanda tangan sah" in page
