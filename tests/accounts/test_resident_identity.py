from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection

from kotalive.accounts.models import ResidentIdentity
from kotalive.accounts.selectors import household_of
from kotalive.accounts.services import identity_verify
from kotalive.core.errors import DomainError, RateLimited
from kotalive.core.models import AuditEvent
from tests.accounts.conftest import FAMILY, KK, OTHER, OTHER_KK
from tests.world import unchanged

pytestmark = pytest.mark.django_db

HEAD = FAMILY[0]


def _verify(actor, **overrides):
    data: dict[str, Any] = {
        "nik": HEAD.nik,
        "kk": KK,
        "full_name": HEAD.full_name,
        "birth_date": HEAD.birth_date,
        "ip": "10.0.0.1",
    }
    data.update(overrides)
    return identity_verify(actor=actor, **data)


def test_a_resident_verifies_the_nik_and_gets_the_household(family, resident):
    identity = _verify(resident, full_name="  budi   SANTOSO ")
    assert identity.nik_masked == "3671************"
    assert identity.kk_masked == "3671************"
    assert identity.full_name == "Budi Santoso"
    assert identity.kelurahan is not None
    assert identity.kelurahan.code == "36.71.01.1001"
    assert identity.sex == "M"
    names = [m.full_name for m in household_of(actor=resident)]
    assert names == ["Budi Santoso", "Siti Rahmawati", "Andi Pratama"]
    event = AuditEvent.objects.get(action="resident.identity_verified")
    assert event.actor == resident
    assert HEAD.nik not in str(event.data)


@pytest.mark.parametrize(
    "overrides",
    [
        {"full_name": "Budi Santosa"},
        {"birth_date": dt.date(1984, 8, 17)},  # same DDMM and a different century is no match
        {"kk": OTHER_KK},
    ],
)
def test_a_mismatch_with_the_registry_is_refused(family, resident, overrides):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident, **overrides)
    assert caught.value.code in {"identity_mismatch", "nik_birth_date_mismatch"}
    assert not ResidentIdentity.objects.exists()


def test_a_wrong_name_gets_the_generic_mismatch(family, resident):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident, full_name="Someone Else")
    assert caught.value.code == "identity_mismatch"


def test_a_nik_of_another_kk_is_refused(family, resident):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(
            resident, nik=OTHER.nik, full_name=OTHER.full_name, birth_date=OTHER.birth_date, kk=KK
        )
    assert caught.value.code == "identity_mismatch"


def test_a_birth_date_not_matching_the_nik_is_a_precise_error(family, resident):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident, birth_date=dt.date(1985, 8, 18))
    assert (caught.value.code, caught.value.field) == ("nik_birth_date_mismatch", "birth_date")


def test_an_unknown_nik_is_refused(family, resident):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident, nik="3671011708850009")
    assert caught.value.code == "nik_not_registered"


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("12345", "nik_length"),
        ("3671O11708850001", "nik_not_digits"),
        ("2071011708850001", "nik_province"),
        ("3600011708850001", "nik_regency"),
        ("3671001708850001", "nik_district"),
        ("3671013208850001", "nik_birth_day"),
        ("3671011713850001", "nik_birth_month"),
        ("3671013102850001", "nik_birth_date"),
        ("3671011708850000", "nik_serial"),
    ],
)
def test_each_nik_fault_is_reported_by_the_verification(family, resident, nik, code):
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident, nik=nik)
    assert caught.value.code == code


def test_a_nik_bound_to_another_account_is_refused(family, resident, outsider):
    _verify(resident)
    with unchanged(outsider, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(outsider)
    assert (caught.value.code, caught.value.status) == ("nik_already_verified", 409)
    assert ResidentIdentity.objects.count() == 1


def test_verifying_twice_is_refused(family, resident):
    _verify(resident)
    with unchanged(resident, ResidentIdentity), pytest.raises(DomainError) as caught:
        _verify(resident)
    assert caught.value.code == "identity_already_verified"


def test_verification_attempts_are_rate_limited_per_user(family, resident, outsider, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "nik_verify": "2/3600"}
    for _ in range(2):
        with pytest.raises(DomainError):
            _verify(resident, full_name="Wrong Name")
    with pytest.raises(RateLimited):
        _verify(resident)
    # Someone else still may.
    assert _verify(outsider).pk


def test_the_nik_is_not_readable_in_the_database(family, resident):
    _verify(resident)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_residentidentity")
        rows = cursor.fetchall()
        cursor.execute("SELECT data FROM core_auditevent")
        audit = cursor.fetchall()
    raw = " ".join(str(value) for row in rows + audit for value in row)
    assert rows
    assert HEAD.nik not in raw
    assert KK not in raw


def test_the_household_needs_a_verified_nik(resident):
    with pytest.raises(DomainError) as caught:
        household_of(actor=resident)
    assert (caught.value.code, caught.value.status) == ("identity_required", 403)
