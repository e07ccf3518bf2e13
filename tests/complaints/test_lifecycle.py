"""The complaint lifecycle table where the three copies of its preconditions had drifted: replies
on finished cases, assignment to an organisation that does not work cases, two ways of closing;
and what the staff API and the docs show of the table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kotalive.accounts.models import Organisation, User
from kotalive.complaints import policy
from kotalive.complaints.lifecycle import COMPLAINT, Role
from kotalive.complaints.models import Complaint, Event, RoutingRule
from kotalive.complaints.services import (
    complaint_assign,
    complaint_confirm,
    complaint_reject,
    complaint_resolve,
    complaint_start,
    deadlines,
)
from kotalive.complaints.services import resident as resident_services
from kotalive.complaints.services.deadlines import complaints_auto_close
from kotalive.core.errors import DomainError
from kotalive.core.lifecycle import docs_block
from kotalive.core.models import AuditEvent

from .conftest import Laksa, upload

pytestmark = pytest.mark.django_db
State = Complaint.State
BASE = "/api/v1/staff/complaints"


def _post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def _stored(case: Complaint) -> tuple[Any, ...]:
    case.refresh_from_db()
    changes = AuditEvent.objects.exclude(action="complaint.personal_data_viewed")
    return (case.state, case.office_id, case.public_note, case.events.count(), changes.count())


def _resolved(make_complaint: Callable[..., Complaint], tlr: User, officer: User) -> Complaint:
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    complaint_start(actor=officer, complaint=case)
    return complaint_resolve(actor=officer, complaint=case, note="Beres.", evidence=[upload()])


@pytest.mark.parametrize("finish", ["closed", "rejected"])
def test_the_staff_api_cannot_reply_on_a_closed_or_rejected_case(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    staff_client: Callable[[User], Client],
    finish: str,
) -> None:
    if finish == "closed":
        case = complaint_confirm(
            actor=resident, complaint=_resolved(make_complaint, tlr, dpupr_officer)
        )
    else:
        case = complaint_reject(actor=tlr, complaint=make_complaint(), reason="Ganda.")
    before = _stored(case)
    response = _post(staff_client(tlr), f"{BASE}/{case.ref}/reply", {"text": "Halo lagi."})
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "complaint_wrong_state"
    assert _stored(case) == before
    # An internal note stays possible: staff keep a record of a call after closing.
    note = _post(staff_client(tlr), f"{BASE}/{case.ref}/reply", {"text": "x", "public": False})
    assert note.status_code == 200
    assert case.events.filter(kind=Event.Kind.NOTE).count() == 1


def test_the_staff_api_cannot_assign_a_case_to_a_hospital(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Callable[[User], Client]
) -> None:
    hospital = Organisation.objects.create(
        kind=Organisation.Kind.HOSPITAL, slug="rsud", name="RSUD Kota Tangerang"
    )
    case = make_complaint()
    before = _stored(case)
    response = _post(staff_client(tlr), f"{BASE}/{case.ref}/assign", {"office": hospital.pk})
    assert response.status_code == 400
    assert response.json()["code"] == "office_not_eligible"
    assert response.json()["field"] == "office"
    assert "RSUD Kota Tangerang does not handle reports" in response.json()["detail"]
    assert _stored(case) == before


def test_only_city_offices_and_tlr_take_cases(laksa: Laksa) -> None:
    kinds = {k for k in Organisation.Kind if policy.works_cases(Organisation(kind=k))}
    assert kinds == {
        Organisation.Kind.OPD,
        Organisation.Kind.KECAMATAN,
        Organisation.Kind.KELURAHAN,
        Organisation.Kind.DISKOMINFO,
    }
    assert not policy.works_cases(Organisation(kind=Organisation.Kind.OPD, is_active=False))


def test_a_routing_rule_naming_a_hospital_is_skipped(
    make_complaint: Callable[..., Complaint], laksa: Laksa
) -> None:
    hospital = Organisation.objects.create(kind=Organisation.Kind.HOSPITAL, slug="rs", name="RS")
    RoutingRule.objects.create(category=laksa.road, kelurahan=laksa.sukarasa, office=hospital)
    assert make_complaint().office == laksa.dpupr


def test_confirm_and_auto_close_are_one_service_path(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    closed_by: list[User | None] = []
    real = resident_services.complaint_close

    def spy(**kwargs: Any) -> Complaint:
        closed_by.append(kwargs["actor"])
        return real(**kwargs)

    monkeypatch.setattr(resident_services, "complaint_close", spy)
    monkeypatch.setattr(deadlines, "complaint_close", spy)
    confirmed = complaint_confirm(
        actor=resident, complaint=_resolved(make_complaint, tlr, dpupr_officer)
    )
    stale = _resolved(make_complaint, tlr, dpupr_officer)
    later = timezone.now() + timedelta(days=30)
    assert complaints_auto_close(now=later) == 1
    assert closed_by == [resident, None]
    stale.refresh_from_db()
    for case, by in ((confirmed, "reporter"), (stale, "timeout")):
        assert case.state == State.CLOSED
        assert case.closed_at == case.updated_at
        assert case.events.filter(kind=Event.Kind.CLOSED, data__by=by).count() == 1
        assert AuditEvent.objects.filter(action="complaint.closed", target_id=str(case.pk)).exists()
    assert stale.closed_at == later


def test_auto_close_follows_the_table_and_leaves_other_states_alone(
    make_complaint: Callable[..., Complaint], tlr: User
) -> None:
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    before = _stored(case)
    with pytest.raises(DomainError) as refused:
        resident_services.complaint_close(actor=None, complaint=case)
    assert refused.value.code == "complaint_wrong_state"
    assert _stored(case) == before


def test_the_staff_case_lists_the_actions_the_caller_may_take_now(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    staff_client: Callable[[User], Client],
) -> None:
    case = make_complaint()
    tlr_view = staff_client(tlr).get(f"{BASE}/{case.ref}").json()
    assert tlr_view["actions"] == [
        "triage",
        "assign",
        "reply",
        "note",
        "reject",
        "forward",
        "merge",
        "approve_photo",
    ]
    complaint_assign(actor=tlr, complaint=case)
    office_view = staff_client(dpupr_officer).get(f"{BASE}/{case.ref}").json()
    assert office_view["actions"] == ["start", "reply", "note", "resolve", "approve_photo"]
    # What is listed is what the table gives the caller's staff roles in the case's state
    # ("me too", open to anyone signed in, is not staff work).
    expected = COMPLAINT.available(state=State.ASSIGNED, roles={Role.OFFICE})
    assert office_view["actions"] == [a.name for a in expected]


def test_the_console_offers_the_forms_of_the_tables_actions(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    staff_client: Callable[[User], Client],
) -> None:
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    page = staff_client(dpupr_officer).get(f"/staff/laksa/{case.ref}/").content.decode()
    for name in ("start", "reply", "note", "resolve"):
        assert f'action="/staff/laksa/{case.ref}/{name}/"' in page
    for name in ("triage", "assign", "reject", "forward", "merge"):
        assert f"/staff/laksa/{case.ref}/{name}/" not in page
    photo = case.photos.get()
    assert f'action="/staff/laksa/{case.ref}/foto/{photo.pk}/setujui/"' in page


def test_the_docs_show_the_diagram_generated_from_the_table() -> None:
    docs = (Path(settings.BASE_DIR) / "docs" / "complaints.md").read_text()
    assert docs_block(COMPLAINT) in docs, "run: kotalive lifecycle_docs"
    call_command("lifecycle_docs", "--check")
