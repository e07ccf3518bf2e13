"""Population-registry port: the typed interface to Dukcapil SIAK and its local implementation.

The rest of KotaLive asks only `get_registry()`; settings.POPULATION_REGISTRY picks the class, so
a remote SIAK client can replace the local tables without touching the callers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from kotalive.civil_registry.models import Family, Person

_RELATIONSHIP_ORDER = {value: i for i, value in enumerate(Person.Relationship.values)}


@dataclass(frozen=True)
class PersonRecord:
    nik: str
    kk: str
    full_name: str
    birth_date: dt.date
    sex: str  # "M" or "F"
    relationship: str  # Person.Relationship value
    kelurahan_code: str
    address: str


class PopulationRegistry(Protocol):
    def lookup(self, *, nik: str) -> PersonRecord | None: ...

    def household(self, *, kk: str) -> list[PersonRecord]: ...


def _record(person: Person, family: Family, kk: str) -> PersonRecord:
    return PersonRecord(
        nik=person.nik,
        kk=kk,
        full_name=person.full_name,
        birth_date=person.birth_date,
        sex=person.sex,
        relationship=person.relationship,
        kelurahan_code=family.kelurahan.code,
        address=family.address,
    )


class LocalPopulationRegistry:
    """Backed by civil_registry.Family/Person, seeded with synthetic families."""

    def lookup(self, *, nik: str) -> PersonRecord | None:
        person = (
            Person.objects.select_related("family__kelurahan")
            .filter(nik_index=Person.index_of(nik))
            .first()
        )
        if person is None:
            return None
        return _record(person, person.family, person.family.kk)

    def household(self, *, kk: str) -> list[PersonRecord]:
        family = (
            Family.objects.select_related("kelurahan").filter(kk_index=Family.index_of(kk)).first()
        )
        if family is None:
            return []
        members = [_record(p, family, kk) for p in family.members.all()]
        return sorted(
            members, key=lambda r: (_RELATIONSHIP_ORDER.get(r.relationship, 99), r.birth_date)
        )


@cache
def _registry_class(path: str) -> type[PopulationRegistry]:
    cls: type[PopulationRegistry] = import_string(path)
    return cls


def get_registry() -> PopulationRegistry:
    return _registry_class(settings.POPULATION_REGISTRY)()
