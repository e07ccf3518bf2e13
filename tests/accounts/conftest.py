"""Resident test fixtures: regions, the in-memory SMS outbox, registry families, residents."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.cache import caches

from kotalive.accounts.models import User
from kotalive.accounts.services import api_token_create, phone_code_request
from kotalive.accounts.sms import MemorySmsGateway, SentSms
from kotalive.civil_registry.models import Family
from kotalive.civil_registry.services import family_register
from kotalive.regions.models import Kelurahan
from kotalive.regions.services import regions_load


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


@pytest.fixture(autouse=True)
def _private_cache(request, settings) -> None:
    """Resident tests count rate limits in a cache of their own process.

    Under xdist all workers share one Redis database, and each test starts with cache.clear()
    (a FLUSHDB there), so another worker would wipe or add to our counters mid-test.
    """
    if not request.node.path.name.startswith("test_resident_"):
        return
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "resident-tests",
        }
    }
    caches["default"].clear()


@pytest.fixture
def sms_outbox(settings) -> Iterator[list[SentSms]]:
    settings.SMS_BACKEND = "kotalive.accounts.sms.MemorySmsGateway"
    MemorySmsGateway.outbox.clear()
    yield MemorySmsGateway.outbox
    MemorySmsGateway.outbox.clear()


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
    counter = iter(range(10_000_000, 99_999_999))

    def _make(phone: str | None = None) -> User:
        user: User = User.objects.create_user(
            kind=User.Kind.RESIDENT, phone=phone or f"+62812{next(counter)}"
        )
        return user

    return _make


@pytest.fixture
def resident(make_resident) -> User:
    user: User = make_resident("+6281200000001")
    return user


@pytest.fixture
def outsider(make_resident) -> User:
    user: User = make_resident("+6281200000002")
    return user


@pytest.fixture
def bearer(db):
    """An Authorization header for a user, with a fresh token."""

    def _bearer(user: User) -> dict[str, str]:
        _token, raw = api_token_create(actor=user, name="test phone")
        return {"Authorization": f"Bearer {raw}"}

    return _bearer
