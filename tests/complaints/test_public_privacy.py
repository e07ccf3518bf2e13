"""Public by default is safe: before the Tangerang Live Room has checked a report, no public
surface shows the reporter's name, the exact pin, the words or the typed address; after the check
the words and address show, the name only when the reporter chose it, and the pin stays coarse.
The reporter and the staff see everything."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from kotalive.complaints.models import Complaint
from kotalive.complaints.services import complaint_support, complaint_triage
from kotalive.core.geo import GRID_DEGREES, coarse_point
from tests.complaints.conftest import INSIDE

pytestmark = pytest.mark.django_db

NAME = "Budi Santoso"
WORDS = "Lubang dalam tepat di depan rumah saya"
ADDRESS = "Jl. Mawar no. 7, rumah cat hijau"
# The exact pin as any surface would print it (5 or 6 decimals).
EXACT = ["6.172884", "6.17288", "106.631851", "106.63185"]


@pytest.fixture
def named(resident):
    resident.display_name = NAME
    resident.save()
    return resident


@pytest.fixture
def fresh(named, make_complaint):
    """A report as a resident files it, without choosing anything about publicity."""

    def _fresh(**overrides: Any) -> Complaint:
        made: Complaint = make_complaint(description=WORDS, address=ADDRESS, **overrides)
        return made

    return _fresh


def surfaces(client: Client, complaint: Complaint) -> dict[str, str]:
    """Every public answer that may carry the case."""
    cache.clear()
    ref = complaint.ref
    near = {"lat": str(INSIDE[0]), "lon": str(INSIDE[1]), "category": "jalan-rusak"}
    out = {
        "page": client.get(reverse("complaints:case", kwargs={"ref": ref})).text,
        "list": client.get(reverse("complaints:list"), {"status": "all"}).text,
        "map": client.get(reverse("complaints:map")).text,
        "api": client.get(f"/api/v1/complaints/{ref}").text,
        "api nearby": client.get("/api/v1/complaints/nearby", near).text,
        "page nearby": client.get(reverse("complaints:nearby"), near).text,
    }
    for fmt in ("json", "xml"):
        out[f"open311 list {fmt}"] = client.get(f"/open311/v2/requests.{fmt}").content.decode()
        out[f"open311 one {fmt}"] = client.get(f"/open311/v2/requests/{ref}.{fmt}").content.decode()
    return out


def viewers(resident_client, other_resident) -> dict[str, Client]:
    return {"anonymous": Client(), "another resident": resident_client(other_resident)}


def test_a_fresh_report_shows_no_name_no_exact_pin_no_words_no_address(
    fresh, other_resident, resident_client
) -> None:
    complaint = fresh()
    for who, client in viewers(resident_client, other_resident).items():
        for where, text in surfaces(client, complaint).items():
            if where != "page nearby":  # an HTML fragment: links, no reference text check
                assert complaint.ref in text, (who, where)
            for secret in (NAME, WORDS, ADDRESS, *EXACT):
                assert secret not in text, (who, where, secret)


def test_after_triage_words_and_address_show_but_no_name_and_no_exact_pin(
    fresh, tlr, other_resident, resident_client
) -> None:
    complaint = fresh()
    complaint_triage(actor=tlr, complaint=complaint)
    answers = surfaces(Client(), complaint)
    for where in ("page", "api", "api nearby", "page nearby", *[k for k in answers if "one" in k]):
        assert WORDS in answers[where], where
    for where in ("page", "api", "open311 one json", "open311 one xml"):
        assert ADDRESS in answers[where], where
    for where, text in answers.items():
        for secret in (NAME, *EXACT):
            assert secret not in text, (where, secret)


def test_a_name_shown_by_choice_appears_after_triage_only(fresh, tlr) -> None:
    complaint = fresh(show_name=True)
    assert Complaint.objects.get(pk=complaint.pk).reporter_name_public is True
    before = surfaces(Client(), complaint)
    assert NAME not in before["page"]
    assert NAME not in before["api"]
    complaint_triage(actor=tlr, complaint=complaint)
    after = surfaces(Client(), complaint)
    assert NAME in after["page"]
    assert json.loads(after["api"])["reporter_name"] == NAME
    for where in ("list", "map", "api nearby", "open311 one json", "open311 list xml"):
        assert NAME not in after[where], where


def test_the_public_pin_is_snapped_to_a_grid_the_same_way_every_time(fresh, make_complaint):
    complaint = fresh()
    # 20 m further east: the same grid cell, so the same public point.
    neighbour = make_complaint(lon=INSIDE[1] + 0.00018)
    public = coarse_point(INSIDE[0], INSIDE[1])
    assert coarse_point(neighbour.lat, neighbour.lon) == public
    for _ in range(2):
        cache.clear()
        features = Client().get(reverse("complaints:map")).json()["features"]
        points = {f["properties"]["ref"]: f["geometry"]["coordinates"] for f in features}
        assert points == {
            complaint.ref: [public[1], public[0]],
            neighbour.ref: [public[1], public[0]],
        }
    body = Client().get(f"/api/v1/complaints/{complaint.ref}").json()
    assert (body["lat"], body["lon"]) == public
    (record,) = Client().get(f"/open311/v2/requests/{complaint.ref}.json").json()
    assert (record["lat"], record["long"]) == public


@pytest.mark.parametrize(
    "point", [INSIDE, (-6.0, 106.0), (-6.24999, 106.74999), (0.0, 0.0), (-6.1, 106.7)]
)
def test_a_coarse_point_is_the_centre_of_a_cell_of_about_140_m(point) -> None:
    lat, lon = coarse_point(*point)
    assert abs(lat - point[0]) <= GRID_DEGREES / 2 + 1e-9
    assert abs(lon - point[1]) <= GRID_DEGREES / 2 + 1e-9
    assert coarse_point(lat, lon) == (lat, lon)  # the centre is its own cell's centre
    assert 100 <= GRID_DEGREES * 111_320 <= 150


def test_the_reporter_sees_everything_and_what_the_public_sees(
    fresh, resident_client, named
) -> None:
    complaint = fresh()
    client = resident_client(named)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("complaints:case", kwargs={"ref": complaint.ref})).text
    for mine in (WORDS, ADDRESS, "6.17288", "106.63185"):
        assert mine in page, mine
    assert "What the public sees" in page
    body = client.get(f"/api/v1/complaints/{complaint.ref}", HTTP_ACCEPT_LANGUAGE="en").json()
    assert body["description"] == WORDS
    assert (body["lat"], body["lon"]) == INSIDE
    view = body["following"]["public_view"]
    assert view == {
        "name": False,
        "text": False,
        "pin": "approximate",
        "summary": view["summary"],
    }
    assert "checked" in view["summary"]
    mine = client.get("/api/v1/complaints/mine").json()
    assert mine[0]["description"] == WORDS


def test_a_supporter_sees_the_public_shape_only(fresh, other_resident, resident_client) -> None:
    complaint = fresh()
    complaint_support(actor=other_resident, complaint=complaint)
    client = resident_client(other_resident)
    body = client.get(f"/api/v1/complaints/{complaint.ref}").json()
    assert body["following"]["role"] == "supporter"
    assert body["following"]["public_view"] is None
    assert body["description"] == ""
    assert body["address"] == ""
    assert body["reporter_name"] is None
    mine = client.get("/api/v1/complaints/mine").text
    for secret in (WORDS, ADDRESS, NAME, *EXACT):
        assert secret not in mine
    page = client.get(reverse("complaints:mine")).text
    assert WORDS not in page


def test_staff_still_see_everything(fresh, tlr, staff_client) -> None:
    complaint = fresh()
    page = staff_client(tlr).get(f"/staff/laksa/{complaint.ref}/").text
    for secret in (WORDS, ADDRESS, NAME):
        assert secret in page
    body = staff_client(tlr).get(f"/api/v1/staff/complaints/{complaint.ref}").json()
    assert body["description"] == WORDS
    assert (body["place"]["lat"], body["place"]["lon"]) == INSIDE


# --- the choice, on the form and in the API -------------------------------------------------


def _report(laksa: Any, **extra: str) -> dict[str, str]:
    return {
        "action": "send",
        "category": laksa.road.slug,
        "lat": str(INSIDE[0]),
        "lon": str(INSIDE[1]),
        "description": WORDS,
        **extra,
    }


def test_the_form_offers_showing_the_name_unticked_and_says_what_is_public(
    laksa, named, resident_client
) -> None:
    client = resident_client(named)
    client.cookies["django_language"] = "en"
    page = client.get(reverse("complaints:report")).text
    assert 'name="show_name"' in page
    assert 'name="show_name" checked' not in page
    assert "What the public sees" in page
    assert "approximate" in page
    client.post(reverse("complaints:report"), _report(laksa))
    client.post(reverse("complaints:report"), _report(laksa, show_name="on"))
    assert list(
        Complaint.objects.order_by("created_at", "pk").values_list(
            "reporter_name_public", flat=True
        )
    ) == [False, True]


def test_the_receipt_on_the_page_says_what_will_be_public(laksa, named, resident_client) -> None:
    client = resident_client(named)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("complaints:report"), _report(laksa), follow=True)
    assert response.status_code == 200
    assert "What the public sees" in response.text
    assert "your name is not shown" in response.text.lower()


def test_the_api_takes_the_choice_default_hidden_and_answers_what_is_public(
    laksa, named, resident_client
) -> None:
    client = resident_client(named)
    client.get(reverse("complaints:report"))
    csrf = client.cookies["csrftoken"].value
    answers = [
        client.post(
            "/api/v1/complaints/",
            {**_report(laksa), **extra},
            HTTP_X_CSRFTOKEN=csrf,
            HTTP_ACCEPT_LANGUAGE="en",
        )
        for extra in ({}, {"show_name": "true"})
    ]
    assert [a.status_code for a in answers] == [201, 201]
    views = [a.json()["following"]["public_view"] for a in answers]
    # Nothing the resident wrote is public before the check, a chosen name neither.
    assert [(v["name"], v["text"]) for v in views] == [(False, False), (False, False)]
    assert "checked" in views[0]["summary"]
    assert "not shown" in views[0]["summary"]
    assert "will be shown with it after the check" in views[1]["summary"]
    stored = Complaint.objects.order_by("created_at", "pk")
    assert list(stored.values_list("reporter_name_public", flat=True)) == [False, True]
