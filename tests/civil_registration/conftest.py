"""Two registry families, one verified resident in each, and a resident without a NIK."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from kotalive.accounts.models import ResidentIdentity, User
from kotalive.civil_registry.models import Family, KkChange, Person
from kotalive.civil_registry.services import ektp_set, family_register, kk_change_record
from kotalive.core.crypto import blind_index, encrypt, mask_identity_number
from kotalive.regions.models import Kelurahan
from kotalive.regions.services import regions_load
from tests.world import make_resident

TODAY = dt.date(2026, 12, 3)
KK = "3671012001120001"
BUDI = "3671011708850001"
SITI = "3671015203880001"
ANDI = "3671010905120001"
OTHER_KK = "3671021503100002"
DEWI = "3671024404900003"
DEWI_SON = "3671021207180001"


@dataclass(frozen=True)
class Households:
    budi: User
    dewi: User
    unverified: User


def verify(user: User, *, nik: str, kk: str, full_name: str, birth: dt.date) -> None:
    """The identity row as the NIK verification stores it."""
    ResidentIdentity.objects.create(
        user=user,
        nik_encrypted=encrypt(nik, context="nik"),
        nik_index=blind_index(nik, context="nik"),
        kk_encrypted=encrypt(kk, context="kk"),
        kk_index=blind_index(kk, context="kk"),
        full_name=full_name,
        birth_date=birth,
        sex="F" if int(nik[6:8]) > 40 else "M",
        kelurahan=None,
        nik_masked=mask_identity_number(nik),
        kk_masked=mask_identity_number(kk),
    )


def _person(nik: str) -> Person:
    return Person.objects.get(nik_index=Person.index_of(nik))


@pytest.fixture
def regions(db: None) -> None:
    regions_load()


@pytest.fixture
def families(regions: None) -> tuple[Family, Family]:
    budi_family = family_register(
        kk=KK,
        kelurahan=Kelurahan.objects.get(code="36.71.01.1001"),
        address="Jl. Merdeka No. 17",
        members=[
            (BUDI, "Budi Santoso", dt.date(1985, 8, 17), "head"),
            (SITI, "Siti Rahmawati", dt.date(1988, 3, 12), "spouse"),
            (ANDI, "Andi Pratama", dt.date(2012, 5, 9), "child"),
        ],
    )
    ektp_set(
        person=_person(BUDI),
        recorded_on=dt.date(2012, 1, 5),
        printed_on=dt.date(2012, 1, 20),
        ready_on=dt.date(2012, 1, 25),
        collected_on=dt.date(2012, 2, 1),
        office="Kantor Kecamatan Tangerang",
    )
    ektp_set(
        person=_person(SITI),
        recorded_on=dt.date(2026, 10, 20),
        printed_on=dt.date(2026, 11, 20),
        ready_on=dt.date(2026, 11, 28),
        office="Kantor Kecamatan Tangerang",
    )
    kk_change_record(
        family=budi_family,
        kind=KkChange.Kind.CHANGE_ADDRESS,
        state=KkChange.State.VERIFYING,
        received_on=dt.date(2026, 11, 24),
        updated_on=dt.date(2026, 11, 26),
        reference="KK-TEST-0001",
    )
    dewi_family = family_register(
        kk=OTHER_KK,
        kelurahan=Kelurahan.objects.get(code="36.71.02.1001"),
        address="Jl. Lain No. 1",
        members=[
            (DEWI, "Dewi Lestari", dt.date(1990, 4, 4), "head"),
            (DEWI_SON, "Bayu Lestari", dt.date(2018, 7, 12), "child"),
        ],
    )
    ektp_set(person=_person(DEWI), recorded_on=dt.date(2026, 11, 2))
    kk_change_record(
        family=dewi_family,
        kind=KkChange.Kind.REMOVE_MEMBER,
        state=KkChange.State.RECEIVED,
        received_on=dt.date(2026, 11, 30),
        member_name="Slamet Lestari",
        reference="KK-TEST-0002",
    )
    return budi_family, dewi_family


@pytest.fixture
def households(families: tuple[Family, Family]) -> Households:
    budi, dewi = make_resident(), make_resident()
    verify(budi, nik=BUDI, kk=KK, full_name="Budi Santoso", birth=dt.date(1985, 8, 17))
    verify(dewi, nik=DEWI, kk=OTHER_KK, full_name="Dewi Lestari", birth=dt.date(1990, 4, 4))
    return Households(budi=budi, dewi=dewi, unverified=make_resident())
