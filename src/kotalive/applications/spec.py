"""A service definition as data: the schema every version is checked against, and its YAML.

One pydantic model reads what the back office stores (JSON), what a city imports (YAML) and what
the engine runs, so "export, import, behaves the same" holds by construction: `spec_dump_yaml`
writes only what `spec_load_yaml` reads back into an equal `ServiceSpec`.

A definition names what is closed in code: field kinds, the shapes of conditions (structured data,
never an expression that is evaluated), the offices a step can go to. Validators and effects are
named and registered by apps (`applications.hooks`); the schema checks only that names are
well-formed, and the engine refuses a definition naming one that no app registered.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum
from typing import Any, Self

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

KEY = r"^[a-z][a-z0-9_]{0,39}$"
SLUG = r"^[a-z0-9][a-z0-9-]{0,79}$"
HOOK_NAME = r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$"

# Where a step's work goes: the office of the applicant's kelurahan or kecamatan, or a named
# organisation (its slug). Whom in that office: the roles, narrowed by their memberships' areas.
APPLICANT_KELURAHAN = "applicant_kelurahan"
APPLICANT_KECAMATAN = "applicant_kecamatan"

MAX_FILE_KB = 10 * 1024


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Model):
    """Words in both languages of the platform; Indonesian is required, English falls back to it."""

    id: str = Field(min_length=1, max_length=500)
    en: str = Field(default="", max_length=500)

    def get(self, language: str) -> str:
        return self.en if language.startswith("en") and self.en else self.id


class Kind(StrEnum):
    TEXT = "text"
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    NIK = "nik"
    KK = "kk"
    PHONE = "phone"
    EMAIL = "email"
    FILE = "file"
    LOCATION = "location"
    KELURAHAN = "kelurahan"
    GROUP = "group"


class FileType(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"
    WEBP = "webp"
    HEIC = "heic"


class Prefill(StrEnum):
    """What the engine can fill in from the applicant's verified identity and household."""

    FULL_NAME = "applicant.full_name"
    NIK = "applicant.nik"
    KK = "applicant.kk"
    BIRTH_DATE = "applicant.birth_date"
    PHONE = "applicant.phone"
    KELURAHAN = "applicant.kelurahan"
    ADDRESS = "applicant.address"
    SPOUSE_NIK = "household.spouse.nik"
    SPOUSE_NAME = "household.spouse.full_name"
    # The couple at the head of the household, by sex: a child's father and mother, whichever
    # of the two applies.
    HUSBAND_NIK = "household.husband.nik"
    HUSBAND_NAME = "household.husband.full_name"
    WIFE_NIK = "household.wife.nik"
    WIFE_NAME = "household.wife.full_name"


class Condition(_Model):
    """Exactly one of: `field` with `equals`, `in` or `filled`; `all`; `any`; `not`."""

    field: str | None = Field(default=None, pattern=KEY)
    equals: str | int | bool | None = None
    in_: tuple[str | int, ...] | None = Field(default=None, alias="in")
    filled: bool | None = None
    all: tuple[Condition, ...] | None = None
    any: tuple[Condition, ...] | None = None
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_shape(self) -> Self:
        tests = [x is not None for x in (self.equals, self.in_, self.filled)]
        groups = [x is not None for x in (self.all, self.any, self.not_)]
        if self.field is not None:
            if sum(tests) != 1 or any(groups):
                raise ValueError("a field condition has exactly one of equals, in, filled")
        elif sum(groups) != 1 or any(tests):
            raise ValueError("a condition is a field test, or exactly one of all, any, not")
        return self

    def fields(self) -> Iterator[str]:
        """Every field this condition reads."""
        if self.field is not None:
            yield self.field
        for part in (*(self.all or ()), *(self.any or ()), *((self.not_,) if self.not_ else ())):
            yield from part.fields()

    def holds(self, answers: dict[str, Any]) -> bool:
        """Whether the condition holds for these (cleaned or raw) answers. Nothing is evaluated."""
        if self.field is not None:
            value = answers.get(self.field)
            if self.filled is not None:
                return _is_filled(value) is self.filled
            if self.in_ is not None:
                return _same(value, self.in_)
            return _same(value, (self.equals,))
        if self.all is not None:
            return all(part.holds(answers) for part in self.all)
        if self.any is not None:
            return any(part.holds(answers) for part in self.any)
        assert self.not_ is not None
        return not self.not_.holds(answers)


def _is_filled(value: Any) -> bool:
    return value not in (None, "", [], {})


def _same(value: Any, options: tuple[Any, ...]) -> bool:
    # Answers from a form are strings; a condition may say `equals: true` or `equals: 2`.
    as_text = {str(o).lower() if isinstance(o, bool) else str(o) for o in options}
    seen = str(value).lower() if isinstance(value, bool) else str(value)
    return value is not None and seen in as_text


class Choice(_Model):
    value: str = Field(pattern=r"^[a-z0-9_-]{1,40}$")
    label: Text


class FileRule(_Model):
    types: tuple[FileType, ...] = (FileType.PDF, FileType.JPEG, FileType.PNG)
    max_kb: int = Field(default=2048, ge=16, le=MAX_FILE_KB)
    max_files: int = Field(default=1, ge=1, le=5)


class FieldSpec(_Model):
    key: str = Field(pattern=KEY)
    kind: Kind
    label: Text
    help: Text | None = None
    required: bool = False
    required_if: Condition | None = None
    shown_if: Condition | None = None
    prefill: Prefill | None = None
    # text
    max_length: int | None = Field(default=None, ge=1, le=2000)
    multiline: bool = False
    # number
    min: int | None = None
    max: int | None = None
    # date: neither in the future (a birth) nor in the past (an appointment), when said
    past_only: bool = False
    future_only: bool = False
    # choice
    choices: tuple[Choice, ...] = ()
    # file
    file: FileRule | None = None
    # group (one level: no group inside a group)
    fields: tuple[FieldSpec, ...] = ()
    min_items: int = Field(default=0, ge=0, le=20)
    max_items: int = Field(default=5, ge=1, le=20)

    @model_validator(mode="after")
    def _fits_its_kind(self) -> Self:
        kind = self.kind
        if kind == Kind.CHOICE and not self.choices:
            raise ValueError(f"{self.key}: a choice needs choices")
        if kind != Kind.CHOICE and self.choices:
            raise ValueError(f"{self.key}: only a choice has choices")
        if len({c.value for c in self.choices}) != len(self.choices):
            raise ValueError(f"{self.key}: two choices with the same value")
        if kind != Kind.FILE and self.file is not None:
            raise ValueError(f"{self.key}: only a file has file rules")
        if kind == Kind.GROUP:
            if not self.fields:
                raise ValueError(f"{self.key}: a group needs fields")
            if any(f.kind in (Kind.GROUP, Kind.FILE) for f in self.fields):
                raise ValueError(f"{self.key}: a group holds no group and no file")
            if self.min_items > self.max_items:
                raise ValueError(f"{self.key}: min_items is more than max_items")
        elif self.fields:
            raise ValueError(f"{self.key}: only a group has fields")
        if self.past_only and self.future_only:
            raise ValueError(f"{self.key}: past_only and future_only exclude each other")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"{self.key}: min is more than max")
        return self

    @property
    def file_rule(self) -> FileRule:
        return self.file or FileRule()


class HookCall(_Model):
    """A validator or effect registered by an app, with the answer keys it reads."""

    name: str = Field(pattern=HOOK_NAME)
    params: dict[str, str | int | bool] = Field(default_factory=dict)


class Fee(_Model):
    """Until the payments module fills this port, the resident pays at the counter."""

    amount: int = Field(ge=0)
    note: Text | None = None


class Step(_Model):
    key: str = Field(pattern=KEY)
    label: Text
    office: str = Field(min_length=1, max_length=60)
    roles: tuple[str, ...] = ("officer", "supervisor", "admin")
    service_level_days: int = Field(ge=1, le=90)

    @field_validator("office")
    @classmethod
    def _office_shape(cls, value: str) -> str:
        if value not in (APPLICANT_KELURAHAN, APPLICANT_KECAMATAN) and not re.match(SLUG, value):
            raise ValueError(f"{value!r}: an organisation's slug or applicant_kelurahan/kecamatan")
        return value

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = set(value) - {"officer", "supervisor", "admin"}
        if not value or unknown:
            raise ValueError(f"roles are officer, supervisor or admin; not {sorted(unknown)}")
        return value


class FactSpec(_Model):
    """A line of the issued document: an answer's value, under its field's label or its own."""

    field: str = Field(pattern=KEY)
    label: Text | None = None


class DocumentSpec(_Model):
    kind: str = Field(pattern=SLUG)
    title: Text
    number_prefix: str = Field(pattern=r"^[A-Z0-9-]{1,12}$")
    valid_days: int | None = Field(default=None, ge=1, le=3650)
    # Whose document it is: the applicant, or a person named by answers (e.g. the child).
    holder_name: str = "applicant"
    holder_nik: str | None = "applicant"
    facts: tuple[FactSpec, ...] = ()


class Access(StrEnum):
    SIGNED_IN = "signed_in"
    NIK_VERIFIED = "nik_verified"


class ServiceSpec(_Model):
    slug: str = Field(pattern=SLUG)
    menu: str | None = Field(default=None, pattern=SLUG)
    office: str = Field(pattern=SLUG)  # the organisation that owns the definition
    title: Text
    summary: Text | None = None
    access: Access = Access.NIK_VERIFIED
    # May the applicant apply for someone of their household (a child's KIA, a parent's death)?
    for_household: bool = False
    fields: tuple[FieldSpec, ...] = Field(min_length=1, max_length=80)
    validators: tuple[HookCall, ...] = ()
    effects: tuple[HookCall, ...] = ()
    fee: Fee | None = None
    steps: tuple[Step, ...] = Field(min_length=1, max_length=8)
    document: DocumentSpec

    @model_validator(mode="after")
    def _references_hold(self) -> Self:
        top = {f.key: f for f in self.fields}
        if len(top) != len(self.fields):
            raise ValueError("two fields with the same key")
        for f in self.fields:
            inner = {g.key for g in f.fields}
            if len(inner) != len(f.fields):
                raise ValueError(f"{f.key}: two fields with the same key in the group")
            for g in (f, *f.fields):
                for cond in (g.shown_if, g.required_if):
                    if cond is None:
                        continue
                    known = set(top) | (inner if g is not f else set())
                    missing = [name for name in cond.fields() if name not in known]
                    if missing:
                        raise ValueError(f"{g.key}: a condition reads unknown fields {missing}")
        if len({s.key for s in self.steps}) != len(self.steps):
            raise ValueError("two steps with the same key")
        doc = self.document
        for fact in doc.facts:
            if fact.field not in top or top[fact.field].kind in (Kind.FILE, Kind.GROUP):
                raise ValueError(f"document fact {fact.field}: not a field with a value")
        for ref in (doc.holder_name, doc.holder_nik):
            if ref not in (None, "applicant") and ref not in top:
                raise ValueError(f"document holder {ref}: not a field")
        if doc.holder_nik not in (None, "applicant") and top[doc.holder_nik].kind != Kind.NIK:
            raise ValueError(f"document holder_nik {doc.holder_nik}: not a NIK field")
        return self

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def hooks(self) -> Iterator[str]:
        for call in (*self.validators, *self.effects):
            yield call.name


def spec_from_data(data: Any) -> ServiceSpec:
    """Read a definition from plain data (stored JSON, parsed YAML); raises SpecError."""
    try:
        return ServiceSpec.model_validate(data)
    except ValidationError as exc:
        raise SpecError(_errors(exc)) from None


def spec_to_data(spec: ServiceSpec) -> dict[str, Any]:
    """Plain data for storage and export: defaults left out, so the text stays short."""
    data: dict[str, Any] = spec.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    return data


def spec_load_yaml(text: str) -> ServiceSpec:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SpecError([f"YAML: {exc}"]) from None
    return spec_from_data(data)


def spec_dump_yaml(spec: ServiceSpec) -> str:
    return yaml.safe_dump(spec_to_data(spec), allow_unicode=True, sort_keys=False, width=100)


class SpecError(ValueError):
    """A definition that does not fit the schema; `problems` says where, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _errors(exc: ValidationError) -> list[str]:
    lines = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        lines.append(f"{where}: {err['msg']}" if where else err["msg"])
    return lines
