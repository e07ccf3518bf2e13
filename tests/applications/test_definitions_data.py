"""The service definitions shipped for Kota Tangerang (applications/data/services/*.yaml).

Each must load, survive an export and import unchanged, point at a menu the catalog seed creates
and at offices the accounts seed creates, say everything in Indonesian and English, and name in
its conditions and hooks only fields and choices it has.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

import kotalive.applications
from kotalive.accounts.seed import OFFICES
from kotalive.applications.spec import (
    APPLICANT_KECAMATAN,
    APPLICANT_KELURAHAN,
    Condition,
    FieldSpec,
    Kind,
    ServiceSpec,
    Text,
    spec_dump_yaml,
    spec_load_yaml,
)
from kotalive.catalog.models import Menu
from kotalive.catalog.seed import seed as catalog_seed

SERVICES = Path(kotalive.applications.__file__).parent / "data" / "services"
FILES = sorted(SERVICES.glob("*.yaml"))
# Services the catalog has no menu for yet (the CSV has no row for a general kelurahan letter).
WITHOUT_MENU = {"surat-pengantar"}
OFFICE_SLUGS = {slug for slug, *_ in OFFICES}


def _load(path: Path) -> ServiceSpec:
    return spec_load_yaml(path.read_text(encoding="utf-8"))


def _texts(node: Any, where: str) -> Iterator[tuple[str, Text]]:
    """Every `Text` in a definition, with where it is."""
    if isinstance(node, Text):
        yield where, node
    elif isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _texts(getattr(node, name), f"{where}.{name}")
    elif isinstance(node, tuple | list):
        for i, item in enumerate(node):
            yield from _texts(item, f"{where}[{i}]")


def _field_tests(cond: Condition) -> Iterator[Condition]:
    if cond.field is not None:
        yield cond
    for part in (*(cond.all or ()), *(cond.any or ()), *((cond.not_,) if cond.not_ else ())):
        yield from _field_tests(part)


def _all_fields(spec: ServiceSpec) -> Iterator[tuple[FieldSpec, dict[str, FieldSpec]]]:
    """Every field with the fields its conditions may read (a group's own, then the top)."""
    top = {f.key: f for f in spec.fields}
    for f in spec.fields:
        yield f, top
        for g in f.fields:
            yield g, {**top, **{h.key: h for h in f.fields}}


def test_there_are_at_least_ten_definitions_one_per_slug():
    specs = [_load(path) for path in FILES]
    assert len(specs) >= 10
    assert [path.stem for path in FILES] == [spec.slug for spec in specs]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_a_definition_loads_and_round_trips_through_yaml(path):
    spec = _load(path)
    again = spec_load_yaml(spec_dump_yaml(spec))
    assert again == spec
    assert spec_dump_yaml(again) == spec_dump_yaml(spec)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_text_is_in_indonesian_and_english(path):
    spec = _load(path)
    texts = list(_texts(spec, spec.slug))
    assert texts  # at least the title
    missing = [where for where, text in texts if not text.id.strip() or not text.en.strip()]
    assert missing == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_offices_are_ones_the_accounts_seed_creates_or_a_step_rule(path):
    spec = _load(path)
    assert spec.office in OFFICE_SLUGS
    rules = {APPLICANT_KELURAHAN, APPLICANT_KECAMATAN}
    assert [s.office for s in spec.steps if s.office not in OFFICE_SLUGS | rules] == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_conditions_name_choices_the_field_offers(path):
    spec = _load(path)
    wrong = []
    for f, known in _all_fields(spec):
        for cond in (f.shown_if, f.required_if):
            for test in _field_tests(cond) if cond else ():
                assert test.field is not None
                target = known[test.field]
                values = (test.equals,) if test.equals is not None else test.in_ if test.in_ else ()
                if target.kind != Kind.CHOICE:
                    continue
                offered = {c.value for c in target.choices}
                wrong += [(f.key, v) for v in values if str(v).lower() not in offered]
    assert wrong == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_hooks_read_fields_the_definition_has(path):
    spec = _load(path)
    # A hook may read a key of every entry of a repeatable group as `group.key`.
    keys = {f.key for f in spec.fields} | {
        f"{f.key}.{g.key}" for f in spec.fields for g in f.fields
    }
    unknown = [
        (call.name, name, value)
        for call in (*spec.validators, *spec.effects)
        for name, value in call.params.items()
        if isinstance(value, str) and value not in keys
    ]
    assert unknown == []


def test_civil_registration_definitions_name_their_domain_hooks():
    birth = _load(SERVICES / "akta-kelahiran.yaml")
    assert {call.name for call in birth.validators} == {
        "civil_registration.birth_within_60_days",
        "civil_registration.birth_not_before_marriage",
        "civil_registration.parents_in_household",
    }
    assert [call.name for call in birth.effects] == ["civil_registration.child_joins_kk"]
    assert birth.document.holder_name == "child_name"
    assert birth.document.holder_nik is None
    witnesses = birth.field("witnesses")
    assert (witnesses.min_items, witnesses.max_items) == (2, 2)
    assert [s.office for s in birth.steps] == ["disdukcapil"]
    parents = birth.validators[2]
    assert parents.params == {"father": "father_nik", "mother": "mother_nik"}
    kia = _load(SERVICES / "kartu-identitas-anak.yaml")
    assert kia.validators[0].params == {"nik": "child_nik", "max_age": 17}


@pytest.mark.django_db
def test_every_menu_is_one_the_catalog_seed_creates_and_serves_one_definition():
    catalog_seed(log=lambda message: None)
    menus = set(Menu.objects.values_list("slug", flat=True))
    specs = [_load(path) for path in FILES]
    named = [spec.menu for spec in specs if spec.menu is not None]
    assert {spec.slug for spec in specs if spec.menu is None} == WITHOUT_MENU
    assert sorted(set(named) - menus) == []
    assert len(named) == len(set(named))


def test_the_readme_example_is_a_valid_definition():
    readme = (SERVICES.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    spec = spec_load_yaml(example)
    assert spec.field("purpose_other").required_if == Condition(field="purpose", equals="lainnya")
