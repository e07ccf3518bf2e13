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
from django.utils import timezone
from django.utils.module_loading import import_string

from kotalive.civil_registry import services
from kotalive.civil_registry.models import EktpState, Family, KkChange, Person

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


@dataclass(frozen=True)
class EktpStatus:
    """Where a person's e-KTP (KTP-el) stands; `since` is the date of the current state."""

    nik: str
    state: str  # EktpState value
    since: dt.date | None
    recorded_on: dt.date | None
    printed_on: dt.date | None
    ready_on: dt.date | None
    collected_on: dt.date | None
    office: str  # where a printed card is (to be) collected; "" before printing
    # 17 years old on this date (when a NIK holder must record for an e-KTP); None when past
    adult_on: dt.date | None


@dataclass(frozen=True)
class KkChangeRecord:
    reference: str
    kind: str  # KkChange.Kind value
    state: str  # KkChange.State value
    member_name: str
    received_on: dt.date
    updated_on: dt.date


class PopulationRegistry(Protocol):
    def lookup(self, *, nik: str) -> PersonRecord | None: ...

    def household(self, *, kk: str) -> list[PersonRecord]: ...

    def ektp_status(self, *, nik: str) -> EktpStatus | None: ...

    def kk_changes(self, *, kk: str) -> list[KkChangeRecord]: ...

    def child_add(
        self,
        *,
        kk: str,
        full_name: str,
        birth_date: dt.date,
        sex: str,
        reference: str = "",
        today: dt.date | None = None,
    ) -> PersonRecord: ...


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
        # One query: the members with their family (a family without members has none to list).
        people = Person.objects.select_related("family__kelurahan").filter(
            family__kk_index=Family.index_of(kk)
        )
        members = [_record(p, p.family, kk) for p in people]
        return sorted(
            members, key=lambda r: (_RELATIONSHIP_ORDER.get(r.relationship, 99), r.birth_date)
        )

    def ektp_status(self, *, nik: str) -> EktpStatus | None:
        person = Person.objects.filter(nik_index=Person.index_of(nik)).first()
        return None if person is None else _ektp(person, nik)

    def kk_changes(self, *, kk: str) -> list[KkChangeRecord]:
        changes = KkChange.objects.filter(family__kk_index=Family.index_of(kk)).order_by(
            "-received_on", "-id"
        )
        return [
            KkChangeRecord(
                reference=c.reference,
                kind=c.kind,
                state=c.state,
                member_name=c.member_name,
                received_on=c.received_on,
                updated_on=c.updated_on,
            )
            for c in changes
        ]

    def child_add(
        self,
        *,
        kk: str,
        full_name: str,
        birth_date: dt.date,
        sex: str,
        reference: str = "",
        today: dt.date | None = None,
    ) -> PersonRecord:
        child, family = services.child_add(
            kk=kk,
            full_name=full_name,
            birth_date=birth_date,
            sex=sex,
            reference=reference,
            today=today,
        )
        return _record(child, family, family.kk)


def _adult_on(birth_date: dt.date) -> dt.date:
    try:
        return birth_date.replace(year=birth_date.year + 17)
    except ValueError:  # born on 29 February
        return dt.date(birth_date.year + 17, 3, 1)


def _ektp(person: Person, nik: str) -> EktpStatus:
    since = {
        EktpState.RECORDED: person.ektp_recorded_on,
        EktpState.PRINTED: person.ektp_printed_on,
        EktpState.READY: person.ektp_ready_on,
        EktpState.COLLECTED: person.ektp_collected_on,
    }.get(EktpState(person.ektp_state))
    adult_on = _adult_on(person.birth_date)
    return EktpStatus(
        nik=nik,
        state=person.ektp_state,
        since=since,
        recorded_on=person.ektp_recorded_on,
        printed_on=person.ektp_printed_on,
        ready_on=person.ektp_ready_on,
        collected_on=person.ektp_collected_on,
        office=person.ektp_office,
        adult_on=adult_on if adult_on > timezone.localdate() else None,
    )


@cache
def _registry_class(path: str) -> type[PopulationRegistry]:
    cls: type[PopulationRegistry] = import_string(path)
    return cls


def get_registry() -> PopulationRegistry:
    return _registry_class(settings.POPULATION_REGISTRY)()
