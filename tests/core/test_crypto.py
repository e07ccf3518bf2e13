from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidTag

from kotalive.core import crypto


@pytest.fixture(autouse=True)
def _fresh_keys():
    crypto._encryption_key.cache_clear()
    crypto._index_key.cache_clear()
    yield
    crypto._encryption_key.cache_clear()
    crypto._index_key.cache_clear()


NIK = "3671015708900001"


def test_encrypt_round_trips_and_hides_the_number():
    sealed = crypto.encrypt(NIK, context="nik")
    assert NIK not in sealed
    assert crypto.decrypt(sealed, context="nik") == NIK


def test_the_same_number_encrypts_differently_each_time():
    assert crypto.encrypt(NIK, context="nik") != crypto.encrypt(NIK, context="nik")


def test_tampered_ciphertext_is_refused():
    sealed = crypto.encrypt(NIK, context="nik")
    version, _, body = sealed.partition(":")
    raw = bytearray(base64.urlsafe_b64decode(body))
    raw[20] ^= 0x01  # one bit of the ciphertext itself, past the 12-byte nonce
    flipped = base64.urlsafe_b64encode(bytes(raw)).decode()
    with pytest.raises(InvalidTag):
        crypto.decrypt(f"{version}:{flipped}", context="nik")


def test_a_ciphertext_cannot_be_used_in_another_context():
    sealed = crypto.encrypt(NIK, context="nik")
    with pytest.raises(InvalidTag):
        crypto.decrypt(sealed, context="kk")


def test_an_unknown_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        crypto.decrypt("v0:abc", context="nik")


def test_blind_index_is_stable_and_context_bound():
    assert crypto.blind_index(NIK, context="nik") == crypto.blind_index(NIK, context="nik")
    assert crypto.blind_index(NIK, context="nik") != crypto.blind_index(NIK, context="kk")
    assert NIK not in crypto.blind_index(NIK, context="nik")


def test_blind_index_depends_on_its_key(settings):
    settings.PII_INDEX_KEY = "key-one"
    crypto._index_key.cache_clear()
    first = crypto.blind_index(NIK, context="nik")
    settings.PII_INDEX_KEY = "key-two"
    crypto._index_key.cache_clear()
    assert crypto.blind_index(NIK, context="nik") != first


def test_encryption_key_change_makes_old_ciphertext_unreadable(settings):
    settings.PII_ENCRYPTION_KEY = "key-one"
    crypto._encryption_key.cache_clear()
    sealed = crypto.encrypt(NIK, context="nik")
    settings.PII_ENCRYPTION_KEY = "key-two"
    crypto._encryption_key.cache_clear()
    with pytest.raises(InvalidTag):
        crypto.decrypt(sealed, context="nik")


def test_identity_numbers_are_masked():
    assert crypto.mask_identity_number(NIK) == "3671************"
    assert crypto.mask_identity_number("123") == "***"


def test_token_hash_is_deterministic_and_not_the_token():
    assert crypto.token_hash("abc") == crypto.token_hash("abc")
    assert crypto.token_hash("abc") != "abc"
