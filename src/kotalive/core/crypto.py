"""Personal-data protection: AES-GCM encryption at rest and a keyed blind index for look-ups.

The blind index (HMAC-SHA256 under its own key) lets us find a NIK without decrypting every row,
and reveals nothing about the number to someone who reads the database without the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from functools import cache

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_VERSION = "v1"


def _derive(material: str, purpose: bytes) -> bytes:
    return HKDF(algorithm=SHA256(), length=32, salt=b"kotalive-pii", info=purpose).derive(
        material.encode()
    )


@cache
def _encryption_key() -> bytes:
    return _derive(settings.PII_ENCRYPTION_KEY or settings.SECRET_KEY, b"encrypt")


@cache
def _index_key() -> bytes:
    return _derive(settings.PII_INDEX_KEY or settings.SECRET_KEY, b"blind-index")


def encrypt(plaintext: str, *, context: str) -> str:
    """Encrypt; `context` (e.g. "nik") is bound as associated data: ciphertexts can't be swapped."""
    nonce = os.urandom(12)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{_VERSION}:{base64.urlsafe_b64encode(nonce + sealed).decode()}"


def decrypt(token: str, *, context: str) -> str:
    version, _, body = token.partition(":")
    if version != _VERSION:
        raise ValueError("unknown ciphertext version")
    raw = base64.urlsafe_b64decode(body.encode())
    return AESGCM(_encryption_key()).decrypt(raw[:12], raw[12:], context.encode()).decode()


def blind_index(value: str, *, context: str) -> str:
    return hmac.new(_index_key(), f"{context}:{value}".encode(), hashlib.sha256).hexdigest()


def token_hash(raw: str) -> str:
    """Hash of a high-entropy secret (API token, one-time code) for storage; not for passwords."""
    return hashlib.sha256(raw.encode()).hexdigest()


MASK_VISIBLE = 4


def mask_identity_number(number: str) -> str:
    """Show the province and regency/city code only: 3671************.

    A NIK is `PPKKCC DDMMYY SSSS`. Wherever a number is shown, the holder's kelurahan (so the
    kecamatan `CC`), birth date and sex (so `DDMMYY`, women's day + 40) are usually shown beside
    it; the serial `SSSS` is the only part they do not give away, and serials are small numbers
    (they count people of one kecamatan born on one day), so even one visible serial digit narrows
    the number to a handful. The old mask `3671********0001` hid exactly the derivable digits and
    showed the serial: the whole number could be rebuilt. So everything after the city is hidden,
    and two people of one kelurahan born on the same day look the same. A KK number
    (`PPKKCC DDMMYY SSSS`, the recording date) is masked the same way. Anything that is not
    16 characters long is hidden entirely.
    """
    if len(number) != 16:
        return "*" * len(number)
    return number[:MASK_VISIBLE] + "*" * (16 - MASK_VISIBLE)
