"""Issuing: what is stored (masked NIK, facts, PDF and its hash, the key), and the audit."""

from __future__ import annotations

import hashlib

import pytest

from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent
from kotalive.documents.models import IssuedDocument, SigningKey
from kotalive.documents.selectors import document_get_by_code, document_pdf, document_url
from kotalive.documents.services import Fact
from tests.documents.conftest import NIK
from tests.world import unchanged

pytestmark = pytest.mark.django_db


def test_first_issue_makes_the_one_active_key(issue):
    assert SigningKey.objects.count() == 0
    first = issue()
    second = issue(number="2")
    assert SigningKey.objects.filter(status="active").count() == 1
    assert first.key_id == second.key_id


def test_issue_stores_the_facts_the_pdf_and_its_hash(issue, offices, settings):
    settings.SITE_URL = "https://kota.example"
    document = issue()
    stored = document_get_by_code(code=document.code)
    assert stored is not None
    assert stored.holder_nik_masked == "3671************"
    assert stored.issuer_name == "Dinas Kependudukan dan Pencatatan Sipil"
    assert stored.facts[0] == {
        "label_id": "Nama anak",
        "label_en": "Child's name",
        "value": "Budi Santoso",
    }
    pdf = document_pdf(document=stored)
    assert pdf.startswith(b"%PDF-")
    assert stored.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    assert document_url(document=stored) == f"https://kota.example/verify/{document.code}"
    assert len(document.code) == 12
    event = AuditEvent.objects.get(action="documents.issued")
    assert event.target_id == str(document.pk)
    assert event.actor_id == offices.officer.pk


def test_codes_are_unique_and_random(issue):
    codes = {issue(number=str(n)).code for n in range(5)}
    assert len(codes) == 5


def test_the_nik_is_never_stored_in_clear(issue):
    document = issue()
    row = IssuedDocument.objects.filter(pk=document.pk).values().get()
    for name, value in row.items():
        if isinstance(value, (bytes, memoryview)):
            assert NIK.encode() not in bytes(value), name
        else:
            assert NIK not in str(value), name
    assert not any(NIK in str(e.data) for e in AuditEvent.objects.all())


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        ({"holder_nik": "12345"}, "document_nik_invalid"),
        ({"title_id": "  "}, "document_title_invalid"),
        ({"facts": [Fact(label_id="Nama", label_en="Name", value="")]}, "document_fact_invalid"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_stored(issue, overrides, code):
    issue()  # the key exists, so that only the document could be added
    with unchanged(IssuedDocument, SigningKey), pytest.raises(DomainError) as refused:
        issue(**overrides)
    assert refused.value.code == code


def test_a_document_without_a_nik_is_issued_without_one(issue):
    document = issue(holder_nik=None)
    assert document.holder_nik_masked == ""
