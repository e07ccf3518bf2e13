"""Resident test fixtures: regions, registry families, residents (tests/world.py makes them);
the SMS outbox, `bearer` and the isolation come from tests/conftest.py."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from kotalive.accounts.models import User
from kotalive.accounts.services import phone_code_request
from kotalive.accounts.sms import SentSms
from kotalive.civil_registry.models import Family
from kotalive.civil_registry.services import family_register
from kotalive.regions.models import Kelurahan
from kotalive.regions.services import regions_load
from tests import world as factories


@dataclass(frozen=True)
class Member:
    nik: str
    full_name: str
    birth_date: dt.date
    relationship: str


KK = "3671012001120001"
FAMILY = (
    Member("3671011708850001", "Budi Santoso", dt.date(1985, 8, 17), "head"),
    Member("3671015203880001", "Siti Rahmawati", dt.date(1988, 3, 12), "spouse"),
    Member("3671010905120001", "Andi Pratama", dt.date(2012, 5, 9), "child"),
)
OTHER_KK = "3671021503100002"
OTHER = Member("3671024404900003", "Dewi Lestari", dt.date(1990, 4, 4), "head")


def last_code(outbox: list[SentSms]) -> str:
    match = re.search(r"\b(\d{6})\b", outbox[-1].text)
    assert match is not None, outbox[-1].text
    return match.group(1)


@pytest.fixture
def request_code(sms_outbox, django_capture_on_commit_callbacks):
    """Request a code for a phone and return it as the SMS delivered it."""

    def _request(phone: str = "081234567890", ip: str = "10.0.0.1") -> str:
        with django_capture_on_commit_callbacks(execute=True):
            phone_code_request(phone=phone, ip=ip)
        return last_code(sms_outbox)

    return _request


@pytest.fixture
def regions(db) -> None:
    regions_load()


@pytest.fixture
def family(regions) -> Family:
    register = family_register(
        kk=KK,
        kelurahan=Kelurahan.objects.get(code="36.71.01.1001"),
        address="Jl. Merdeka No. 17",
        members=[(m.nik, m.full_name, m.birth_date, m.relationship) for m in FAMILY],
    )
    family_register(
        kk=OTHER_KK,
        kelurahan=Kelurahan.objects.get(code="36.71.02.1001"),
        address="Jl. Lain No. 1",
        members=[(OTHER.nik, OTHER.full_name, OTHER.birth_date, OTHER.relationship)],
    )
    return register


@pytest.fixture
def make_resident(db):
    return factories.make_resident


@pytest.fixture
def resident(make_resident) -> User:
    user: User = make_resident("+6281200000001")
    return user


@pytest.fixture
def outsider(make_resident) -> User:
    user: User = make_resident("+6281200000002")
    return user
