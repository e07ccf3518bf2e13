"""An officer approves a report photo for the public through the staff API, as on the console."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Event
from kotalive.complaints.services import complaint_assign

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/complaints"


def _approve(client: Any, ref: str, photo_id: int) -> Any:
    return client.post(f"{BASE}/{ref}/photos/{photo_id}/approve", HTTP_ACCEPT_LANGUAGE="en")


def test_the_office_approves_and_the_answer_no_longer_offers_it(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    photo = case.photos.get()
    client = staff_client(dpupr_officer)
    assert "approve_photo" in client.get(f"{BASE}/{case.ref}").json()["actions"]

    response = _approve(client, case.ref, photo.pk)

    assert response.status_code == 200
    assert "approve_photo" not in response.json()["actions"]
    photo.refresh_from_db()
    assert photo.approved_by == dpupr_officer
    assert case.events.filter(kind=Event.Kind.PHOTO_APPROVED).count() == 1


def test_a_photo_of_another_report_is_not_found_and_nothing_changes(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    other = complaint_assign(actor=tlr, complaint=make_complaint())
    foreign = other.photos.get()
    events = Event.objects.count()

    response = _approve(staff_client(dpupr_officer), case.ref, foreign.pk)

    assert response.status_code == 404
    assert response.json()["code"] == "photo_not_found"
    foreign.refresh_from_db()
    assert foreign.approved_at is None
    assert Event.objects.count() == events


def test_the_command_centre_before_assignment_may_not(
    make_complaint: Callable[..., Complaint], dpupr_officer: User, staff_client: Any
) -> None:
    case = make_complaint()  # new: not yet the office's case
    photo = case.photos.get()

    response = _approve(staff_client(dpupr_officer), case.ref, photo.pk)

    assert response.status_code == 404
    photo.refresh_from_db()
    assert photo.approved_at is None
