"""The JWS checked by another library (jwcrypto) with nothing but the published /verify/keys."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from jwcrypto import jwk, jws  # type: ignore[import-untyped]
from jwcrypto.common import JWException  # type: ignore[import-untyped]

from kotalive.documents.models import IssuedDocument, SigningKey
from kotalive.documents.services import signing_key_rotate
from kotalive.documents.signing import b64url

pytestmark = pytest.mark.django_db


def published_keys(client: Client) -> jwk.JWKSet:
    response = client.get("/verify/keys")
    assert response.status_code == 200
    return jwk.JWKSet.from_json(response.content)


def verified_claims(compact: str, keys: jwk.JWKSet) -> dict[str, Any]:
    """Verify as an outside party would: the kid from the header, the key from the set."""
    token = jws.JWS()
    token.deserialize(compact)
    key = keys.get_key(token.jose_header["kid"])
    assert key is not None, "the signing key is not published"
    token.verify(key, alg="EdDSA")
    claims: dict[str, Any] = json.loads(token.payload)
    return claims


def b64(data: dict[str, Any]) -> str:
    return b64url(json.dumps(data, separators=(",", ":")).encode())


def test_a_jose_library_verifies_the_document_with_only_the_published_keys(client, issue, settings):
    settings.SITE_URL = "https://kota.example"
    document = issue()
    claims = verified_claims(document.jws, published_keys(client))
    header = jws.JWS()
    header.deserialize(document.jws)
    assert header.jose_header == {"alg": "EdDSA", "kid": document.key.kid, "typ": "JWT"}
    assert claims["iss"] == "https://kota.example"
    assert claims["jti"] == document.code
    assert claims["iat"] == int(document.issued_at.timestamp())
    doc = claims["doc"]
    assert doc["title"] == ["Kutipan Akta Kelahiran", "Birth certificate extract"]
    assert doc["number"] == "3671-LT-03122026-0001"
    assert doc["holder"] == {"name": "Budi Santoso", "nik": "3671************"}
    assert doc["issuer"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert doc["facts"][0] == ["Nama anak", "Child's name", "Budi Santoso"]
    assert "valid_until" not in doc


def test_the_published_keys_are_okp_ed25519_jwks(client, issue):
    issue()
    response = client.get("/verify/keys")
    assert response["Content-Type"] == "application/jwk-set+json"
    assert "max-age=300" in response["Cache-Control"]
    body = json.loads(response.content)
    (key,) = body["keys"]
    assert set(key) == {"kty", "crv", "x", "kid", "use", "alg"}
    assert (key["kty"], key["crv"], key["use"], key["alg"]) == ("OKP", "Ed25519", "sig", "EdDSA")
    # The kid is the start of the key's RFC 7638 thumbprint, as jwcrypto computes it.
    assert jwk.JWK(**key).thumbprint().startswith(key["kid"])
    assert "d" not in key


def test_a_changed_payload_fails_and_the_page_says_invalid(client, issue):
    document = issue()
    head, payload, signature = document.jws.split(".")
    claims = json.loads(jws.base64url_decode(payload))
    claims["doc"]["holder"]["name"] = "Someone Else"
    forged = f"{head}.{b64(claims)}.{signature}"
    with pytest.raises(JWException):
        verified_claims(forged, published_keys(client))
    IssuedDocument.objects.filter(pk=document.pk).update(jws=forged, holder_name="Someone Else")
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Tanda tangan tidak sah" in page
    assert "Tanda tangan sah" not in page


def test_a_changed_signature_fails_and_the_page_says_invalid(client, issue):
    document = issue()
    head, payload, signature = document.jws.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    forged = f"{head}.{payload}.{flipped}"
    with pytest.raises(JWException):
        verified_claims(forged, published_keys(client))
    IssuedDocument.objects.filter(pk=document.pk).update(jws=forged)
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Tanda tangan tidak sah" in page


def test_a_row_changed_behind_a_valid_signature_is_shown_invalid(client, issue):
    document = issue()
    IssuedDocument.objects.filter(pk=document.pk).update(number="9999")
    page = client.get(f"/verify/{document.code}").content.decode()
    assert "Tanda tangan tidak sah" in page


def test_after_a_rotation_old_documents_still_verify_and_new_ones_use_the_new_key(client, issue):
    old = issue()
    old_kid = old.key.kid
    new_key = signing_key_rotate()
    new = issue(number="2")
    assert new.key.kid == new_key.kid != old_kid
    keys = published_keys(client)
    assert verified_claims(old.jws, keys)["jti"] == old.code
    assert verified_claims(new.jws, keys)["jti"] == new.code
    header = jws.JWS()
    header.deserialize(new.jws)
    assert header.jose_header["kid"] == new_key.kid
    statuses = dict(SigningKey.objects.values_list("kid", "status"))
    assert statuses == {old_kid: "retired", new_key.kid: "active"}
    body = json.loads(client.get("/verify/keys").content)
    assert [k["kid"] for k in body["keys"]] == [new_key.kid, old_kid]
    assert "Tanda tangan sah" in client.get(f"/verify/{old.code}").content.decode()


def test_the_rotation_command_makes_a_new_active_key(issue, capsys):
    old = issue()
    call_command("documents_rotate_key")
    active = SigningKey.objects.get(status="active")
    assert active.kid != old.key.kid
    assert active.kid in capsys.readouterr().out
    retired = SigningKey.objects.get(kid=old.key.kid)
    assert retired.status == "retired"
    assert retired.retired_at is not None


def test_the_private_key_is_stored_encrypted(issue):
    document = issue()
    key = document.key
    assert key.private_key.startswith("v1:")
    assert "d" not in key.public_jwk
