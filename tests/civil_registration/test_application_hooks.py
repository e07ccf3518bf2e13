"""The validators and the effect civil registration gives the applications engine."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from kotalive.civil_registration import application_hooks as hooks
from kotalive.civil_registry.models import KkChange, Person
from kotalive.civil_registry.numbers import validate_nik
from kotalive.civil_registry.registry import get_registry
from kotalive.core.errors import DomainError
from tests.civil_registration.conftest import ANDI, BUDI, DEWI, KK, OTHER_KK, SITI, TODAY
from tests.world import unchanged

pytestmark = pytest.mark.django_db


def _run(name: str, answers: dict[str, Any], params: dict[str, Any], kk: str | None = KK):
    return hooks.VALIDATORS[f"civil_registration.{name}"](
        answers, params=params, applicant_nik=BUDI, applicant_kk=kk, today=TODAY
    )


def _codes(errors: list[DomainError]) -> list[tuple[str, str | None]]:
    return [(e.code, e.field) for e in errors]


def test_the_engine_finds_every_hook_by_its_name():
    assert set(hooks.VALIDATORS) == {
        "civil_registration.birth_within_60_days",
        "civil_registration.birth_not_before_marriage",
        "civil_registration.parents_in_household",
        "civil_registration.member_of_household",
        "civil_registration.death_after_birth",
    }
    assert set(hooks.EFFECTS) == {"civil_registration.child_joins_kk"}


# --- birth_within_60_days ----------------------------------------------------------------------

BIRTH = {"birth_date": "child_birth_date", "late": "late_registration"}


@pytest.mark.parametrize(
    "answers",
    [
        {"child_birth_date": TODAY - dt.timedelta(days=60)},
        {"child_birth_date": TODAY},
        {"child_birth_date": TODAY - dt.timedelta(days=400), "late_registration": "yes"},
        {},  # a missing answer is the engine's "required" check
    ],
)
def test_birth_within_60_days_or_on_the_late_path_passes(answers):
    assert _run("birth_within_60_days", answers, BIRTH, kk=None) == []


def test_a_birth_older_than_60_days_needs_the_late_path():
    errors = _run(
        "birth_within_60_days",
        {"child_birth_date": TODAY - dt.timedelta(days=61), "late_registration": "no"},
        BIRTH,
        kk=None,
    )
    assert _codes(errors) == [("birth_registration_late", "late_registration")]
    assert "60 hari" in str(errors[0].message)


def test_the_late_path_can_be_a_named_choice():
    params = {**BIRTH, "late_equals": "terlambat"}
    old = TODAY - dt.timedelta(days=90)
    assert (
        _run(
            "birth_within_60_days",
            {"child_birth_date": old, "late_registration": "terlambat"},
            params,
        )
        == []
    )
    assert _codes(
        _run("birth_within_60_days", {"child_birth_date": old, "late_registration": "yes"}, params)
    ) == [("birth_registration_late", "late_registration")]


def test_a_birth_in_the_future_is_refused_even_on_the_late_path():
    errors = _run(
        "birth_within_60_days",
        {"child_birth_date": TODAY + dt.timedelta(days=1), "late_registration": "yes"},
        BIRTH,
    )
    assert _codes(errors) == [("birth_date_in_future", "child_birth_date")]


# --- birth_not_before_marriage -----------------------------------------------------------------

MARRIAGE = {"birth_date": "child_birth_date", "marriage_date": "parents_marriage_date"}


@pytest.mark.parametrize(
    "answers",
    [
        {"child_birth_date": dt.date(2026, 5, 1), "parents_marriage_date": dt.date(2025, 1, 1)},
        {"child_birth_date": dt.date(2026, 5, 1), "parents_marriage_date": dt.date(2026, 5, 1)},
        {"child_birth_date": dt.date(2026, 5, 1)},
    ],
)
def test_a_birth_on_or_after_the_marriage_passes(answers):
    assert _run("birth_not_before_marriage", answers, MARRIAGE) == []


def test_a_birth_before_the_marriage_is_refused():
    answers = {
        "child_birth_date": dt.date(2026, 5, 1),
        "parents_marriage_date": dt.date(2026, 6, 1),
    }
    errors = _run("birth_not_before_marriage", answers, MARRIAGE)
    assert _codes(errors) == [("birth_before_marriage", "child_birth_date")]


# --- parents_in_household ----------------------------------------------------------------------

PARENTS = {"father": "father_nik", "mother": "mother_nik"}


def test_parents_from_the_household_pass(families):
    answers = {"father_nik": BUDI, "mother_nik": SITI}
    assert _run("parents_in_household", answers, PARENTS) == []


def test_a_parent_outside_the_household_is_refused(families):
    errors = _run("parents_in_household", {"father_nik": BUDI, "mother_nik": DEWI}, PARENTS)
    assert _codes(errors) == [("mother_not_in_household", "mother_nik")]
    assert "NIK ibu" in str(errors[0].message)


def test_the_mother_must_be_a_woman_by_her_nik(families):
    errors = _run("parents_in_household", {"father_nik": SITI, "mother_nik": BUDI}, PARENTS)
    assert _codes(errors) == [
        ("father_sex_mismatch", "father_nik"),
        ("mother_sex_mismatch", "mother_nik"),
    ]


def test_parents_without_a_known_kk_are_refused(families):
    errors = _run("parents_in_household", {"mother_nik": SITI}, PARENTS, kk=None)
    assert _codes(errors) == [("household_unknown", None)]


# --- member_of_household -----------------------------------------------------------------------


def test_a_member_of_the_household_passes(families):
    assert _run("member_of_household", {"child_nik": ANDI}, {"nik": "child_nik"}) == []


def test_someone_of_another_household_is_refused(families):
    errors = _run("member_of_household", {"child_nik": DEWI}, {"nik": "child_nik"})
    assert _codes(errors) == [("not_household_member", "child_nik")]


def test_the_same_nik_is_refused_with_the_other_households_kk(families):
    errors = _run("member_of_household", {"child_nik": ANDI}, {"nik": "child_nik"}, kk=OTHER_KK)
    assert _codes(errors) == [("not_household_member", "child_nik")]


def test_a_max_age_refuses_those_at_or_over_it(families):
    params = {"nik": "child_nik", "max_age": 17}
    assert _run("member_of_household", {"child_nik": ANDI}, params) == []  # 14
    errors = _run("member_of_household", {"child_nik": SITI}, params)
    assert _codes(errors) == [("member_too_old", "child_nik")]
    assert "Siti Rahmawati berusia 38 tahun" in str(errors[0].message)


def test_each_entry_of_a_group_is_checked_and_named_by_its_place(families):
    answers = {"children": [{"nik": ANDI}, {"nik": DEWI}, {"nik": SITI}]}
    errors = _run("member_of_household", answers, {"nik": "children.nik", "max_age": 17})
    assert _codes(errors) == [
        ("not_household_member", "children.1.nik"),
        ("member_too_old", "children.2.nik"),
    ]


# --- death_after_birth -------------------------------------------------------------------------

DEATH = {"nik": "deceased_nik", "death_date": "death_date"}


def test_a_death_after_birth_of_a_household_member_passes(families):
    answers = {"deceased_nik": SITI, "death_date": dt.date(2026, 11, 30)}
    assert _run("death_after_birth", answers, DEATH) == []


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        (
            {"deceased_nik": ANDI, "death_date": dt.date(2012, 5, 8)},
            [("death_before_birth", "death_date")],
        ),
        (
            {"deceased_nik": SITI, "death_date": TODAY + dt.timedelta(days=1)},
            [("death_date_in_future", "death_date")],
        ),
        (
            {"deceased_nik": DEWI, "death_date": dt.date(2026, 11, 30)},
            [("not_household_member", "deceased_nik")],
        ),
    ],
)
def test_a_death_before_birth_in_the_future_or_outside_the_household_is_refused(
    families, answers, expected
):
    assert _codes(_run("death_after_birth", answers, DEATH)) == expected


# --- child_joins_kk ----------------------------------------------------------------------------

CHILD = {"full_name": "child_name", "birth_date": "child_birth_date", "sex": "child_sex"}


def _effect(answers: dict[str, Any], kk: str | None = KK, reference: str = "AKL-1") -> None:
    hooks.EFFECTS["civil_registration.child_joins_kk"](
        answers, params=CHILD, applicant_nik=BUDI, applicant_kk=kk, reference=reference, today=TODAY
    )


def test_the_child_joins_the_applicants_kk_with_a_valid_nik(families):
    _effect(
        {"child_name": "Rina Santoso", "child_birth_date": dt.date(2026, 11, 20), "child_sex": "P"}
    )
    child = next(m for m in get_registry().household(kk=KK) if m.full_name == "Rina Santoso")
    info = validate_nik(child.nik, today=TODAY)
    assert (info.sex, info.birth_date, info.region) == ("F", dt.date(2026, 11, 20), "367101")
    change = get_registry().kk_changes(kk=KK)[0]
    assert (change.kind, change.state, change.member_name) == (
        "add_member",
        "received",
        "Rina Santoso",
    )


def test_the_effect_run_twice_for_one_application_adds_one_child(families):
    answers = {"child_name": "Rina", "child_birth_date": dt.date(2026, 11, 20), "child_sex": "F"}
    _effect(answers)
    with unchanged(Person, KkChange):
        _effect(answers)


@pytest.mark.parametrize(
    ("answers", "kk", "code"),
    [
        (
            {"child_name": "Rina", "child_birth_date": dt.date(2026, 11, 20)},
            KK,
            "child_sex_invalid",
        ),
        ({"child_name": "Rina", "child_sex": "F"}, KK, "child_answers_missing"),
        (
            {"child_name": "Rina", "child_birth_date": dt.date(2026, 11, 20), "child_sex": "F"},
            None,
            "household_unknown",
        ),
        (
            {"child_name": "Rina", "child_birth_date": dt.date(2026, 11, 20), "child_sex": "F"},
            "3671012001129999",
            "kk_not_found",
        ),
    ],
)
def test_the_effect_refuses_and_adds_nobody(families, answers, kk, code):
    with unchanged(Person, KkChange), pytest.raises(DomainError) as caught:
        _effect(answers, kk=kk)
    assert caught.value.code == code
