"""Structure checks for NIK and No. KK numbers: pure functions, one DomainError code per fault.

A NIK is `PPKKCC DDMMYY SSSS` (province, kab/kota, kecamatan of first issue, birth date with 40
added to the day for women, serial); a No. KK is `PPKKCC DDMMYY SSSS` with the recording date.
We check structure only: a region prefix that is not in today's region list is NOT refused,
because regions split and get new codes while old NIKs stay valid.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kotalive.core.errors import DomainError

# Province codes as ranges of the Kemendagri numbering (structural, not today's exact list).
_PROVINCE_RANGES = ((11, 19), (31, 36), (51, 53), (61, 65), (71, 76), (81, 82), (91, 96))
# People type numbers with spaces, dots or dashes as printed on cards; those are not faults.
_SEPARATORS = re.compile(r"[\s.\-]")


@dataclass(frozen=True)
class NikInfo:
    number: str
    region: str  # PPKKCC
    birth_date: dt.date
    sex: str  # "M" or "F"
    serial: str


@dataclass(frozen=True)
class KkInfo:
    number: str
    region: str
    recorded_on: dt.date
    serial: str


def normalise_number(raw: str) -> str:
    return _SEPARATORS.sub("", raw or "")


def _province_ok(code: int) -> bool:
    return any(low <= code <= high for low, high in _PROVINCE_RANGES)


def _two_digit_year_date(day: int, month: int, yy: int, *, today: dt.date) -> dt.date | None:
    """The most recent existing date with these parts that is not in the future, or None.

    Two-digit years are ambiguous; a date of birth or of recording cannot be in the future, so the
    2000s are tried first and the 1900s when that would be in the future or does not exist.
    """
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    return None


def _check_shape(number: str, kind: str) -> None:
    label = "NIK" if kind == "nik" else _("KK number")
    if number and not (number.isdigit() and number.isascii()):
        raise DomainError(
            f"{kind}_not_digits",
            _("The %(label)s may contain digits only.") % {"label": label},
            field=kind,
        )
    if len(number) != 16:
        raise DomainError(
            f"{kind}_length",
            _("The %(label)s must have exactly 16 digits; this one has %(count)d.")
            % {"label": label, "count": len(number)},
            field=kind,
        )


def _check_region(number: str, kind: str) -> None:
    if not _province_ok(int(number[0:2])):
        raise DomainError(
            f"{kind}_province",
            _("The first two digits (%(code)s) are not a province code.") % {"code": number[0:2]},
            field=kind,
        )
    if number[2:4] == "00":
        raise DomainError(
            f"{kind}_regency",
            _("Digits 3–4 (the regency or city) cannot be 00."),
            field=kind,
        )
    if number[4:6] == "00":
        raise DomainError(
            f"{kind}_district",
            _("Digits 5–6 (the kecamatan) cannot be 00."),
            field=kind,
        )


def _check_serial(number: str, kind: str) -> None:
    if number[12:16] == "0000":
        raise DomainError(
            f"{kind}_serial",
            _("The last four digits (the serial) cannot be 0000."),
            field=kind,
        )


def validate_nik(raw: str, *, today: dt.date | None = None) -> NikInfo:
    """Check a NIK's structure and decode it; raise DomainError with a precise code otherwise."""
    number = normalise_number(raw)
    _check_shape(number, "nik")
    _check_region(number, "nik")
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    sex = "F" if day > 40 else "M"
    birth_day = day - 40 if day > 40 else day
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise DomainError(
            "nik_birth_day",
            _("Digits 7–8 (%(day)s) are not a day of birth: 01–31, or 41–71 for women.")
            % {"day": number[6:8]},
            field="nik",
        )
    if not 1 <= month <= 12:
        raise DomainError(
            "nik_birth_month",
            _("Digits 9–10 (%(month)s) are not a month: 01–12.") % {"month": number[8:10]},
            field="nik",
        )
    birth_date = _two_digit_year_date(birth_day, month, yy, today=today or timezone.localdate())
    if birth_date is None:
        raise DomainError(
            "nik_birth_date",
            _("Digits 7–12 do not form a real date of birth in the past."),
            field="nik",
        )
    _check_serial(number, "nik")
    return NikInfo(
        number=number, region=number[:6], birth_date=birth_date, sex=sex, serial=number[12:]
    )


def validate_kk(raw: str, *, today: dt.date | None = None) -> KkInfo:
    """Check a No. KK's structure and decode it; raise DomainError with a precise code otherwise."""
    number = normalise_number(raw)
    _check_shape(number, "kk")
    _check_region(number, "kk")
    day, month, yy = int(number[6:8]), int(number[8:10]), int(number[10:12])
    recorded_on = None
    if 1 <= day <= 31 and 1 <= month <= 12:
        recorded_on = _two_digit_year_date(day, month, yy, today=today or timezone.localdate())
    if recorded_on is None:
        raise DomainError(
            "kk_record_date",
            _("Digits 7–12 of the KK number do not form a real recording date (DDMMYY)."),
            field="kk",
        )
    _check_serial(number, "kk")
    return KkInfo(number=number, region=number[:6], recorded_on=recorded_on, serial=number[12:])
