"""Resident LAKSA API: categories, nearby, filing with photos (idempotent), my reports, a case,
"me too", confirm, reopen and rate, each with its refusal."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from kotalive.accounts.services import api_token_create
from kotalive.complaints.models import Complaint, Follower, Photo
from tests.complaints.conftest import INSIDE, OUTSIDE, upload
from tests.world import unchanged

pytestmark = pytest.mark.django_db

BASE = "/api/v1/complaints"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _bearer(user) -> dict[str, str]:
    _token, raw = api_token_create(actor=user, name="test phone")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def api(resident) -> Client:
    client = Client()
    client.defaults.update({**_bearer(resident), **EN})
    return client


@pytest.fixture
def other_api(other_resident) -> Client:
    client = Client()
    client.defaults.update({**_bearer(other_resident), **EN})
    return client


def _form(laksa, **overrides):
    data = {
        "category": laksa.road.slug,
        "description": "Lubang besar di jalan depan sekolah.",
        "lat": str(INSIDE[0]),
        "lon": str(INSIDE[1]),
    }
    data.update(overrides)
    return data


def _resolved(complaint: Complaint, *, days_ago: int = 0, state: str = "resolved") -> None:
    when = timezone.now() - timedelta(days=days_ago)
    Complaint.objects.filter(pk=complaint.pk).update(state=state, resolved_at=when, updated_at=when)


PRIVATE = [
    ("post", f"{BASE}/"),
    ("get", f"{BASE}/mine"),
    ("post", f"{BASE}/LK-ABCDEF/support"),
    ("post", f"{BASE}/LK-ABCDEF/confirm"),
    ("post", f"{BASE}/LK-ABCDEF/reopen"),
    ("post", f"{BASE}/LK-ABCDEF/rate"),
]


@pytest.mark.parametrize(("method", "path"), PRIVATE)
def test_anonymous_is_refused_on_every_private_endpoint(laksa, method, path):
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(path)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


def test_categories_are_public(client, laksa):
    response = client.get(f"{BASE}/categories", **EN)
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()] == ["jalan-rusak", "sampah"]
    assert response.json()[0]["name"] == "Damaged road"


def test_filing_with_photos_answers_201_with_the_case(api, laksa, resident):
    response = api.post(f"{BASE}/", {**_form(laksa), "photos": [upload(), upload()]})
    assert response.status_code == 201, response.content
    body = response.json()
    complaint = Complaint.objects.get()
    assert body["ref"] == complaint.ref
    assert body["status"] == "waiting"
    assert body["kelurahan"] == laksa.sukarasa.name
    assert body["following"]["role"] == "reporter"
    assert len(body["following"]["own_photos"]) == 2
    assert body["photos"] == []  # not approved yet
    assert complaint.reporter == resident
    assert complaint.photos.count() == 2


def test_same_idempotency_key_stores_one_case_and_answers_the_same(api, laksa):
    data = {**_form(laksa), "photos": [upload()]}
    first = api.post(f"{BASE}/", data, HTTP_IDEMPOTENCY_KEY="offline-draft-1")
    data = {**_form(laksa), "photos": [upload()]}
    second = api.post(f"{BASE}/", data, HTTP_IDEMPOTENCY_KEY="offline-draft-1")
    assert first.status_code == second.status_code == 201
    assert second["Idempotent-Replayed"] == "true"
    assert first.content == second.content
    assert Complaint.objects.count() == 1
    assert Photo.objects.count() == 1


def test_session_post_with_csrf_is_accepted(laksa, resident):
    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    client.get("/lapor/")
    token = client.cookies["csrftoken"].value
    refused = client.post(f"{BASE}/", _form(laksa))
    assert refused.status_code in (401, 403)
    response = client.post(f"{BASE}/", _form(laksa), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201
    assert Complaint.objects.count() == 1


def test_outside_the_city_is_refused_with_the_field(api, laksa):
    response = api.post(f"{BASE}/", _form(laksa, lat=str(OUTSIDE[0]), lon=str(OUTSIDE[1])))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "location_outside_city"
    assert body["field"] == "lat"
    assert "outside Kota Tangerang" in body["detail"]
    assert Complaint.objects.count() == 0


def test_a_spoofed_photo_is_refused_and_nothing_is_stored(api, laksa):
    spoof = upload(b"<html><body>not a photo</body></html>", name="x.jpg")
    response = api.post(f"{BASE}/", {**_form(laksa), "photos": [upload(), spoof]})
    assert response.status_code == 400
    assert response.json()["code"] == "photo_invalid"
    assert response.json()["field"] == "photos"
    assert Complaint.objects.count() == 0
    assert _media_files() == []


def test_unknown_category_and_kelurahan_are_refused(api, laksa):
    response = api.post(f"{BASE}/", _form(laksa, category="nope"))
    assert response.status_code == 400
    assert response.json()["code"] == "category_unknown"
    assert response.json()["field"] == "category"
    response = api.post(f"{BASE}/", _form(laksa, lat="", lon="", kelurahan="99.99"))
    assert response.status_code == 400
    assert response.json()["code"] == "kelurahan_unknown"
    assert Complaint.objects.count() == 0


def test_bad_coordinates_are_a_validation_error(api, laksa):
    response = api.post(f"{BASE}/", _form(laksa, lat="95"))
    assert response.status_code == 422
    assert Complaint.objects.count() == 0


def test_nearby_shows_open_cases_of_the_category_without_personal_data(
    client, laksa, resident, make_complaint
):
    resident.display_name = "Budi Santoso"
    resident.save()
    complaint = make_complaint()
    params = {"lat": INSIDE[0], "lon": INSIDE[1], "category": laksa.road.slug}
    response = client.get(f"{BASE}/nearby", params)
    assert response.status_code == 200
    assert [n["ref"] for n in response.json()] == [complaint.ref]
    assert "Budi" not in response.text
    assert resident.phone not in response.text
    other = client.get(f"{BASE}/nearby", {**params, "category": laksa.garbage.slug})
    assert other.json() == []
    assert client.get(f"{BASE}/nearby", {"lat": 200, "lon": 0}).status_code == 422


def test_me_too_is_idempotent(other_api, other_resident, make_complaint):
    complaint = make_complaint()
    first = other_api.post(f"{BASE}/{complaint.ref}/support")
    second = other_api.post(f"{BASE}/{complaint.ref}/support")
    assert first.json() == {"ref": complaint.ref, "joined": True, "supporters_count": 1}
    assert second.json() == {"ref": complaint.ref, "joined": False, "supporters_count": 1}
    assert Follower.objects.filter(complaint=complaint, user=other_resident).count() == 1


def test_me_too_on_a_closed_case_is_refused(other_api, make_complaint):
    complaint = make_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(state="closed")
    with unchanged(complaint):
        response = other_api.post(f"{BASE}/{complaint.ref}/support")
    assert response.status_code == 409
    assert response.json()["code"] == "complaint_closed"


def test_mine_lists_own_and_followed(api, other_api, laksa, other_resident, make_complaint):
    own = make_complaint()
    theirs = make_complaint(actor=other_resident, category=laksa.garbage)
    unrelated = make_complaint(actor=other_resident)
    api.post(f"{BASE}/{theirs.ref}/support")
    response = api.get(f"{BASE}/mine")
    roles = {c["ref"]: c["role"] for c in response.json()}
    assert roles == {own.ref: "reporter", theirs.ref: "supporter"}
    assert unrelated.ref not in roles


def test_case_detail_public_for_all_extras_for_followers(api, other_api, client, make_complaint):
    complaint = make_complaint()
    public = client.get(f"{BASE}/{complaint.ref}").json()
    assert public["following"] is None
    assert other_api.get(f"{BASE}/{complaint.ref}").json()["following"] is None
    mine = api.get(f"{BASE}/{complaint.ref}").json()["following"]
    assert mine["role"] == "reporter"
    assert [e["kind"] for e in mine["timeline"]] == ["submitted"]
    assert client.get(f"{BASE}/LK-NOPE99").status_code == 404


def test_reporter_confirms_reopens_and_rates(api, make_complaint):
    complaint = make_complaint()
    _resolved(complaint)
    response = api.post(f"{BASE}/{complaint.ref}/confirm")
    assert response.status_code == 200
    assert response.json()["state"] == "closed"
    assert response.json()["following"]["can_rate"] is True
    reopened = api.post(
        f"{BASE}/{complaint.ref}/reopen", {"reason": "Masih rusak."}, "application/json"
    )
    assert reopened.status_code == 200
    assert reopened.json()["state"] == "assigned"
    _resolved(complaint, state="closed")
    rated = api.post(f"{BASE}/{complaint.ref}/rate", {"rating": 5}, "application/json")
    assert rated.status_code == 200
    assert rated.json()["following"]["rating"] == 5
    with unchanged(complaint):
        again = api.post(f"{BASE}/{complaint.ref}/rate", {"rating": 1}, "application/json")
        assert again.status_code == 409
        assert again.json()["code"] == "already_rated"
        bad = api.post(f"{BASE}/{complaint.ref}/rate", {"rating": 6}, "application/json")
    assert bad.status_code == 422


def test_reopen_after_the_window_is_refused(api, make_complaint):
    complaint = make_complaint()
    _resolved(complaint, days_ago=10)
    with unchanged(complaint):
        response = api.post(
            f"{BASE}/{complaint.ref}/reopen", {"reason": "Masih rusak."}, "application/json"
        )
    assert response.status_code == 409
    assert response.json()["code"] == "reopen_window_passed"


def test_confirm_in_the_wrong_state_is_409(api, make_complaint):
    complaint = make_complaint()
    with unchanged(complaint):
        response = api.post(f"{BASE}/{complaint.ref}/confirm")
    assert response.status_code == 409


STEPS = [
    ("confirm", None, "resolved"),
    ("reopen", {"reason": "Masih rusak."}, "resolved"),
    ("rate", {"rating": 1}, "closed"),
]


@pytest.mark.parametrize(("step", "body", "state"), STEPS)
def test_an_outsider_cannot_take_the_reporters_steps(other_api, make_complaint, step, body, state):
    complaint = make_complaint()
    _resolved(complaint, state=state)
    with unchanged(complaint):
        response = other_api.post(f"{BASE}/{complaint.ref}/{step}", body, "application/json")
    assert response.status_code == 404


@pytest.mark.parametrize(("step", "body", "state"), STEPS)
def test_a_supporter_cannot_take_the_reporters_steps(other_api, make_complaint, step, body, state):
    complaint = make_complaint()
    other_api.post(f"{BASE}/{complaint.ref}/support")
    _resolved(complaint, state=state)
    with unchanged(complaint):
        response = other_api.post(f"{BASE}/{complaint.ref}/{step}", body, "application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "not_reporter"
