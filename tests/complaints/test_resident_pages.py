"""Resident pages of LAKSA: file a report in the browser (with and without a map pin), see the
same problem nearby and join it, my reports, and the follow-up steps on the case page."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kotalive.complaints.models import Complaint, Follower, Photo
from tests.complaints.conftest import INSIDE, OUTSIDE, jpeg_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser(resident, resident_client):
    client = resident_client(resident)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def other_browser(other_resident, resident_client):
    client = resident_client(other_resident)
    client.cookies["django_language"] = "en"
    return client


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _report(laksa, **overrides):
    data = {
        "action": "send",
        "category": laksa.road.slug,
        "lat": str(INSIDE[0]),
        "lon": str(INSIDE[1]),
        "description": "Lubang besar di depan sekolah, motor sering jatuh.",
    }
    data.update(overrides)
    return data


def _resolved(complaint: Complaint, *, days_ago: int = 0) -> Complaint:
    when = timezone.now() - timedelta(days=days_ago)
    Complaint.objects.filter(pk=complaint.pk).update(
        state=Complaint.State.RESOLVED, resolved_at=when, updated_at=when
    )
    complaint.refresh_from_db()
    return complaint


def _error_of(html: str, field_id: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="{field_id}_error">(.*?)</ul>', html, re.S)
    return found.group(1) if found else ""


# --- filing a report --------------------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_and_back(client, laksa):
    response = client.get(reverse("complaints:report"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signin") + "?next=/lapor/"


def test_report_page_shows_three_labelled_steps(browser, laksa):
    page = browser.get(reverse("complaints:report"))
    assert page.status_code == 200
    html = page.text
    assert html.count("<fieldset") >= 3
    assert html.count("<legend") >= 3
    assert "Damaged road" in html
    assert "Garbage" in html
    assert 'for="id_kelurahan"' in html
    assert 'for="id_address"' in html
    assert 'for="id_photos"' in html
    assert 'for="id_description"' in html
    assert 'enctype="multipart/form-data"' in html
    assert "<script>" not in html
    assert "style=" not in html


def test_a_report_with_a_photo_is_stored_with_its_photo(
    browser, laksa, resident, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            reverse("complaints:report"), _report(laksa, photos=[upload(), upload()])
        )
    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("complaints:case", kwargs={"ref": complaint.ref})
    assert complaint.reporter == resident
    assert complaint.category == laksa.road
    assert complaint.kelurahan == laksa.sukarasa
    assert complaint.photos.count() == 2
    assert len(_media_files()) == 2
    assert Follower.objects.filter(complaint=complaint, user=resident, role="reporter").exists()
    page = browser.get(response["Location"])
    assert f"Report {complaint.ref} received" in page.text


def test_without_a_map_the_kelurahan_and_address_are_enough(browser, laksa):
    data = _report(laksa, lat="", lon="", kelurahan=laksa.sukarasa.code)
    data["address"] = "Jl. Daan Mogot no. 5, depan masjid"
    response = browser.post(reverse("complaints:report"), data)
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.lat is None
    assert complaint.kelurahan == laksa.sukarasa
    assert complaint.address == "Jl. Daan Mogot no. 5, depan masjid"


def test_a_pin_outside_the_city_is_refused_next_to_the_field(browser, laksa):
    data = _report(laksa, lat=str(OUTSIDE[0]), lon=str(OUTSIDE[1]), photos=[upload()])
    response = browser.post(reverse("complaints:report"), data)
    assert response.status_code == 400
    assert "outside Kota Tangerang" in _error_of(response.text, "id_lat")
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_lat_error"', response.text)
    assert Complaint.objects.count() == 0
    assert _media_files() == []


def test_a_page_disguised_as_a_photo_is_refused_and_nothing_is_stored(browser, laksa):
    spoof = upload(b"<html><script>alert(1)</script></html>", name="x.jpg")
    response = browser.post(reverse("complaints:report"), _report(laksa, photos=[upload(), spoof]))
    assert response.status_code == 400
    assert "not a photo we can use" in _error_of(response.text, "id_photos")
    assert Complaint.objects.count() == 0
    assert Photo.objects.count() == 0
    assert _media_files() == []


def test_missing_fields_are_shown_on_their_fields(browser, laksa):
    response = browser.post(reverse("complaints:report"), {"action": "send"})
    assert response.status_code == 400
    assert "Choose what the problem is." in _error_of(response.text, "id_category")
    assert "Please write a few words." in _error_of(response.text, "id_description")
    assert Complaint.objects.count() == 0


def test_too_long_description_is_refused(browser, laksa):
    response = browser.post(reverse("complaints:report"), _report(laksa, description="x" * 2001))
    assert response.status_code == 400
    assert _error_of(response.text, "id_description")
    assert Complaint.objects.count() == 0


def test_more_than_five_photos_are_refused(browser, laksa):
    response = browser.post(
        reverse("complaints:report"), _report(laksa, photos=[upload() for _ in range(6)])
    )
    assert response.status_code == 400
    assert "At most 5 photos" in _error_of(response.text, "id_photos")
    assert Complaint.objects.count() == 0


def test_the_name_is_hidden_unless_shown_by_choice(browser, laksa):
    browser.post(reverse("complaints:report"), _report(laksa))
    browser.post(reverse("complaints:report"), _report(laksa, show_name="on"))
    stored = Complaint.objects.order_by("created_at", "pk")
    assert list(stored.values_list("reporter_name_public", flat=True)) == [False, True]


# --- the same problem nearby --------------------------------------------------------------------


def test_without_js_the_check_shows_an_open_case_of_the_same_category_nearby(
    other_browser, laksa, make_complaint
):
    mine = make_complaint()
    make_complaint(category=laksa.garbage, description="Sampah menumpuk.")
    response = other_browser.post(
        reverse("complaints:report"), _report(laksa, action="check", description="")
    )
    assert response.status_code == 200
    assert mine.ref in response.text
    assert "Already reported nearby?" in response.text
    assert "Sampah menumpuk" not in response.text
    assert "errorlist" not in response.text  # checking is not sending
    assert Complaint.objects.count() == 2


def test_nearby_fragment_lists_the_same_category_only(other_browser, laksa, make_complaint):
    mine = make_complaint()
    url = reverse("complaints:nearby")
    same = other_browser.get(url, {"lat": INSIDE[0], "lon": INSIDE[1], "category": laksa.road.slug})
    other = other_browser.get(
        url, {"lat": INSIDE[0], "lon": INSIDE[1], "category": laksa.garbage.slug}
    )
    assert mine.ref in same.text
    assert mine.ref not in other.text
    assert "No open report of this problem near your pin" in other.text


def test_me_too_makes_a_follower_once(other_browser, other_resident, make_complaint):
    complaint = make_complaint()
    url = reverse("complaints:support", kwargs={"ref": complaint.ref})
    first = other_browser.post(url)
    second = other_browser.post(url)
    assert first.status_code == second.status_code == 302
    complaint.refresh_from_db()
    assert complaint.supporters_count == 1
    assert Follower.objects.filter(
        complaint=complaint, user=other_resident, role="supporter"
    ).exists()
    page = other_browser.get(second["Location"])
    assert "You already follow this report." in page.text


def test_me_too_needs_sign_in(client, make_complaint):
    complaint = make_complaint()
    response = client.post(reverse("complaints:support", kwargs={"ref": complaint.ref}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))
    complaint.refresh_from_db()
    assert complaint.supporters_count == 0


def test_me_too_button_shows_for_signed_in_non_followers_only(
    browser, other_browser, make_complaint
):
    complaint = make_complaint()
    url = reverse("complaints:case", kwargs={"ref": complaint.ref})
    support = reverse("complaints:support", kwargs={"ref": complaint.ref})
    assert support in other_browser.get(url).text
    assert support not in browser.get(url).text  # the reporter follows already


# --- my reports ---------------------------------------------------------------------------------


def test_my_reports_lists_my_own_and_followed_cases(
    browser, laksa, resident, other_resident, make_complaint
):
    own = make_complaint()
    theirs = make_complaint(actor=other_resident, category=laksa.garbage)
    unrelated = make_complaint(actor=other_resident, description="Jalan lain rusak.")
    browser.post(reverse("complaints:support", kwargs={"ref": theirs.ref}))
    page = browser.get(reverse("complaints:mine"))
    assert page.status_code == 200
    assert own.ref in page.text
    assert theirs.ref in page.text
    assert unrelated.ref not in page.text
    assert "My report" in page.text
    assert "Following" in page.text


def test_my_reports_leads_to_the_reports_waiting_on_the_phone(browser, laksa):
    page = browser.get(reverse("complaints:mine"))
    assert f'href="{reverse("complaints:drafts")}"' in page.text
    assert "Reports saved on this phone" in page.text


def test_my_reports_needs_sign_in(client, laksa):
    response = client.get(reverse("complaints:mine"))
    assert response.status_code == 302


# --- follow-up steps ----------------------------------------------------------------------------


def test_reporter_confirms_the_fix(browser, make_complaint):
    complaint = _resolved(make_complaint())
    page = browser.get(reverse("complaints:case", kwargs={"ref": complaint.ref}))
    assert "Yes, it is fixed" in page.text
    response = browser.post(reverse("complaints:confirm", kwargs={"ref": complaint.ref}))
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.CLOSED


def test_reporter_reopens_within_the_window(browser, make_complaint):
    complaint = _resolved(make_complaint(), days_ago=1)
    url = reverse("complaints:reopen", kwargs={"ref": complaint.ref})
    empty = browser.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Please write a few words." in _error_of(empty.text, "reopen_reason")
    response = browser.post(url, {"reason": "Lubangnya masih ada."})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.ASSIGNED
    assert complaint.reopened_count == 1


def test_reporter_cannot_reopen_after_the_window(browser, make_complaint):
    complaint = _resolved(make_complaint(), days_ago=10)
    page = browser.get(reverse("complaints:case", kwargs={"ref": complaint.ref}))
    assert "Reopen the report" not in page.text
    response = browser.post(
        reverse("complaints:reopen", kwargs={"ref": complaint.ref}), {"reason": "Masih rusak."}
    )
    assert response.status_code == 302
    assert "too late to reopen" in browser.get(response["Location"]).text
    complaint.refresh_from_db()
    assert complaint.state == Complaint.State.RESOLVED


def test_reporter_rates_a_closed_case_once(browser, make_complaint):
    complaint = _resolved(make_complaint())
    browser.post(reverse("complaints:confirm", kwargs={"ref": complaint.ref}))
    url = reverse("complaints:rate", kwargs={"ref": complaint.ref})
    assert browser.post(url, {"rating": "6"}).status_code == 400
    first = browser.post(url, {"rating": "4", "comment": "Cepat, terima kasih."})
    assert first.status_code == 302
    second = browser.post(url, {"rating": "1"})
    assert second.status_code == 302
    assert "already rated" in browser.get(second["Location"]).text
    complaint.refresh_from_db()
    assert (complaint.rating, complaint.rating_comment) == (4, "Cepat, terima kasih.")


@pytest.mark.parametrize(
    ("name", "data"),
    [("confirm", {}), ("reopen", {"reason": "Masih rusak."}), ("rate", {"rating": "1"})],
)
def test_another_resident_cannot_take_the_reporters_steps(
    other_browser, make_complaint, name, data
):
    complaint = _resolved(make_complaint())
    if name == "rate":
        Complaint.objects.filter(pk=complaint.pk).update(state=Complaint.State.CLOSED)
    response = other_browser.post(
        reverse(f"complaints:{name}", kwargs={"ref": complaint.ref}), data
    )
    assert response.status_code == 404
    complaint.refresh_from_db()
    assert complaint.state in (Complaint.State.RESOLVED, Complaint.State.CLOSED)
    assert complaint.rating is None
    assert complaint.reopened_count == 0


@pytest.mark.parametrize(
    ("name", "data"),
    [("confirm", {}), ("reopen", {"reason": "Masih rusak."}), ("rate", {"rating": "1"})],
)
def test_a_supporter_cannot_take_the_reporters_steps(other_browser, make_complaint, name, data):
    complaint = _resolved(make_complaint())
    Complaint.objects.filter(pk=complaint.pk).update(state=Complaint.State.ASSIGNED)
    other_browser.post(reverse("complaints:support", kwargs={"ref": complaint.ref}))
    target = Complaint.State.CLOSED if name == "rate" else Complaint.State.RESOLVED
    Complaint.objects.filter(pk=complaint.pk).update(state=target)
    response = other_browser.post(
        reverse(f"complaints:{name}", kwargs={"ref": complaint.ref}), data
    )
    assert response.status_code == 403
    assert "Only the person who reported it can do this." in response.text
    complaint.refresh_from_db()
    assert complaint.state == target
    assert complaint.rating is None


@pytest.mark.parametrize("name", ["confirm", "reopen", "rate", "support"])
def test_anonymous_is_sent_to_sign_in_from_every_step(client, make_complaint, name):
    complaint = make_complaint()
    response = client.post(reverse(f"complaints:{name}", kwargs={"ref": complaint.ref}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:signin"))


def test_steps_on_an_unknown_case_are_404(browser, laksa):
    for name in ("confirm", "reopen", "rate", "support"):
        response = browser.post(reverse(f"complaints:{name}", kwargs={"ref": "LK-NOPE99"}))
        assert response.status_code == 404


def test_photo_bytes_are_jpeg(browser, laksa):
    browser.post(reverse("complaints:report"), _report(laksa, photos=[upload(jpeg_bytes())]))
    photo = Photo.objects.get()
    assert photo.image.read(3) == b"\xff\xd8\xff"
