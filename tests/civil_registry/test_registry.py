from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from kotalive.civil_registry import seed as registry_seed
from kotalive.civil_registry.models import Family, Person
from kotalive.civil_registry.registry import LocalPopulationRegistry, get_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(regions):
    lines: list[str] = []
    registry_seed.seed(log=lines.append)
    return lines


def test_seed_creates_about_forty_families_over_the_city(seeded):
    assert Family.objects.count() == registry_seed.FAMILY_COUNT + 1
    assert 120 <= Person.objects.count() <= 200
    kecamatan = set(Family.objects.values_list("kelurahan__kecamatan__code", flat=True))
    assert len(kecamatan) == 13


def test_seed_twice_creates_nothing_new(seeded):
    families, people = Family.objects.count(), Person.objects.count()
    lines: list[str] = []
    registry_seed.seed(log=lines.append)
    assert (Family.objects.count(), Person.objects.count()) == (families, people)
    assert lines[0].startswith("0 families created")


def test_seed_log_names_the_demo_family(seeded):
    head = registry_seed.DEMO_FAMILY[0]
    assert head.nik in seeded[0]
    assert registry_seed.DEMO_KK in seeded[0]


def test_every_seeded_number_is_structurally_valid(seeded):
    from kotalive.civil_registry.numbers import validate_kk, validate_nik

    for family in Family.objects.prefetch_related("members"):
        validate_kk(family.kk)
        for person in family.members.all():
            info = validate_nik(person.nik)
            assert info.sex == person.sex


def test_the_demo_person_is_found_with_household(seeded):
    registry = get_registry()
    assert isinstance(registry, LocalPopulationRegistry)
    head = registry_seed.DEMO_FAMILY[0]
    record = registry.lookup(nik=head.nik)
    assert record is not None
    assert (record.full_name, record.birth_date, record.kk, record.kelurahan_code) == (
        "Budi Santoso",
        dt.date(1985, 8, 17),
        registry_seed.DEMO_KK,
        "36.71.01.1001",
    )
    household = registry.household(kk=registry_seed.DEMO_KK)
    assert [m.relationship for m in household] == ["head", "spouse", "child", "child"]


def test_an_unknown_nik_or_kk_is_not_found(seeded):
    registry = get_registry()
    assert registry.lookup(nik="3671011708859999") is None
    assert registry.household(kk="3671012001129999") == []


def test_registry_numbers_are_not_readable_in_the_database(seeded):
    head = registry_seed.DEMO_FAMILY[0]
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM civil_registry_person")
        people = " ".join(str(value) for row in cursor.fetchall() for value in row)
        cursor.execute("SELECT * FROM civil_registry_family")
        families = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert head.nik not in people
    assert registry_seed.DEMO_KK not in families
