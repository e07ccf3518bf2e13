"""A case's life through the services: submit, triage, assign, work, resolve, close, reopen."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from kotalive.complaints.models import Complaint, Event, Follower, Photo, RoutingRule
from kotalive.complaints.selectors import complaints_nearby, distance_m
from kotalive.complaints.services import (
    complaint_assign,
    complaint_confirm,
    complaint_forward,
    complaint_merge,
    complaint_rate,
    complaint_reject,
    complaint_reopen,
    complaint_reply,
    complaint_resolve,
    complaint_start,
    complaint_submit,
    complaint_support,
    complaint_triage,
)
from kotalive.core.errors import DomainError, NotFound, PermissionDenied
from kotalive.core.geo import coarse_point
from kotalive.core.models import AuditEvent
from kotalive.notifications.models import Notification
from kotalive.regions.models import Kelurahan
from tests.complaints.conftest import INSIDE, OUTSIDE, upload

pytestmark = pytest.mark.django_db
State = Complaint.State


def test_submit_routes_to_the_category_office_and_starts_the_triage_clock(
    make_complaint, laksa, resident
):
    case = make_complaint()
    assert case.state == State.NEW
    assert case.office == laksa.dpupr
    assert case.kelurahan == laksa.sukarasa
    assert case.reporter == resident
    assert case.ref.startswith("LK-")
    assert len(case.ref) == 9
    assert case.triage_due_at is not None
    assert case.triage_due_at > case.created_at
    assert case.photos.count() == 1
    assert Follower.objects.filter(complaint=case, user=resident, role="reporter").exists()
    assert case.events.get().kind == Event.Kind.SUBMITTED
    assert AuditEvent.objects.filter(action="complaint.submitted", target_id=str(case.pk)).exists()
    # The reporter gets the first message of the thread in their inbox.
    assert Notification.objects.filter(user=resident, kind="complaint.submitted").count() == 1


def test_a_kelurahan_routing_rule_beats_the_category_default(make_complaint, laksa):
    RoutingRule.objects.create(
        category=laksa.road, kecamatan=laksa.sukarasa.kecamatan, office=laksa.dlh
    )
    assert make_complaint().office == laksa.dlh
    kelurahan_rule_office = laksa.diskominfo
    RoutingRule.objects.create(
        category=laksa.road, kelurahan=laksa.sukarasa, office=kelurahan_rule_office
    )
    assert make_complaint().office == kelurahan_rule_office


def test_a_reference_already_taken_is_drawn_again(make_complaint, monkeypatch):
    first = make_complaint()
    drawn = iter([first.ref, first.ref, "LK-NEW234"])
    monkeypatch.setattr(
        "kotalive.complaints.services.resident.new_ref", lambda: next(drawn), raising=True
    )
    second = make_complaint()
    assert second.ref == "LK-NEW234"
    assert Complaint.objects.get(ref=first.ref).pk == first.pk
    assert Complaint.objects.get(ref="LK-NEW234").pk == second.pk
    # The case is whole: its follower, first event and receipt belong to the new reference.
    assert second.events.get().kind == Event.Kind.SUBMITTED
    assert Notification.objects.filter(url=f"/laporan/{second.ref}/").count() == 1


def test_a_location_outside_the_city_is_refused_and_nothing_is_stored(make_complaint, media):
    with pytest.raises(DomainError) as refused:
        make_complaint(lat=OUTSIDE[0], lon=OUTSIDE[1])
    assert refused.value.code == "location_outside_city"
    assert refused.value.field == "lat"
    assert not Complaint.objects.exists()


def test_without_a_pin_the_kelurahan_and_an_address_are_needed(make_complaint, laksa):
    with pytest.raises(DomainError) as no_place:
        make_complaint(lat=None, lon=None)
    assert no_place.value.code == "location_required"
    with pytest.raises(DomainError) as no_address:
        make_complaint(lat=None, lon=None, kelurahan=laksa.sukarasa)
    assert no_address.value.code == "address_required"
    case = make_complaint(
        lat=None, lon=None, kelurahan=laksa.sukarasa, address="Jl. Merdeka, depan masjid"
    )
    assert case.lat is None
    assert case.kelurahan == laksa.sukarasa


def test_description_is_plain_text_and_limited(make_complaint):
    case = make_complaint(description="  Lampu mati\u0000 di gang\u202e 3  ")
    assert case.description == "Lampu mati di gang 3"
    with pytest.raises(DomainError) as long:
        make_complaint(description="x" * 2001)
    assert long.value.code == "description_too_long"


def test_a_spoofed_photo_refuses_the_whole_report_and_leaves_no_file(make_complaint, settings):
    with pytest.raises(DomainError) as refused:
        make_complaint(photos=[upload(), upload(b"<html><script>alert(1)</script>", "x.jpg")])
    assert refused.value.code == "photo_invalid"
    assert not Complaint.objects.exists()
    media_root = settings.MEDIA_ROOT
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_six_photos_are_too_many(make_complaint):
    with pytest.raises(DomainError) as refused:
        make_complaint(photos=[upload() for _ in range(6)])
    assert refused.value.code == "photos_too_many"


def test_me_too_follows_once_and_counts_a_supporter(make_complaint, other_resident):
    case = make_complaint()
    assert complaint_support(actor=other_resident, complaint=case) is True
    assert complaint_support(actor=other_resident, complaint=case) is False
    case.refresh_from_db()
    assert case.supporters_count == 1
    assert Follower.objects.filter(complaint=case, user=other_resident, role="supporter").exists()


def test_nearby_finds_open_cases_of_the_category_within_the_radius(make_complaint, laksa):
    near = make_complaint()
    make_complaint(category=laksa.garbage)
    found = complaints_nearby(lat=INSIDE[0] + 0.001, lon=INSIDE[1], category=laksa.road)
    assert [n.complaint for n in found] == [near]
    # To the public (coarse) point, never the exact pin (docs/complaints.md).
    public = coarse_point(INSIDE[0], INSIDE[1])
    assert found[0].distance_m == round(distance_m(INSIDE[0] + 0.001, INSIDE[1], *public))
    assert complaints_nearby(lat=INSIDE[0] + 0.01, lon=INSIDE[1], category=laksa.road) == []


def _through_to_resolved(case, tlr, officer):
    complaint_triage(actor=tlr, complaint=case)
    complaint_assign(actor=tlr, complaint=case)
    complaint_start(actor=officer, complaint=case, note="Tim menuju lokasi.", note_public=True)
    return complaint_resolve(
        actor=officer, complaint=case, note="Lubang sudah ditambal.", evidence=[upload()]
    )


def test_full_life_of_a_case_with_notifications_to_followers(
    make_complaint, tlr, dpupr_officer, resident, other_resident, django_capture_on_commit_callbacks
):
    case = make_complaint()
    complaint_support(actor=other_resident, complaint=case)
    with django_capture_on_commit_callbacks(execute=True):
        case = _through_to_resolved(case, tlr, dpupr_officer)
    assert case.state == State.RESOLVED
    assert case.resident_status == "done"
    assert case.photos.filter(kind=Photo.Kind.EVIDENCE, approved_at__isnull=False).count() == 1
    assert case.resolve_due_at is not None
    assert case.assigned_at is not None
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "supported", "triaged", "assigned", "started", "resolved"]
    # Both followers heard of the assignment, the start and the fix; nobody twice.
    for user in (resident, other_resident):
        got = set(Notification.objects.filter(user=user).values_list("kind", flat=True))
        assert {"complaint.assigned", "complaint.started", "complaint.resolved"} <= got
    case = complaint_confirm(actor=resident, complaint=case)
    assert case.state == State.CLOSED
    assert case.closed_at is not None
    case = complaint_rate(actor=resident, complaint=case, rating=5, comment="Cepat!")
    assert (case.rating, case.rating_comment) == (5, "Cepat!")
    with pytest.raises(DomainError) as again:
        complaint_rate(actor=resident, complaint=case, rating=4)
    assert again.value.code == "already_rated"


def test_resolving_needs_photo_evidence(make_complaint, tlr, dpupr_officer):
    case = make_complaint()
    complaint_assign(actor=tlr, complaint=case)
    with pytest.raises(DomainError) as refused:
        complaint_resolve(actor=dpupr_officer, complaint=case, note="Selesai.", evidence=[])
    assert refused.value.code == "evidence_required"
    case.refresh_from_db()
    assert case.state == State.ASSIGNED


def test_reopen_within_the_window_goes_back_to_the_same_office(
    make_complaint, tlr, dpupr_officer, resident, laksa
):
    case = _through_to_resolved(make_complaint(), tlr, dpupr_officer)
    case = complaint_reopen(actor=resident, complaint=case, reason="Masih berlubang.")
    assert case.state == State.ASSIGNED
    assert case.office == laksa.dpupr
    assert case.reopened_count == 1
    case = complaint_resolve(
        actor=dpupr_officer, complaint=case, note="Ditambal ulang.", evidence=[upload()]
    )
    Complaint.objects.filter(pk=case.pk).update(
        resolved_at=timezone.now() - timedelta(days=laksa.settings.auto_close_days + 1)
    )
    case.refresh_from_db()
    with pytest.raises(DomainError) as late:
        complaint_reopen(actor=resident, complaint=case, reason="Masih rusak.")
    assert late.value.code == "reopen_window_passed"


def test_only_the_reporter_confirms_reopens_or_rates(
    make_complaint, tlr, dpupr_officer, other_resident
):
    case = _through_to_resolved(make_complaint(), tlr, dpupr_officer)
    for call in (
        lambda: complaint_confirm(actor=other_resident, complaint=case),
        lambda: complaint_reopen(actor=other_resident, complaint=case, reason="x"),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_an_office_cannot_work_another_offices_case(make_complaint, tlr, dlh_officer):
    case = complaint_assign(actor=tlr, complaint=make_complaint())
    with pytest.raises(NotFound):
        complaint_start(actor=dlh_officer, complaint=case)
    with pytest.raises(NotFound):
        complaint_reply(actor=dlh_officer, complaint=case, text="Halo")
    with pytest.raises(PermissionDenied):
        complaint_assign(actor=dlh_officer, complaint=case)


def test_an_office_does_not_see_a_case_before_it_is_assigned(make_complaint, dpupr_officer):
    case = make_complaint()
    with pytest.raises(NotFound):
        complaint_start(actor=dpupr_officer, complaint=case)


def test_reject_and_forward_close_with_a_reason_the_resident_sees(make_complaint, tlr):
    rejected = complaint_reject(actor=tlr, complaint=make_complaint(), reason="Laporan ganda.")
    assert rejected.state == State.REJECTED
    assert rejected.public_note == "Laporan ganda."
    assert rejected.open311_status == "closed"
    forwarded = complaint_forward(actor=tlr, complaint=make_complaint(), to="PLN UP3 Cikokol")
    assert forwarded.state == State.FORWARDED
    assert forwarded.forwarded_to == "PLN UP3 Cikokol"


def test_merge_moves_followers_to_the_surviving_case(
    make_complaint, tlr, resident, other_resident, laksa
):
    target = make_complaint()
    source = make_complaint(actor=other_resident)
    merged = complaint_merge(actor=tlr, source=source, target=target)
    source.refresh_from_db()
    assert source.state == State.MERGED
    assert source.merged_into == target
    assert source.open311_status == "closed"
    assert set(merged.followers.values_list("user_id", flat=True)) == {
        resident.pk,
        other_resident.pk,
    }
    assert merged.supporters_count == 1
    with pytest.raises(DomainError):
        complaint_merge(actor=tlr, source=target, target=target)


def test_triage_can_correct_the_category_which_reroutes(make_complaint, tlr, laksa):
    case = complaint_triage(actor=tlr, complaint=make_complaint(), category=laksa.garbage)
    assert case.category == laksa.garbage
    assert case.office == laksa.dlh
    assert case.state == State.TRIAGED


def test_staff_entry_from_a_phone_call_has_contact_but_no_reporter(laksa, tlr):
    case = complaint_submit(
        actor=tlr,
        category=laksa.road,
        description="Penelepon melaporkan jalan amblas.",
        kelurahan=Kelurahan.objects.get(code="36.71.01.1002"),
        address="Jl. Daan Mogot km 2",
        channel=Complaint.Channel.PHONE,
        contact_name="Pak Ahmad",
        contact_phone="081299990000",
    )
    assert case.reporter is None
    assert case.contact_name == "Pak Ahmad"
    assert not case.followers.exists()


def test_wrong_state_transitions_are_refused(make_complaint, tlr, dpupr_officer):
    case = make_complaint()
    with pytest.raises(DomainError) as early:
        complaint_confirm(actor=case.reporter, complaint=case)
    assert early.value.code == "complaint_wrong_state"
    assert early.value.status == 409


def test_a_resident_may_file_a_limited_number_of_reports_per_hour(make_complaint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "complaint_submit": "2/3600"}
    make_complaint()
    make_complaint()
    with pytest.raises(DomainError) as limited:
        make_complaint()
    assert limited.value.code == "rate_limited"
    assert limited.value.status == 429
    assert Complaint.objects.count() == 2
