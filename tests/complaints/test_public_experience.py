"""Issue 10, points 8 and 9: the public list, map and figures say what they show, and the demo's
public notes are in the city's language."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from kotalive.complaints.models import Complaint, FiguresSnapshot
from kotalive.complaints.services import complaint_assign, complaint_resolve

from .conftest import upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _refs(html: str) -> set[str]:
    return set(re.findall(r'class="case-ref">(LK-[A-Z0-9]+)<', html))


def test_the_open_filter_lists_only_cases_not_done(
    en: Client, make_complaint: Callable[..., Complaint], tlr: Any, dpupr_officer: Any
) -> None:
    waiting = make_complaint()
    resolved = complaint_resolve(
        actor=dpupr_officer,
        complaint=complaint_assign(actor=tlr, complaint=make_complaint()),
        note="Sudah ditambal.",
        evidence=[upload()],
    )
    assert resolved.resident_status == "done"  # shown as done: not an open case
    open_list = _refs(en.get(reverse("complaints:list"), {"status": "open"}).text)
    assert open_list == {waiting.ref}
    finished = _refs(en.get(reverse("complaints:list"), {"status": "closed"}).text)
    assert finished == {resolved.ref}


def test_the_map_shows_the_cases_of_the_list_s_filters(
    en: Client, laksa: Any, make_complaint: Callable[..., Complaint]
) -> None:
    cache.clear()
    road = make_complaint()
    garbage = make_complaint(category=laksa.garbage)
    closed = make_complaint(category=laksa.garbage)
    Complaint.objects.filter(pk=closed.pk).update(state=Complaint.State.CLOSED)

    page = en.get(reverse("complaints:list"), {"status": "all", "category": "sampah"}).text
    url = re.search(r'data-geojson="([^"]+)"', page).group(1).replace("&amp;", "&")  # type: ignore[union-attr]
    assert url == "/laporan/peta.json?status=all&category=sampah"
    shown = en.get(url).json()["features"]
    assert {f["properties"]["ref"] for f in shown} == {garbage.ref, closed.ref}
    assert {f["properties"]["status"] for f in shown} == {"waiting", "done"}
    assert road.ref not in {f["properties"]["ref"] for f in shown}

    default = en.get(reverse("complaints:map")).json()["features"]
    assert {f["properties"]["ref"] for f in default} == {road.ref, garbage.ref}


def test_the_map_has_a_legend_in_words_beside_the_colours(en: Client, laksa: Any) -> None:
    page = en.get(reverse("complaints:list")).text
    legend = re.search(r'<ul class="legend".*?</ul>', page, re.S)
    assert legend is not None
    for mark, words in (("○", "Waiting"), ("◐", "In progress"), ("●", "Done")):
        assert re.search(rf'aria-hidden="true">{mark}</span> {words}</li>', legend.group(0))


def _snapshot(laksa: Any, **row: Any) -> None:
    base = {
        "office_id": laksa.dlh.pk,
        "office_name": "DLH",
        "cases": 3,
        "closed": 2,
        "median_triage_hours": 0.0,
        "median_resolve_hours": 4.5,
        "within_sla": 1.0,
        "reopened": 0.0,
        "rank": None,
    }
    FiguresSnapshot.objects.create(
        days=30, computed_at=timezone.now(), threshold=5, rows=[{**base, **row}]
    )


def test_the_figures_say_why_an_office_is_not_ranked_and_when_a_median_is_minutes(
    en: Client, laksa: Any
) -> None:
    _snapshot(laksa)
    html = en.get(reverse("complaints:figures"), {"hari": 30}).text
    assert "Not ranked: 2 resolved in the period, at least 5 needed." in html
    assert ">3 minutes or less<" in html
    assert ">0.0<" not in html
    # Each figure carries its column's name for the stacked phone layout.
    assert 'data-label="Median time to triage (working hours)"' in html
    assert "complaints/figures.css" in html


def test_the_figures_in_indonesian_say_so_too(client: Client, laksa: Any) -> None:
    _snapshot(laksa)
    html = client.get(reverse("complaints:figures"), {"hari": 30}).text
    assert "3 menit atau kurang" in html
    assert "Tidak diberi peringkat: 2 selesai dalam periode ini, perlu paling sedikit 5." in html


def test_the_demo_writes_its_public_notes_in_the_city_s_language(
    laksa: Any, tlr: Any, dpupr_officer: Any, resident: Any
) -> None:
    """A shell in English (or before the catalogue is compiled) seeded English notes that
    Indonesian pages then showed."""
    from kotalive.accounts.models import User
    from kotalive.complaints import seed

    User.objects.filter(pk=tlr.pk).update(username="tlr")
    with translation.override("en"):
        seed._demo_cases(lambda message: None)
    notes = set(Complaint.objects.exclude(public_note="").values_list("public_note", flat=True))
    assert notes
    assert "Sudah diperiksa oleh Tangerang Live Room." in notes
    assert not [n for n in notes if n.startswith(("Checked by", "Passed to", "Confirmed fixed"))]
