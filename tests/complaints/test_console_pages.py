"""The TLR console and the office queue pages under /staff/laksa/."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Event, Photo, ReplyTemplate
from kotalive.complaints.services import complaint_assign, complaint_start
from kotalive.core.models import AuditEvent
from tests.world import make_staff, unchanged

from .conftest import upload

pytestmark = pytest.mark.django_db

ACTIONS = ["triage", "assign", "start", "reply", "note", "resolve", "reject", "forward", "merge"]


def _en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _assigned(make_complaint: Callable[..., Complaint], tlr: User, **kw: Any) -> Complaint:
    complaint = make_complaint(**kw)
    return complaint_assign(actor=tlr, complaint=complaint)


def _urls(ref: str, photo_id: int) -> list[tuple[str, str]]:
    base = f"/staff/laksa/{ref}/"
    return [
        ("get", base),
        ("get", base + "baris/"),
        ("post", base + f"foto/{photo_id}/setujui/"),
        *[("post", base + f"{a}/") for a in ACTIONS],
    ]


# --- who may open what -----------------------------------------------------------------------


def test_anonymous_is_sent_to_the_staff_sign_in(make_complaint: Callable[..., Complaint]) -> None:
    c = make_complaint()
    client = Client()
    for method, url in [
        ("get", "/staff/laksa/"),
        ("get", "/staff/laksa/baru/"),
        ("post", "/staff/laksa/massal/"),
        *_urls(c.ref, c.photos.get().pk),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/staff/masuk/"), url
    assert Event.objects.filter(complaint=c).count() == 1  # submitted only


def test_resident_is_refused_everywhere_even_on_their_own_case(
    make_complaint: Callable[..., Complaint], resident: User, resident_client: Any
) -> None:
    c = make_complaint()  # the resident is its reporter
    client = resident_client(resident)
    with unchanged(c):
        for method, url in [
            ("get", "/staff/laksa/"),
            ("get", "/staff/laksa/baru/"),
            ("post", "/staff/laksa/massal/"),
            *_urls(c.ref, c.photos.get().pk),
        ]:
            assert getattr(client, method)(url).status_code == 403, url


def test_other_office_gets_404_on_every_case_endpoint(
    make_complaint: Callable[..., Complaint], tlr: User, dlh_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)  # a road case, DPUPR's
    client = staff_client(dlh_officer)
    with unchanged(c):
        for method, url in _urls(c.ref, c.photos.get().pk):
            data = {"text": "x", "note": "x", "reason": "x", "to": "x", "into": c.ref}
            response = client.post(url, data) if method == "post" else client.get(url)
            assert response.status_code == 404, url
    assert c.ref not in client.get("/staff/laksa/").content.decode()
    assert not AuditEvent.objects.filter(actor=dlh_officer).exists()


def test_office_does_not_see_a_case_before_it_is_assigned(
    make_complaint: Callable[..., Complaint], dpupr_officer: User, staff_client: Any
) -> None:
    c = make_complaint()
    client = staff_client(dpupr_officer)
    assert client.get(f"/staff/laksa/{c.ref}/").status_code == 404
    assert c.ref not in client.get("/staff/laksa/").content.decode()


def test_office_sees_its_own_queue_and_tlr_sees_every_case(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    dpupr_officer: User,
    staff_client: Any,
) -> None:
    road = _assigned(make_complaint, tlr)
    garbage = _assigned(make_complaint, tlr, category=laksa.garbage)
    fresh = make_complaint()
    office_page = staff_client(dpupr_officer).get("/staff/laksa/").content.decode()
    assert road.ref in office_page
    assert garbage.ref not in office_page
    assert fresh.ref not in office_page
    tlr_page = staff_client(tlr).get("/staff/laksa/").content.decode()
    assert all(c.ref in tlr_page for c in (road, garbage, fresh))


def test_staff_member_without_a_laksa_role_is_refused(laksa: Any, staff_client: Any) -> None:
    from kotalive.accounts.models import Membership, Organisation

    hospital = Organisation.objects.create(kind=Organisation.Kind.HOSPITAL, slug="rs", name="RS")
    nurse = make_staff("nurse", hospital, Membership.Role.OFFICER)
    assert staff_client(nurse).get("/staff/laksa/").status_code == 403


# --- the queue ---------------------------------------------------------------------------------


def test_queue_filters_by_state_and_search_and_flags_overdue(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    late = make_complaint(description="Lampu jalan mati total")
    Complaint.objects.filter(pk=late.pk).update(
        triage_due_at=timezone.now() - timedelta(hours=1), escalated_at=timezone.now()
    )
    other = _assigned(make_complaint, tlr)
    client = _en(staff_client(tlr))
    page = client.get("/staff/laksa/", {"overdue": "on"}).content.decode()
    assert late.ref in page
    assert other.ref not in page
    assert "Overdue" in page
    assert "⚠" in page
    page = client.get("/staff/laksa/", {"state": "assigned"}).content.decode()
    assert other.ref in page
    assert late.ref not in page
    page = client.get("/staff/laksa/", {"q": "lampu"}).content.decode()
    assert late.ref in page
    assert other.ref not in page
    page = client.get("/staff/laksa/", {"q": other.ref.lower()}).content.decode()
    assert other.ref in page
    assert late.ref not in page


def test_queue_is_paginated(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    first_case = make_complaint(photos=[])
    # Copies of one case: filing 26 through the service would hit the resident's rate limit.
    copies = []
    for i in range(25):
        first_case.pk = None
        first_case.ref = f"LK-PG{i:04d}"
        copies.append(
            Complaint(
                **{
                    f.attname: getattr(first_case, f.attname)
                    for f in Complaint._meta.concrete_fields
                }
            )
        )
    Complaint.objects.bulk_create(copies)
    refs = list(Complaint.objects.values_list("ref", flat=True))
    assert len(refs) == 26
    client = _en(staff_client(tlr))
    first = client.get("/staff/laksa/").content.decode()
    second = client.get("/staff/laksa/", {"page": 2}).content.decode()
    assert "Page 1 of 2" in first
    # Rows of the table (the map above it shows every open case of the filter, not a page).
    assert sum(f'id="row-{ref}"' in first for ref in refs) == 25
    assert sum(f'id="row-{ref}"' in second for ref in refs) == 1


def test_queue_subscribes_to_the_channels_of_the_users_orgs(
    laksa: Any, tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    tlr_page = staff_client(tlr).get("/staff/laksa/").content.decode()
    assert f'data-channels="org:{laksa.diskominfo.pk}"' in tlr_page
    assert "complaint.submitted" in tlr_page
    assert "complaint.escalated" in tlr_page
    assert 'aria-live="polite"' in tlr_page
    office_page = staff_client(dpupr_officer).get("/staff/laksa/").content.decode()
    assert f'data-channels="org:{laksa.dpupr.pk}"' in office_page


def test_row_partial_shows_one_row_in_the_actors_view(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    dlh_officer: User,
    staff_client: Any,
) -> None:
    c = make_complaint()
    response = staff_client(tlr).get(f"/staff/laksa/{c.ref}/baris/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<tr id="row-{c.ref}"')
    assert "<html" not in html
    assert staff_client(dpupr_officer).get(f"/staff/laksa/{c.ref}/baris/").status_code == 404
    complaint_assign(actor=tlr, complaint=c)
    assert staff_client(dpupr_officer).get(f"/staff/laksa/{c.ref}/baris/").status_code == 200
    assert staff_client(dlh_officer).get(f"/staff/laksa/{c.ref}/baris/").status_code == 404


# --- the case page ---------------------------------------------------------------------------


def test_reading_the_case_page_is_audited_as_a_personal_data_view(
    make_complaint: Callable[..., Complaint], tlr: User, resident: User, staff_client: Any
) -> None:
    resident.display_name = "Siti Aminah"
    resident.save()
    c = make_complaint()
    client = staff_client(tlr)
    for _ in range(2):
        page = client.get(f"/staff/laksa/{c.ref}/").content.decode()
    assert "Siti Aminah" in page
    assert resident.phone in page
    rows = AuditEvent.objects.filter(action="complaint.personal_data_viewed", actor=tlr)
    assert rows.count() == 2
    assert set(rows.values_list("target_id", flat=True)) == {str(c.pk)}


def _post(client: Client, ref: str, action: str, data: dict[str, Any]) -> Any:
    return client.post(f"/staff/laksa/{ref}/{action}/", data)


def _changed(c: Complaint, kind: str, action: str | None = None) -> None:
    assert Event.objects.filter(complaint=c, kind=kind).exists()
    assert AuditEvent.objects.filter(
        action=action or f"complaint.{kind}", target_id=str(c.pk)
    ).exists()


def test_tlr_triages_with_category_correction_and_assigns(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    client = staff_client(tlr)
    response = _post(client, c.ref, "triage", {"category": "sampah", "note": "Sampah, bukan jalan"})
    assert response.status_code == 302
    assert response["Location"] == f"/staff/laksa/{c.ref}/"
    c.refresh_from_db()
    assert c.state == Complaint.State.TRIAGED
    assert c.category == laksa.garbage
    assert c.office == laksa.dlh
    _changed(c, "triaged")
    response = _post(client, c.ref, "assign", {"office": laksa.dpupr.pk})
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == Complaint.State.ASSIGNED
    assert c.office == laksa.dpupr
    _changed(c, "assigned")


def test_office_starts_replies_notes_and_resolves_with_evidence(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    dpupr_officer: User,
    staff_client: Any,
) -> None:
    c = _assigned(make_complaint, tlr)
    ReplyTemplate.objects.create(title="Survey", body_id="Petugas akan survei lokasi.")
    client = staff_client(dpupr_officer)
    assert _post(client, c.ref, "start", {"note": ""}).status_code == 302
    c.refresh_from_db()
    assert c.state == Complaint.State.IN_PROGRESS
    assert c.assignee == dpupr_officer
    _changed(c, "started")
    template = ReplyTemplate.objects.get()
    assert _post(client, c.ref, "reply", {"template": template.pk, "text": ""}).status_code == 302
    reply = Event.objects.get(complaint=c, kind=Event.Kind.REPLY)
    assert reply.note == "Petugas akan survei lokasi."
    assert reply.public
    _changed(c, "reply")
    assert _post(client, c.ref, "note", {"text": "Butuh alat berat"}).status_code == 302
    assert not Event.objects.get(complaint=c, kind=Event.Kind.NOTE).public
    _changed(c, "note")
    response = client.post(
        f"/staff/laksa/{c.ref}/resolve/", {"note": "Sudah ditambal", "evidence": [upload()]}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == Complaint.State.RESOLVED
    assert c.photos.filter(kind=Photo.Kind.EVIDENCE, approved_at__isnull=False).count() == 1
    _changed(c, "resolved")


def test_resolve_without_evidence_is_refused_on_the_page(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    client = _en(staff_client(dpupr_officer))
    with unchanged(c):
        response = _post(client, c.ref, "resolve", {"note": "Sudah"})
    assert response.status_code == 400
    assert "Add at least one photo that shows the result." in response.content.decode()


def test_office_may_not_do_tlr_steps(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    client = staff_client(dpupr_officer)
    calls: list[tuple[str, dict[str, Any]]] = [
        ("reject", {"reason": "Bukan urusan kami"}),
        ("forward", {"to": "BBPJN"}),
        ("assign", {"office": c.office_id}),
    ]
    with unchanged(c):
        for action, data in calls:
            assert _post(client, c.ref, action, data).status_code == 403, action


def test_wrong_state_is_a_form_error(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    complaint_start(actor=dpupr_officer, complaint=c)
    with unchanged(c):
        response = _post(_en(staff_client(dpupr_officer)), c.ref, "start", {})
    assert response.status_code == 409
    assert "that step is not possible now" in response.content.decode()


def test_tlr_rejects_forwards_and_merges(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    client = _en(staff_client(tlr))
    a, b, keep, dup = (make_complaint() for _ in range(4))
    with unchanged(a):
        response = _post(client, a.ref, "reject", {"reason": ""})
    assert response.status_code == 400  # the reason is required by the service
    assert _post(client, a.ref, "reject", {"reason": "Laporan ganda"}).status_code == 302
    a.refresh_from_db()
    assert a.state == Complaint.State.REJECTED
    assert a.reject_reason == "Laporan ganda"
    _changed(a, "rejected")
    assert _post(client, b.ref, "forward", {"to": "PLN UP3 Cikokol"}).status_code == 302
    b.refresh_from_db()
    assert b.state == Complaint.State.FORWARDED
    assert b.forwarded_to == "PLN UP3 Cikokol"
    _changed(b, "forwarded")
    with unchanged(dup, keep):
        response = _post(client, dup.ref, "merge", {"into": "LK-NONE00"})
    assert response.status_code == 400
    assert "No such report." in response.content.decode()
    assert _post(client, dup.ref, "merge", {"into": keep.ref.lower()}).status_code == 302
    dup.refresh_from_db()
    assert dup.state == Complaint.State.MERGED
    assert dup.merged_into == keep
    _changed(dup, "merged")


def test_office_approves_a_report_photo(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    photo = c.photos.get()
    response = staff_client(dpupr_officer).post(f"/staff/laksa/{c.ref}/foto/{photo.pk}/setujui/")
    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.approved_by == dpupr_officer
    _changed(c, "photo_approved")


def test_unknown_action_is_404(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    assert staff_client(tlr).post(f"/staff/laksa/{c.ref}/explode/").status_code == 404


# --- bulk and staff entry ------------------------------------------------------------------------


def test_bulk_assign_routes_each_and_summarises_failures(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    staff_client: Any,
) -> None:
    road = make_complaint()
    garbage = make_complaint(category=laksa.garbage)
    closed = make_complaint()
    Complaint.objects.filter(pk=closed.pk).update(state=Complaint.State.REJECTED)
    client = _en(staff_client(tlr))
    response = client.post(
        "/staff/laksa/massal/",
        {"refs": [road.ref, garbage.ref, closed.ref, "LK-NONE00"], "op": "route"},
        follow=True,
    )
    page = response.content.decode()
    assert f"2 reports assigned: {road.ref}, {garbage.ref}." in page
    assert "2 reports not assigned" in page
    assert "LK-NONE00: no such report" in page
    road.refresh_from_db()
    garbage.refresh_from_db()
    assert road.office == laksa.dpupr
    assert road.state == Complaint.State.ASSIGNED
    assert garbage.office == laksa.dlh
    assert garbage.state == Complaint.State.ASSIGNED
    assert AuditEvent.objects.filter(action="complaint.assigned").count() == 2


def test_bulk_assign_to_a_chosen_office(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    refs = [make_complaint().ref for _ in range(2)]
    client = staff_client(tlr)
    response = client.post(
        "/staff/laksa/massal/", {"refs": refs, "op": "assign", "office": laksa.dlh.pk}
    )
    assert response.status_code == 302
    assert set(Complaint.objects.filter(ref__in=refs).values_list("office", flat=True)) == {
        laksa.dlh.pk
    }


def test_bulk_is_tlr_only(
    make_complaint: Callable[..., Complaint], tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    c = _assigned(make_complaint, tlr)
    with unchanged(c):
        response = staff_client(dpupr_officer).post(
            "/staff/laksa/massal/", {"refs": [c.ref], "op": "route"}
        )
    assert response.status_code == 403


def test_tlr_enters_a_phone_report_without_a_reporter_account(
    laksa: Any, tlr: User, dpupr_officer: User, staff_client: Any
) -> None:
    assert staff_client(dpupr_officer).get("/staff/laksa/baru/").status_code == 403
    client = staff_client(tlr)
    assert client.get("/staff/laksa/baru/").status_code == 200
    response = client.post(
        "/staff/laksa/baru/",
        {
            "channel": "phone",
            "category": "jalan-rusak",
            "description": "Penelepon melaporkan jalan berlubang.",
            "kelurahan": laksa.sukarasa.pk,
            "address": "Jl. Sukarasa No. 1",
            "contact_name": "Budi",
            "contact_phone": "+6281234567890",
            "photos": [upload()],
        },
    )
    assert response.status_code == 302
    c = Complaint.objects.get()
    assert response["Location"] == f"/staff/laksa/{c.ref}/"
    assert c.reporter is None
    assert c.channel == "phone"
    assert (c.contact_name, c.contact_phone) == ("Budi", "+6281234567890")
    assert c.photos.count() == 1
    assert not c.followers.exists()
    _changed(c, "submitted")


def test_staff_entry_without_a_place_is_a_form_error(
    laksa: Any, tlr: User, staff_client: Any
) -> None:
    client = _en(staff_client(tlr))
    response = client.post(
        "/staff/laksa/baru/",
        {"channel": "social", "category": "sampah", "description": "Tumpukan sampah."},
    )
    assert response.status_code == 400
    assert "Put a pin on the map" in response.content.decode()
    assert not Complaint.objects.exists()


def test_office_member_narrowed_to_another_kecamatan_does_not_see_the_case(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    from kotalive.regions.models import Kecamatan

    c = _assigned(make_complaint, tlr)  # in Kecamatan Tangerang
    elsewhere = Kecamatan.objects.exclude(pk=laksa.sukarasa.kecamatan_id).first()
    here = laksa.sukarasa.kecamatan
    narrow = make_staff("dpupr.cipondoh", laksa.dpupr, scope_kecamatan=elsewhere)
    client = staff_client(narrow)
    assert client.get(f"/staff/laksa/{c.ref}/").status_code == 404
    assert c.ref not in client.get("/staff/laksa/").content.decode()
    local = make_staff("dpupr.tangerang", laksa.dpupr, scope_kecamatan=here)
    assert staff_client(local).get(f"/staff/laksa/{c.ref}/").status_code == 200
