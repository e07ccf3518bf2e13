from __future__ import annotations

import datetime as dt

import pytest

from kotalive.civil_registry.numbers import validate_kk, validate_nik
from kotalive.core.errors import DomainError

TODAY = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("367101170885001", "nik_length"),
        ("36710117088500011", "nik_length"),
        ("", "nik_length"),
        ("3671O11708850001", "nik_not_digits"),
        ("367101170885000١", "nik_not_digits"),  # an Arabic-Indic digit is not an ASCII digit
        ("1071011708850001", "nik_province"),
        ("2071011708850001", "nik_province"),
        ("9771011708850001", "nik_province"),
        ("3600011708850001", "nik_regency"),
        ("3671001708850001", "nik_district"),
        ("3671010008850001", "nik_birth_day"),
        ("3671013208850001", "nik_birth_day"),
        ("3671014008850001", "nik_birth_day"),
        ("3671017208850001", "nik_birth_day"),
        ("3671011700850001", "nik_birth_month"),
        ("3671011713850001", "nik_birth_month"),
        ("3671013102850001", "nik_birth_date"),  # 31 February
        ("3671017102850001", "nik_birth_date"),  # 31 February, a woman
        ("3671012902230001", "nik_birth_date"),  # 29 February in neither 2023 nor 1923
        ("3671011708850000", "nik_serial"),
    ],
)
def test_each_nik_fault_has_its_own_error(nik, code):
    with pytest.raises(DomainError) as caught:
        validate_nik(nik, today=TODAY)
    assert caught.value.code == code
    assert caught.value.field == "nik"
    assert str(caught.value.message)


def test_a_valid_nik_is_decoded_with_sex_and_birth_date():
    man = validate_nik("3671011708850001", today=TODAY)
    assert (man.region, man.birth_date, man.sex, man.serial) == (
        "367101",
        dt.date(1985, 8, 17),
        "M",
        "0001",
    )
    woman = validate_nik("3671015203880001", today=TODAY)
    assert (woman.birth_date, woman.sex) == (dt.date(1988, 3, 12), "F")


def test_separators_typed_from_the_card_are_accepted():
    assert validate_nik("3671 0117 0885 0001", today=TODAY).number == "3671011708850001"
    assert validate_nik("3671-0117-0885-0001", today=TODAY).number == "3671011708850001"


def test_a_region_prefix_not_in_todays_list_is_not_refused():
    # Province 96 (Papua Barat Daya) and a kota code unknown to our region table.
    assert validate_nik("9699011708850001", today=TODAY).region == "969901"


def test_a_birth_date_that_would_be_in_the_future_belongs_to_the_last_century():
    # 31 Dec 26 is after "today" in 2026, so the person was born in 1926.
    assert validate_nik("3671013112260001", today=TODAY).birth_date == dt.date(1926, 12, 31)


def test_a_message_is_translated_to_indonesian():
    with pytest.raises(DomainError) as caught:
        validate_nik("123", today=TODAY)
    assert str(caught.value.message) == "NIK harus tepat 16 digit; yang ini 3 digit."


@pytest.mark.parametrize(
    ("kk", "code"),
    [
        ("367101200112001", "kk_length"),
        ("36710120011200011", "kk_length"),
        ("3671012001120O01", "kk_not_digits"),
        ("2071012001120001", "kk_province"),
        ("3600012001120001", "kk_regency"),
        ("3671002001120001", "kk_district"),
        ("3671010001120001", "kk_record_date"),
        ("3671014101120001", "kk_record_date"),  # no +40 in a KK
        ("3671012013120001", "kk_record_date"),
        ("3671013002120001", "kk_record_date"),  # 30 February
        ("3671012001120000", "kk_serial"),
    ],
)
def test_each_kk_fault_has_its_own_error(kk, code):
    with pytest.raises(DomainError) as caught:
        validate_kk(kk, today=TODAY)
    assert caught.value.code == code
    assert caught.value.field == "kk"


def test_a_valid_kk_is_decoded():
    info = validate_kk("3671012001120001", today=TODAY)
    assert (info.region, info.recorded_on, info.serial) == ("367101", dt.date(2012, 1, 20), "0001")
