"""The public side of LAKSA: list, map data and case page hold no personal data, and show photos
only after an officer approved them."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from kotalive.complaints.models import Complaint, Photo
from kotalive.core.geo import coarse_point

pytestmark = pytest.mark.django_db

NAME = "Budi Santoso"


@pytest.fixture
def named(resident):
    resident.display_name = NAME
    resident.save()
    return resident


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _public_answers(client, complaint: Complaint) -> dict[str, str]:
    cache.clear()
    return {
        "list": client.get(reverse("complaints:list"), {"status": "all"}).text,
        "case": client.get(reverse("complaints:case", kwargs={"ref": complaint.ref})).text,
        "map": client.get(reverse("complaints:map")).text,
        "api": client.get(f"/api/v1/complaints/{complaint.ref}").text,
        "nearby": client.get(
            "/api/v1/complaints/nearby", {"lat": complaint.lat, "lon": complaint.lon}
        ).text,
    }


def test_no_phone_no_contact_and_no_hidden_name_anywhere_public(
    en, named, other_resident, resident_client, make_complaint
):
    complaint = make_complaint(contact_phone="+6281299998888", contact_email="budi@example.org")
    Complaint.objects.filter(pk=complaint.pk).update(triaged_at=timezone.now())
    for viewer in (en, resident_client(other_resident)):
        for where, text in _public_answers(viewer, complaint).items():
            assert complaint.ref in text, where
            for secret in (named.phone, named.masked_phone, NAME, "+6281299998888", "budi@"):
                assert secret not in text, (where, secret)


def test_a_name_shown_by_choice_is_on_the_case_only(en, named, make_complaint):
    complaint = make_complaint(show_name=True)
    Complaint.objects.filter(pk=complaint.pk).update(triaged_at=timezone.now())
    answers = _public_answers(en, complaint)
    assert NAME in answers["case"]
    assert NAME in answers["api"]
    assert NAME not in answers["list"]
    assert NAME not in answers["map"]
    assert named.phone not in answers["case"]


def test_photos_are_public_only_once_approved(en, tlr, make_complaint):
    complaint = make_complaint()
    photo = Photo.objects.get(complaint=complaint)
    answers = _public_answers(en, complaint)
    assert photo.image.url not in answers["case"]
    assert photo.image.url not in answers["api"]
    Photo.objects.filter(pk=photo.pk).update(approved_at=timezone.now(), approved_by=tlr)
    answers = _public_answers(en, complaint)
    assert photo.image.url in answers["case"]
    assert photo.image.url in answers["api"]


def test_the_reporter_sees_their_own_photo_before_approval(
    resident, resident_client, make_complaint
):
    complaint = make_complaint()
    photo = Photo.objects.get(complaint=complaint)
    page = resident_client(resident).get(reverse("complaints:case", kwargs={"ref": complaint.ref}))
    assert photo.image.url in page.text
    assert page["Cache-Control"] == "private, no-store"


def test_case_page_shows_status_note_and_clock_in_words(en, make_complaint):
    complaint = make_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(public_note="Diteruskan ke DPUPR.")
    page = en.get(reverse("complaints:case", kwargs={"ref": complaint.ref}))
    assert page.status_code == 200
    assert "Waiting" in page.text
    assert "Diteruskan ke DPUPR." in page.text
    assert "Next step expected by" in page.text
    assert "Sign in to say" in page.text  # anonymous: no button, a way in
    assert "What happened so far" not in page.text  # the timeline is for followers


@pytest.mark.parametrize(
    ("state", "label"),
    [("new", "Waiting"), ("in_progress", "In progress"), ("closed", "Done")],
)
def test_resident_status_has_three_words(en, make_complaint, state, label):
    complaint = make_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(state=state)
    page = en.get(reverse("complaints:case", kwargs={"ref": complaint.ref}))
    assert label in page.text
    body = en.get(f"/api/v1/complaints/{complaint.ref}").json()
    assert body["status_label"] == label


def test_indonesian_is_the_default(client, make_complaint):
    complaint = make_complaint()
    Complaint.objects.filter(pk=complaint.pk).update(state="in_progress")
    body = client.get(f"/api/v1/complaints/{complaint.ref}").json()
    assert body["status"] == "in_progress"


def test_unknown_case_is_404(en, laksa):
    assert en.get(reverse("complaints:case", kwargs={"ref": "LK-NOPE99"})).status_code == 404


def test_list_filters_by_status_and_category(en, laksa, make_complaint):
    road = make_complaint()
    garbage = make_complaint(category=laksa.garbage)
    closed = make_complaint(description="Sudah beres.")
    Complaint.objects.filter(pk=closed.pk).update(state="closed")
    open_list = en.get(reverse("complaints:list")).text
    assert road.ref in open_list
    assert garbage.ref in open_list
    assert closed.ref not in open_list
    only_garbage = en.get(reverse("complaints:list"), {"category": "sampah"}).text
    assert garbage.ref in only_garbage
    assert road.ref not in only_garbage
    finished = en.get(reverse("complaints:list"), {"status": "closed"}).text
    assert closed.ref in finished
    assert road.ref not in finished


def test_merged_cases_are_not_listed(en, make_complaint):
    target = make_complaint()
    merged = make_complaint(description="Sama.")
    Complaint.objects.filter(pk=merged.pk).update(state="merged", merged_into=target)
    assert merged.ref not in en.get(reverse("complaints:list"), {"status": "all"}).text


def test_map_geojson_has_open_pinned_cases_and_is_cached_briefly(client, laksa, make_complaint):
    pinned = make_complaint()
    no_pin = make_complaint(lat=None, lon=None, kelurahan=laksa.sukarasa, address="Jl. Mawar")
    closed = make_complaint(description="Sudah beres.")
    Complaint.objects.filter(pk=closed.pk).update(state="closed")
    response = client.get(reverse("complaints:map"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    assert response["Cache-Control"] == "public, max-age=60"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    refs = [f["properties"]["ref"] for f in data["features"]]
    assert refs == [pinned.ref]
    assert no_pin.ref not in refs
    assert closed.ref not in refs
    lat, lon = coarse_point(pinned.lat, pinned.lon)  # the public point, not the exact pin
    assert data["features"][0]["geometry"]["coordinates"] == [lon, lat]
    assert set(data["features"][0]["properties"]) == {
        "ref",
        "url",
        "category",
        "status",
        "status_label",
    }


def test_map_caches_only_filters_that_name_what_exists(client, laksa, make_complaint):
    garbage = make_complaint(category=laksa.garbage)
    kecamatan = laksa.sukarasa.kecamatan_id
    map_url = reverse("complaints:map")
    known = client.get(map_url, {"category": "sampah", "kecamatan": kecamatan}).json()
    assert [f["properties"]["ref"] for f in known["features"]] == [garbage.ref]
    assert cache.get(f"complaints:map:id:open:sampah:{kecamatan}") is not None
    for category, place in (("tidak-ada", kecamatan), ("sampah", 999999), ("x" * 60, None)):
        query = {"category": category} | ({"kecamatan": place} if place else {})
        response = client.get(map_url, query)
        assert response.status_code == 200
        assert response.json() == {"type": "FeatureCollection", "features": []}
        assert cache.get(f"complaints:map:id:open:{category}:{place}") is None, query


def test_public_pages_carry_no_inline_script_or_style(en, make_complaint):
    complaint = make_complaint()
    for url in (reverse("complaints:list"), reverse("complaints:case", args=[complaint.ref])):
        html = en.get(url).text
        assert "<script>" not in html
        assert " style=" not in html
