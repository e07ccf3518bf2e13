"""The PDF: its QR code (read back with pypdf and zxing-cpp) and the upload check."""

from __future__ import annotations

import io
import json

import pypdf
import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from jwcrypto import jwk, jws  # type: ignore[import-untyped]

from kotalive.documents.forms import MAX_PDF_BYTES
from kotalive.documents.pdf import QR_MAX_CHARS
from kotalive.documents.selectors import document_pdf, document_url
from kotalive.documents.services import Fact, document_revoke
from kotalive.documents.signing import b64url
from tests.documents.conftest import NIK

pytestmark = pytest.mark.django_db


def qr_text(pdf: bytes) -> str:
    (page,) = pypdf.PdfReader(io.BytesIO(pdf)).pages
    (image,) = page.images
    (barcode,) = zxingcpp.read_barcodes(image.image)
    assert barcode.format == zxingcpp.BarcodeFormat.QRCode
    return str(barcode.text)


def test_the_qr_code_holds_the_verify_url_and_the_jws_which_verifies(client, issue, settings):
    settings.SITE_URL = "https://kota.example"
    document = issue()
    text = qr_text(document_pdf(document=document))
    assert text == f"https://kota.example/verify/{document.code}#{document.jws}"
    assert document_url(document=document) == text.partition("#")[0]
    keys = jwk.JWKSet.from_json(client.get("/verify/keys").content)
    token = jws.JWS()
    token.deserialize(text.partition("#")[2])
    token.verify(keys.get_key(token.jose_header["kid"]), alg="EdDSA")
    assert json.loads(token.payload)["jti"] == document.code


def test_the_pdf_says_the_facts_in_both_languages_and_never_the_clear_nik(issue):
    document = issue(holder_name="Đorđe Nguyễn")
    pdf = document_pdf(document=document)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = reader.pages[0].extract_text()
    for words in (
        "Kutipan Akta Kelahiran",
        "Birth certificate extract",
        "Tempat lahir",
        "Place of birth",
        "3671-LT-03122026-0001",
        "3671************",
        "Dorde Nguyen",
        "Dinas Kependudukan dan Pencatatan Sipil",
        "Halaman / Page 1/1",
    ):
        assert words in text
    assert NIK not in text
    assert NIK.encode() not in pdf
    assert reader.metadata is not None
    assert reader.metadata.subject == document.jws


def upload(client, data: bytes, name: str = "akta.pdf"):
    return client.post("/verify/", {"pdf": SimpleUploadedFile(name, data, "application/pdf")})


def test_the_genuine_pdf_passes_the_upload_check(client, issue):
    document = issue()
    response = upload(client, document_pdf(document=document))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Berkas ini adalah dokumen yang diterbitkan pemerintah kota, tanpa perubahan." in page
    assert document.code in page
    assert "Tanda tangan sah" in page


def test_a_pdf_with_one_byte_changed_fails_the_upload_check(client, issue):
    document = issue()
    pdf = bytearray(document_pdf(document=document))
    # The document's number in the (uncompressed) title of the PDF's metadata: ...0001 to ...0002.
    where = pdf.index(b"3671-LT-03122026-0001") + len("3671-LT-03122026-000")
    pdf[where] = ord("2")
    page = upload(client, bytes(pdf)).content.decode()
    assert "Berkas ini bukan dokumen yang diterbitkan pemerintah kota" in page
    assert document.code not in page


def test_the_upload_check_says_a_revoked_document_is_revoked(client, issue, offices):
    document = issue()
    document_revoke(document=document, reason="Salah data", actor=offices.supervisor)
    page = upload(client, document_pdf(document=document)).content.decode()
    assert "tanpa perubahan" in page
    assert "Dicabut" in page
    assert "Salah data" in page


def test_a_file_that_is_not_a_pdf_is_a_form_error(client, issue):
    issue()
    response = upload(client, b"GIF89a not a pdf", "foto.gif")
    assert response.status_code == 400
    assert "Berkas ini bukan PDF." in response.content.decode()


def test_an_oversize_upload_is_a_form_error(client, issue):
    response = upload(client, b"%PDF-1.4\n" + b"0" * MAX_PDF_BYTES)
    assert response.status_code == 400
    assert "lebih besar dari 5 MB" in response.content.decode()


def test_an_empty_upload_is_a_form_error(client):
    response = client.post("/verify/", {})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode() or "errorlist" in response.content.decode()


def test_the_check_page_shows_both_forms(client):
    page = client.get("/verify/").content.decode()
    assert 'action="/verify/"' in page
    assert 'enctype="multipart/form-data"' in page
    assert 'action="/verify/jws"' in page


def test_a_pasted_qr_text_is_checked(client, issue):
    document = issue()
    text = f"https://x.example/verify/{document.code}#{document.jws}"
    page = client.post("/verify/jws", {"jws": text}).content.decode()
    assert "Tanda tangan cocok" in page
    assert document.code in page
    head, payload, signature = document.jws.split(".")
    claims = json.loads(jws.base64url_decode(payload))
    claims["doc"]["number"] = "0000"
    forged = f"{head}.{b64url(json.dumps(claims).encode())}.{signature}"
    page = client.post("/verify/jws", {"jws": forged}).content.decode()
    assert "Tanda tangan tidak cocok" in page
    response = client.post("/verify/jws", {"jws": "hello"})
    assert response.status_code == 400
    assert "Ini bukan teks kode QR sebuah dokumen." in response.content.decode()


def test_a_document_too_long_for_the_qr_code_gets_the_address_alone(client, issue, settings):
    settings.SITE_URL = "https://kota.example"
    facts = [
        Fact(label_id=f"Keterangan {n}", label_en=f"Fact {n}", value="Panjang sekali " * 8)
        for n in range(20)
    ]
    document = issue(facts=facts)
    assert len(document.jws) > QR_MAX_CHARS
    reader = pypdf.PdfReader(io.BytesIO(document_pdf(document=document)))
    images = [image for page in reader.pages for image in page.images]
    (barcode,) = zxingcpp.read_barcodes(images[0].image)
    assert barcode.text == f"https://kota.example/verify/{document.code}"
    assert reader.metadata is not None
    assert reader.metadata.subject == document.jws
    assert "Tanda tangan sah" in client.get(f"/verify/{document.code}").content.decode()
