"""The port's e-KTP states, KK change requests and child_add, on the local registry."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest

from kotalive.civil_registry import seed as registry_seed
from kotalive.civil_registry.models import EktpState, Family, KkChange, Person
from kotalive.civil_registry.numbers import validate_nik
from kotalive.civil_registry.registry import PersonRecord, get_registry
from kotalive.civil_registry.services import ektp_set, family_register, kk_change_record
from kotalive.core.errors import DomainError
from kotalive.core.models import AuditEvent
from kotalive.regions.models import Kelurahan
from tests.world import unchanged

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 3)
KK = "3671012001120001"
BUDI = "3671011708850001"
SITI = "3671015203880001"
ANDI = "3671010905120001"
OTHER_KK = "3671021503100002"
DEWI = "3671024404900003"


@pytest.fixture
def seeded(regions):
    lines: list[str] = []
    registry_seed.seed(log=lines.append, today=TODAY)
    return lines


@pytest.fixture
def family(regions) -> Family:
    family = family_register(
        kk=KK,
        kelurahan=Kelurahan.objects.get(code="36.71.01.1001"),
        address="Jl. Merdeka No. 17",
        members=[
            (BUDI, "Budi Santoso", dt.date(1985, 8, 17), "head"),
            (SITI, "Siti Rahmawati", dt.date(1988, 3, 12), "spouse"),
            (ANDI, "Andi Pratama", dt.date(2012, 5, 9), "child"),
        ],
    )
    family_register(
        kk=OTHER_KK,
        kelurahan=Kelurahan.objects.get(code="36.71.02.1001"),
        address="Jl. Lain No. 1",
        members=[(DEWI, "Dewi Lestari", dt.date(1990, 4, 4), "head")],
    )
    return family


def test_seed_has_people_in_every_ektp_state(seeded):
    states = Counter(Person.objects.values_list("ektp_state", flat=True))
    assert set(states) == set(EktpState.values)
    # Mostly collected cards, as in a real city.
    assert states[EktpState.COLLECTED] > sum(states.values()) / 3


def test_seed_has_kk_changes_of_every_kind_in_every_state(seeded):
    changes = KkChange.objects.all()
    assert {c.state for c in changes} == set(KkChange.State.values)
    assert {c.kind for c in changes} == set(KkChange.Kind.values)
    assert all(c.received_on <= c.updated_on <= TODAY for c in changes)


def test_seeded_children_under_17_are_not_recorded(seeded):
    for person in Person.objects.filter(birth_date__gt=dt.date(2009, 12, 3)):
        assert person.ektp_state == EktpState.NOT_RECORDED, person.full_name


def test_seeded_cards_waiting_or_collected_name_their_office(seeded):
    for person in Person.objects.filter(ektp_state__in=[EktpState.READY, EktpState.COLLECTED]):
        assert person.ektp_office.startswith(("Kantor Kecamatan ", "Kantor Disdukcapil"))
        steps = [person.ektp_recorded_on, person.ektp_printed_on, person.ektp_ready_on]
        assert None not in steps
        assert steps == sorted(steps)  # type: ignore[type-var]


def test_seed_twice_records_no_second_state_or_change(seeded):
    cards = list(Person.objects.order_by("pk").values_list("ektp_state", "ektp_recorded_on"))
    changes = list(KkChange.objects.order_by("pk").values_list("reference", "state"))
    events = AuditEvent.objects.count()
    lines: list[str] = []
    registry_seed.seed(log=lines.append, today=TODAY + dt.timedelta(days=3))
    assert list(Person.objects.order_by("pk").values_list("ektp_state", "ektp_recorded_on")) == (
        cards
    )
    assert list(KkChange.objects.order_by("pk").values_list("reference", "state")) == changes
    assert AuditEvent.objects.count() == events
    assert "0 e-KTP states and 0 KK changes recorded" in lines[0]


def test_the_demo_family_shows_a_card_to_collect_and_a_change_being_verified(seeded):
    registry = get_registry()
    siti = registry.ektp_status(nik=SITI)
    assert siti is not None
    assert siti.state == EktpState.READY
    assert siti.office == "Kantor Kecamatan Tangerang"
    assert siti.since == TODAY - dt.timedelta(days=5)
    budi = registry.ektp_status(nik=BUDI)
    assert budi is not None
    assert budi.state == EktpState.COLLECTED
    andi = registry.ektp_status(nik=ANDI)
    assert andi is not None
    assert (andi.state, andi.since, andi.adult_on) == (
        EktpState.NOT_RECORDED,
        None,
        dt.date(2029, 5, 9),
    )
    changes = registry.kk_changes(kk=registry_seed.DEMO_KK)
    assert [(c.reference, c.kind, c.state) for c in changes] == [
        ("KK-DEMO-0001", "change_address", "verifying"),
        ("KK-DEMO-0002", "change_data", "done"),
    ]


def test_ektp_status_of_an_unknown_nik_is_none(family):
    assert get_registry().ektp_status(nik="3671011708859999") is None
    assert get_registry().kk_changes(kk="3671012001129999") == []


def test_ektp_set_takes_the_furthest_step_as_state(family):
    person = Person.objects.get(nik_index=Person.index_of(BUDI))
    ektp_set(
        person=person,
        recorded_on=dt.date(2026, 10, 1),
        printed_on=dt.date(2026, 10, 20),
        ready_on=dt.date(2026, 11, 2),
        office="Kantor Kecamatan Tangerang",
    )
    status = get_registry().ektp_status(nik=BUDI)
    assert status is not None
    assert (status.state, status.since, status.office) == (
        "ready",
        dt.date(2026, 11, 2),
        "Kantor Kecamatan Tangerang",
    )
    assert AuditEvent.objects.filter(action="registry.ektp_set").count() == 1


@pytest.mark.parametrize(
    ("dates", "office", "code"),
    [
        ({"printed_on": dt.date(2026, 10, 2)}, "X", "ektp_steps_out_of_order"),
        (
            {"recorded_on": dt.date(2026, 10, 2), "printed_on": dt.date(2026, 10, 1)},
            "X",
            "ektp_steps_out_of_order",
        ),
        (
            {
                "recorded_on": dt.date(2026, 10, 1),
                "printed_on": dt.date(2026, 10, 2),
                "ready_on": dt.date(2026, 10, 3),
            },
            " ",
            "ektp_office_required",
        ),
    ],
)
def test_ektp_set_refuses_steps_out_of_order_or_without_office(family, dates, office, code):
    person = Person.objects.get(nik_index=Person.index_of(BUDI))
    with unchanged(person), pytest.raises(DomainError) as caught:
        ektp_set(person=person, office=office, **dates)
    assert caught.value.code == code


def test_child_add_gives_a_valid_nik_and_joins_the_kk(family):
    registry = get_registry()
    child = registry.child_add(
        kk=KK,
        full_name="  Rina   Santoso ",
        birth_date=dt.date(2026, 11, 20),
        sex="F",
        reference="AKL-2026-0001",
        today=TODAY,
    )
    info = validate_nik(child.nik, today=TODAY)
    assert info.region == "367101"  # Kecamatan Tangerang, the family's kelurahan
    assert info.birth_date == dt.date(2026, 11, 20)
    assert info.sex == "F"
    assert child.nik[6:12] == "601126"  # day 20 + 40 for a girl
    assert (child.full_name, child.kk, child.relationship) == ("Rina Santoso", KK, "child")
    household = registry.household(kk=KK)
    assert [m.full_name for m in household][-1] == "Rina Santoso"
    assert registry.lookup(nik=child.nik) == child
    status = registry.ektp_status(nik=child.nik)
    assert status is not None
    assert status.state == EktpState.NOT_RECORDED
    change = registry.kk_changes(kk=KK)[0]
    assert (change.kind, change.state, change.member_name, change.received_on) == (
        "add_member",
        "received",
        "Rina Santoso",
        TODAY,
    )
    assert AuditEvent.objects.filter(action="registry.child_added").count() == 1


def test_child_add_takes_the_next_free_serial(family):
    registry = get_registry()
    first = registry.child_add(
        kk=KK, full_name="Adi", birth_date=dt.date(2026, 11, 1), sex="M", today=TODAY
    )
    second = registry.child_add(
        kk=KK, full_name="Ado", birth_date=dt.date(2026, 11, 1), sex="M", today=TODAY
    )
    assert (first.nik, second.nik) == ("3671010111260001", "3671010111260002")


def test_child_add_again_with_the_same_reference_adds_nothing(family):
    registry = get_registry()

    def add() -> PersonRecord:
        return registry.child_add(
            kk=KK,
            full_name="Rina Santoso",
            birth_date=dt.date(2026, 11, 20),
            sex="F",
            reference="AKL-2026-0001",
            today=TODAY,
        )

    first = add()
    with unchanged(Person, KkChange):
        again = add()
    assert again == first


@pytest.mark.parametrize(
    ("kk", "birth", "sex", "code"),
    [
        ("3671012001129999", dt.date(2026, 11, 1), "M", "kk_not_found"),
        (KK, dt.date(2026, 12, 4), "M", "birth_date_in_future"),
        (KK, dt.date(2026, 11, 1), "X", "child_sex_invalid"),
    ],
)
def test_child_add_refusals_add_nobody(family, kk, birth, sex, code):
    with unchanged(Person, KkChange), pytest.raises(DomainError) as caught:
        get_registry().child_add(kk=kk, full_name="Adi", birth_date=birth, sex=sex, today=TODAY)
    assert caught.value.code == code


def test_a_kk_change_gets_a_dated_reference_and_is_audited(family):
    change = kk_change_record(
        family=family,
        kind=KkChange.Kind.CHANGE_DATA,
        received_on=dt.date(2026, 11, 30),
    )
    assert re.fullmatch(r"KK-20261130-\d{8}", change.reference)
    assert (change.state, change.updated_on) == (KkChange.State.RECEIVED, dt.date(2026, 11, 30))
    event = AuditEvent.objects.get(action="registry.kk_change_recorded")
    assert event.data == {
        "kk_masked": "3671************",
        "kind": "change_data",
        "state": "received",
    }


def test_a_kk_change_of_an_unknown_kind_is_refused(family):
    with unchanged(KkChange), pytest.raises(DomainError) as caught:
        kk_change_record(family=family, kind="adopt", received_on=dt.date(2026, 11, 30))
    assert caught.value.code == "kk_change_invalid"


def test_a_child_added_since_changes_nothing_the_next_seed_plans(seeded):
    family = Family.objects.exclude(kk_index=Family.index_of(registry_seed.DEMO_KK)).first()
    assert family is not None
    get_registry().child_add(
        kk=family.kk, full_name="Bayi Baru", birth_date=TODAY, sex="M", today=TODAY
    )
    cards = list(Person.objects.order_by("pk").values_list("ektp_state", "ektp_recorded_on"))
    lines: list[str] = []
    registry_seed.seed(log=lines.append, today=TODAY)
    assert "0 e-KTP states and 0 KK changes recorded" in lines[0]
    assert list(Person.objects.order_by("pk").values_list("ektp_state", "ektp_recorded_on")) == (
        cards
    )
