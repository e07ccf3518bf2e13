"""Civil registration's rules and effects for the applications engine.

The engine finds this module in every installed app at start-up and reads `VALIDATORS` and
`EFFECTS`; nothing here imports the engine. A definition names a hook and, in its params, which
answer keys it reads (`{"birth_date": "child_birth_date", "late": "late_registration"}`), so the
same rule serves every form. A key `group.key` reads `key` in every entry of the repeatable group
`group`, and an error then points at `group.<i>.key`.

Validators return every fault they find (an empty list: the answers pass); they leave a missing
answer to the engine's own "required" check. Every registry read goes through the
population-registry port.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from django.utils.translation import gettext as _

from kotalive.civil_registry.numbers import validate_nik
from kotalive.civil_registry.registry import PersonRecord, get_registry
from kotalive.core.errors import DomainError

# What counts as "yes" in a choice answer that chooses the late path, unless params say
# (`late_equals`).
_YES = frozenset({"yes", "ya", "y", "true", "1", "late", "terlambat"})
_SEX = {
    "m": "M", "l": "M", "male": "M", "laki-laki": "M", "laki_laki": "M",
    "f": "F", "p": "F", "female": "F", "perempuan": "F",
}  # fmt: skip


def _values(answers: Mapping[str, Any], key: str) -> Iterator[tuple[str, Any]]:
    """(field path, value) of an answer key, or of a key in each entry of a repeatable group."""
    if "." not in key:
        value = answers.get(key)
        if value is not None and value != "":
            yield key, value
        return
    group, inner = key.split(".", 1)
    entries = answers.get(group)
    if not isinstance(entries, list):
        return
    for i, entry in enumerate(entries):
        if isinstance(entry, Mapping):
            for path, value in _values(entry, inner):
                yield f"{group}.{i}.{path}", value


def _one(answers: Mapping[str, Any], params: Mapping[str, Any], name: str) -> tuple[str, Any]:
    """The first (path, value) of the answer named by params[name], or (key, None)."""
    key = params.get(name)
    if not key:
        return "", None
    return next(_values(answers, str(key)), (str(key), None))


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def _household(applicant_kk: str | None) -> dict[str, PersonRecord] | None:
    if not applicant_kk:
        return None
    return {m.nik: m for m in get_registry().household(kk=applicant_kk)}


def _no_household() -> DomainError:
    return DomainError(
        "household_unknown",
        _("Your family card (KK) is not known: verify your NIK first."),
        status=403,
    )


def _not_member(field: str) -> DomainError:
    return DomainError(
        "not_household_member",
        _("This NIK is not on your family card (KK)."),
        field=field,
    )


def birth_within_60_days(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> list[DomainError]:
    """A birth is registered within 60 days (params `days`), or on the late path (`late`)."""
    field, value = _one(answers, params, "birth_date")
    birth = _date(value)
    if birth is None:
        return []
    if birth > today:
        return [
            DomainError(
                "birth_date_in_future", _("The date of birth cannot be in the future."), field=field
            )
        ]
    days = int(params.get("days", 60))
    if (today - birth).days <= days:
        return []
    late_field, late = _one(answers, params, "late")
    if "late_equals" in params:
        chose_late = late is not None and str(late) == str(params["late_equals"])
    else:
        chose_late = late is True or str(late).strip().lower() in _YES
    if chose_late:
        return []
    return [
        DomainError(
            "birth_registration_late",
            _(
                "The birth was more than %(days)d days ago: choose late registration, which "
                "asks for more documents."
            )
            % {"days": days},
            field=late_field or field,
        )
    ]


def birth_not_before_marriage(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> list[DomainError]:
    """A child born before the parents' marriage date is refused (the service forbids it)."""
    field, birth_value = _one(answers, params, "birth_date")
    _marriage_field, marriage_value = _one(answers, params, "marriage_date")
    birth, marriage = _date(birth_value), _date(marriage_value)
    if birth is None or marriage is None or birth >= marriage:
        return []
    return [
        DomainError(
            "birth_before_marriage",
            _(
                "The date of birth is before the parents' marriage. This service registers "
                "children of married parents only; ask Disdukcapil about the other path."
            ),
            field=field,
        )
    ]


def parents_in_household(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> list[DomainError]:
    """The father's and mother's NIK answers (params `father`, `mother`) are on the applicant's
    KK; the mother is a woman and the father a man by their NIK."""
    household = _household(applicant_kk)
    if household is None:
        return [_no_household()]
    errors: list[DomainError] = []
    for role, sex in (("father", "M"), ("mother", "F")):
        field, nik = _one(answers, params, role)
        if nik is None:
            continue
        if str(nik) not in household:
            errors.append(
                DomainError(
                    f"{role}_not_in_household",
                    _("The father's NIK is not on your family card (KK).")
                    if role == "father"
                    else _("The mother's NIK is not on your family card (KK)."),
                    field=field,
                )
            )
            continue
        if validate_nik(str(nik), today=today).sex != sex:
            errors.append(
                DomainError(
                    f"{role}_sex_mismatch",
                    _("The father's NIK belongs to a woman.")
                    if role == "father"
                    else _("The mother's NIK belongs to a man."),
                    field=field,
                )
            )
    return errors


def member_of_household(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> list[DomainError]:
    """Each NIK answer (params `nik`, may be `group.key`) is on the applicant's KK; with
    `max_age`, the person is younger than that (e.g. 17 for a KIA)."""
    household = _household(applicant_kk)
    if household is None:
        return [_no_household()]
    max_age = params.get("max_age")
    errors: list[DomainError] = []
    for field, nik in _values(answers, str(params.get("nik", ""))):
        member = household.get(str(nik))
        if member is None:
            errors.append(_not_member(field))
        elif max_age is not None and _age(member.birth_date, today) >= int(max_age):
            errors.append(
                DomainError(
                    "member_too_old",
                    _("%(name)s is %(age)d: this service is for those under %(max)d.")
                    % {
                        "name": member.full_name,
                        "age": _age(member.birth_date, today),
                        "max": int(max_age),
                    },
                    field=field,
                )
            )
    return errors


def death_after_birth(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    today: dt.date,
) -> list[DomainError]:
    """The deceased (params `nik`) is on the applicant's KK, and the date of death (`death_date`)
    is neither in the future nor before their birth."""
    household = _household(applicant_kk)
    if household is None:
        return [_no_household()]
    nik_field, nik = _one(answers, params, "nik")
    death_field, death_value = _one(answers, params, "death_date")
    death = _date(death_value)
    errors: list[DomainError] = []
    deceased = household.get(str(nik)) if nik is not None else None
    if nik is not None and deceased is None:
        errors.append(_not_member(nik_field))
    if death is None:
        return errors
    if death > today:
        errors.append(
            DomainError(
                "death_date_in_future",
                _("The date of death cannot be in the future."),
                field=death_field,
            )
        )
    elif deceased is not None and death < deceased.birth_date:
        errors.append(
            DomainError(
                "death_before_birth",
                _("The date of death is before %(name)s was born (%(birth)s).")
                % {"name": deceased.full_name, "birth": deceased.birth_date.isoformat()},
                field=death_field,
            )
        )
    return errors


def child_joins_kk(
    answers: Mapping[str, Any],
    *,
    params: Mapping[str, Any],
    applicant_nik: str | None,
    applicant_kk: str | None,
    reference: str,
    today: dt.date,
) -> None:
    """On issue of a birth certificate: the child joins the applicant's KK with a new NIK
    (params name `full_name`, `birth_date`, `sex`). Runs once per application reference."""
    if not applicant_kk:
        raise _no_household()
    name_field, full_name = _one(answers, params, "full_name")
    birth_field, birth_value = _one(answers, params, "birth_date")
    sex_field, sex_value = _one(answers, params, "sex")
    birth = _date(birth_value)
    sex = _SEX.get(str(sex_value).strip().lower()) if sex_value is not None else None
    if not full_name or birth is None:
        raise DomainError(
            "child_answers_missing",
            _("The child's name and date of birth are needed to add the child to the KK."),
            field=name_field if not full_name else birth_field,
        )
    if sex is None:
        raise DomainError("child_sex_invalid", _("The child's sex is not known."), field=sex_field)
    get_registry().child_add(
        kk=applicant_kk,
        full_name=str(full_name),
        birth_date=birth,
        sex=sex,
        reference=reference,
        today=today,
    )


VALIDATORS: dict[str, Callable[..., list[DomainError]]] = {
    "civil_registration.birth_within_60_days": birth_within_60_days,
    "civil_registration.birth_not_before_marriage": birth_not_before_marriage,
    "civil_registration.parents_in_household": parents_in_household,
    "civil_registration.member_of_household": member_of_household,
    "civil_registration.death_after_birth": death_after_birth,
}
EFFECTS: dict[str, Callable[..., None]] = {
    "civil_registration.child_joins_kk": child_joins_kk,
}
