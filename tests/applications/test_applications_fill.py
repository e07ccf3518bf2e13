"""`kotalive applications_fill`, the bench's filler: the rows, the officer's session, the
document to verify and the bench resident verified."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from kotalive.accounts.models import User
from kotalive.applications.models import Application
from kotalive.applications.selectors import definition_get
from kotalive.applications.services import application_start
from tests.world import make_resident

# VACUUM (after --drop-filed, on PostgreSQL) runs outside a transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _fill(*args: str) -> dict[str, object]:
    out = io.StringIO()
    call_command("applications_fill", *args, stdout=out)
    data: dict[str, object] = json.loads(out.getvalue().strip().splitlines()[-1])
    return data


def test_the_filler_tops_up_and_hands_the_bench_what_it_needs() -> None:
    call_command("seed", stdout=io.StringIO())
    make_resident("+6281299990001")
    first = _fill("40", "--total", "--verify-phone", "081299990001")
    assert first["added"] == 40
    resident = first["resident"]
    assert isinstance(resident, dict)
    assert len(resident["nik"]) == 16
    # A resident's own application goes with --drop-filed; the synthetic ones are topped up.
    user = User.objects.get(phone="+6281299990001")
    application_start(actor=user, definition=definition_get(slug="surat-pindah-keluar"))
    again = _fill("50", "--total", "--drop-filed", "--verify-phone", "081299990001")
    assert again["added"] == 10
    assert again["resident"] == resident
    assert Application.objects.count() == 50
    assert Application.objects.filter(office__slug="disdukcapil").count() == 25
    page = Client().get(f"/verify/{again['document']}")
    assert page.status_code == 200
