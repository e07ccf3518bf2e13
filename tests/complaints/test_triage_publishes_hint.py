"""The officer who triages a new report is told what saving makes public (its words and address)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint
from kotalive.complaints.services import complaint_triage

pytestmark = pytest.mark.django_db

HINT = "Saving publishes the report's words and typed address on the public report page"


def _page(client: Client, ref: str) -> str:
    client.cookies["django_language"] = "en"
    response = client.get(f"/staff/laksa/{ref}/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_triage_and_assign_forms_of_a_new_report_say_what_becomes_public(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    page = _page(staff_client(tlr), make_complaint().ref)
    assert page.count(HINT) == 2  # triage and assign


def test_once_triaged_the_hint_is_gone(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    complaint = complaint_triage(actor=tlr, complaint=make_complaint())
    page = _page(staff_client(tlr), complaint.ref)
    assert "Save" in page
    assert HINT not in page
