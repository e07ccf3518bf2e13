"""Compact JWS (RFC 7515) with EdDSA over Ed25519 (RFC 8037), written with `cryptography` alone.

Only what a document needs: make a key pair and its JWK, sign a claims set, check a compact JWS
against a public JWK. The check is a pure function of (JWS, public key), so its result is kept
per process (`jws_verify`): the verify page, the busiest read, then costs no signature check.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)

from kotalive.core.crypto import decrypt, encrypt

ALG = "EdDSA"
TYP = "JWT"
PRIVATE_KEY_CONTEXT = "signing-key"
# Characters of the RFC 7638 thumbprint kept as the kid: unique among a city's few keys, and
# short, since the header travels in every QR code.
KID_LENGTH = 16


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not text.isascii():
        raise ValueError("not base64url")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _canonical(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False, sort_keys=False).encode()


@dataclass(frozen=True)
class KeyMaterial:
    kid: str
    public_jwk: dict[str, str]
    private_key_sealed: str


def key_generate() -> KeyMaterial:
    """A new Ed25519 key pair: its kid (a JWK thumbprint), public JWK and sealed private key."""
    private = Ed25519PrivateKey.generate()
    raw_public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    jwk = {"kty": "OKP", "crv": "Ed25519", "x": b64url(raw_public)}
    # RFC 7638: the members crv, kty, x in lexicographic order, no whitespace.
    thumbprint = hashlib.sha256(
        _canonical({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"]})
    ).digest()
    raw_private = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return KeyMaterial(
        kid=b64url(thumbprint)[:KID_LENGTH],
        public_jwk=jwk,
        private_key_sealed=encrypt(b64url(raw_private), context=PRIVATE_KEY_CONTEXT),
    )


@lru_cache(maxsize=16)
def _private_key(sealed: str) -> Ed25519PrivateKey:
    raw = b64url_decode(decrypt(sealed, context=PRIVATE_KEY_CONTEXT))
    return Ed25519PrivateKey.from_private_bytes(raw)


def jws_sign(*, claims: dict[str, Any], kid: str, private_key_sealed: str) -> str:
    """The compact serialisation of `claims` signed with the key."""
    header = {"alg": ALG, "kid": kid, "typ": TYP}
    signing_input = f"{b64url(_canonical(header))}.{b64url(_canonical(claims))}"
    signature = _private_key(private_key_sealed).sign(signing_input.encode("ascii"))
    return f"{signing_input}.{b64url(signature)}"


@dataclass(frozen=True)
class Parsed:
    header: dict[str, Any]
    claims: dict[str, Any]


def jws_parse(jws: str) -> Parsed | None:
    """Header and claims of a compact JWS, unchecked; None if it is not one."""
    parts = jws.strip().split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(b64url_decode(parts[0]))
        claims = json.loads(b64url_decode(parts[1]))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return None
    return Parsed(header=header, claims=claims)


@lru_cache(maxsize=8192)
def jws_verify(jws: str, x: str) -> bool:
    """Does the compact JWS carry a valid EdDSA signature by the Ed25519 public key `x`?"""
    parts = jws.strip().split(".")
    parsed = jws_parse(jws)
    if parsed is None or parsed.header.get("alg") != ALG:
        return False
    try:
        public = Ed25519PublicKey.from_public_bytes(b64url_decode(x))
        public.verify(b64url_decode(parts[2]), f"{parts[0]}.{parts[1]}".encode("ascii"))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True
