"""The staff LAKSA API at /api/v1/staff/complaints."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Event
from kotalive.complaints.services import complaint_assign, complaint_start
from kotalive.core.models import AuditEvent
from tests.world import unchanged

from .conftest import upload

pytestmark = pytest.mark.django_db

BASE = "/api/v1/staff/complaints"
PROBLEM = "application/problem+json"


def _assigned(make_complaint: Callable[..., Complaint], tlr: User, **kw: Any) -> Complaint:
    return complaint_assign(actor=tlr, complaint=make_complaint(**kw))


def _calls(ref: str) -> list[tuple[str, str, dict[str, Any]]]:
    return [
        ("get", f"{BASE}/{ref}", {}),
        ("post", f"{BASE}/{ref}/triage", {}),
        ("post", f"{BASE}/{ref}/assign", {}),
        ("post", f"{BASE}/{ref}/start", {}),
        ("post", f"{BASE}/{ref}/reply", {"text": "Halo"}),
        ("post", f"{BASE}/{ref}/reject", {"reason": "Tidak jelas"}),
        ("post", f"{BASE}/{ref}/forward", {"to": "PLN"}),
        ("post", f"{BASE}/{ref}/merge", {"into": ref}),
        ("post", f"{BASE}/{ref}/photos/1/approve", {}),
    ]


def _call(client: Client, method: str, url: str, body: dict[str, Any]) -> Any:
    if method == "get":
        return client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    return client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")


def _resolve(client: Client, ref: str, **data: Any) -> Any:
    return client.post(f"{BASE}/{ref}/resolve", data, HTTP_ACCEPT_LANGUAGE="en")


def test_anonymous_gets_401_everywhere(make_complaint: Callable[..., Complaint]) -> None:
    c = make_complaint()
    client = Client()
    for method, url, body in [("get", f"{BASE}/", {}), *_calls(c.ref)]:
        response = _call(client, method, url, body)
        assert response.status_code == 401, url
        assert response["Content-Type"] == PROBLEM
    assert _resolve(client, c.ref, note="x", evidence=[upload()]).status_code == 401


def test_resident_gets_403_even_for_their_own_case(
    make_complaint: Callable[..., Complaint], resident: User, resident_client: Any
) -> None:
    c = make_complaint()
    client = resident_client(resident)
    with unchanged(c):
        for method, url, body in [("get", f"{BASE}/", {}), *_calls(c.ref)]:
            response = _call(client, method, url, body)
            assert response.status_code == 403, url
            assert response.json()["code"] == "forbidden"
        assert _resolve(client, c.ref, note="x", evidence=[upload()]).status_code == 403


def test_staff_session_without_totp_is_401(
    make_complaint: Callable[..., Complaint], tlr: User
) -> None:
    client = Client()
    client.force_login(tlr)
    assert client.get(f"{BASE}/").status_code == 401


def test_other_office_gets_404_on_every_case_endpoint(
    make_complaint: Callable[..., Complaint], tlr: User, dlh_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    client = staff_client(dlh_officer)
    with unchanged(c):
        for method, url, body in _calls(c.ref):
            response = _call(client, method, url, body)
            assert response.status_code == 404, url
            assert response.json()["code"] == "complaint_not_found"
        assert _resolve(client, c.ref, note="x", evidence=[upload()]).status_code == 404
    listed = client.get(f"{BASE}/").json()
    assert listed["count"] == 0
    assert listed["items"] == []
    c.refresh_from_db()
    assert c.state == Complaint.State.ASSIGNED
    assert not AuditEvent.objects.filter(actor=dlh_officer).exists()


def test_office_lists_its_queue_and_tlr_the_whole_city(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    dpupr_officer: User,
    staff_client: Any,
) -> None:
    road = _assigned(make_complaint, tlr)
    _assigned(make_complaint, tlr, category=laksa.garbage)
    fresh = make_complaint()
    office = staff_client(dpupr_officer).get(f"{BASE}/").json()
    assert [i["ref"] for i in office["items"]] == [road.ref]
    assert "reporter" not in office["items"][0]
    city = staff_client(tlr).get(f"{BASE}/", {"state": "open", "limit": 2}).json()
    assert city["count"] == 3
    assert len(city["items"]) == 2
    assert city["items"][0]["ref"] == fresh.ref
    assert city["items"][0]["sla"]["label"] == "triage"
    only = staff_client(tlr).get(f"{BASE}/", {"q": road.ref}).json()
    assert [i["ref"] for i in only["items"]] == [road.ref]
    bad = staff_client(tlr).get(f"{BASE}/", {"state": "nonsense"})
    assert bad.status_code == 422
    assert bad["Content-Type"] == PROBLEM


def test_reading_a_case_returns_personal_data_and_is_audited(
    make_complaint: Callable[..., Complaint], tlr: User, resident: User, staff_client: Any
) -> None:
    c = make_complaint()
    response = staff_client(tlr).get(f"{BASE}/{c.ref}")
    assert response.status_code == 200
    body = response.json()
    assert body["reporter"]["phone"] == resident.phone
    assert body["timeline"][0]["kind"] == "submitted"
    assert len(body["photos"]) == 1
    assert body["photos"][0]["approved"] is False
    audit = AuditEvent.objects.get(action="complaint.personal_data_viewed")
    assert audit.actor == tlr
    assert audit.channel == "api"
    assert audit.target_id == str(c.pk)


def _stored(c: Complaint, kind: str) -> None:
    assert Event.objects.filter(complaint=c, kind=kind).exists()
    assert AuditEvent.objects.filter(
        action=f"complaint.{kind}", target_id=str(c.pk), channel="api"
    ).exists()


def test_tlr_triages_and_assigns_through_the_api(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    client = staff_client(tlr)
    response = _call(client, "post", f"{BASE}/{c.ref}/triage", {"category": "sampah"})
    assert response.status_code == 200
    assert response.json()["state"] == "triaged"
    c.refresh_from_db()
    assert c.category == laksa.garbage
    assert c.office == laksa.dlh
    _stored(c, "triaged")
    response = _call(client, "post", f"{BASE}/{c.ref}/assign", {"office": laksa.dpupr.pk})
    assert response.status_code == 200
    assert response.json()["office"] == {"id": laksa.dpupr.pk, "name": laksa.dpupr.name}
    _stored(c, "assigned")
    unknown = _call(client, "post", f"{BASE}/{c.ref}/assign", {"office": 999999})
    assert unknown.status_code == 400
    assert unknown.json()["code"] == "office_unknown"


def test_office_works_a_case_through_the_api(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    client = staff_client(dpupr_officer)
    assert _call(client, "post", f"{BASE}/{c.ref}/start", {}).json()["state"] == "in_progress"
    _stored(c, "started")
    response = _call(client, "post", f"{BASE}/{c.ref}/reply", {"text": "Segera", "public": True})
    assert response.status_code == 200
    _stored(c, "reply")
    _call(client, "post", f"{BASE}/{c.ref}/reply", {"text": "Catatan", "public": False})
    assert not Event.objects.get(complaint=c, kind="note").public
    response = _resolve(client, c.ref, note="Sudah ditambal", evidence=[upload()])
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "resolved"
    assert [p["kind"] for p in response.json()["photos"]] == ["report", "evidence"]
    _stored(c, "resolved")


def test_resolve_without_evidence_is_refused(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    with unchanged(c):
        response = _resolve(staff_client(dpupr_officer), c.ref, note="Sudah")
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    assert response.json()["code"] == "evidence_required"


def test_office_may_not_reject_forward_or_assign(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    client = staff_client(dpupr_officer)
    with unchanged(c):
        for action, body in [("reject", {"reason": "x"}), ("forward", {"to": "x"}), ("assign", {})]:
            response = _call(client, "post", f"{BASE}/{c.ref}/{action}", body)
            assert response.status_code == 403, action


def test_wrong_state_is_409(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    complaint_start(actor=dpupr_officer, complaint=c)
    with unchanged(c):
        response = _call(staff_client(dpupr_officer), "post", f"{BASE}/{c.ref}/start", {})
    assert response.status_code == 409
    assert response.json()["code"] == "complaint_wrong_state"


def test_tlr_rejects_forwards_and_merges_through_the_api(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    a, b, keep, dup = (make_complaint() for _ in range(4))
    client = staff_client(tlr)
    assert _call(client, "post", f"{BASE}/{a.ref}/reject", {"reason": "Ganda"}).status_code == 200
    _stored(a, "rejected")
    response = _call(client, "post", f"{BASE}/{b.ref}/forward", {"to": "BBPJN"})
    assert response.json()["forwarded_to"] == "BBPJN"
    _stored(b, "forwarded")
    response = _call(client, "post", f"{BASE}/{dup.ref}/merge", {"into": keep.ref})
    assert response.status_code == 200
    assert response.json()["ref"] == keep.ref
    dup.refresh_from_db()
    assert dup.state == Complaint.State.MERGED
    assert dup.merged_into == keep
    _stored(dup, "merged")
    with unchanged(a):
        missing = _call(client, "post", f"{BASE}/{a.ref}/merge", {"into": "LK-NONE00"})
    assert missing.status_code == 400
    assert missing.json()["code"] == "merge_target_unknown"


def test_every_staff_complaints_operation_declares_its_responses(client: Client) -> None:
    from kotalive.complaints.staff_api import router

    for path_view in router.path_operations.values():
        for operation in path_view.operations:
            codes = set(operation.response_models)
            assert {200, 401, 403, 404, 422} <= codes, operation.view_func.__name__


def test_the_schema_documents_the_staff_endpoints(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert f"{BASE}/" in paths
    resolve = paths[f"{BASE}/{{ref}}/resolve"]["post"]
    assert "multipart/form-data" in resolve["requestBody"]["content"]
    assert "404" in paths[f"{BASE}/{{ref}}"]["get"]["responses"]
