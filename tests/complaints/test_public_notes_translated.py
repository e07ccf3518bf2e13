"""Issue 10, point 6: the public timeline shows plain, translated wording. What the system writes
for the public (passed to an office, forwarded, closed...) is kept with its source and shown in
the reader's language; what an officer writes is shown as written; older rows as stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from kotalive.accounts.models import User
from kotalive.complaints.models import Complaint, Event
from kotalive.complaints.services import (
    complaint_assign,
    complaint_forward,
    complaint_reply,
    complaint_start,
)
from kotalive.notifications.models import Notification

pytestmark = pytest.mark.django_db

EN = {"Accept-Language": "en"}
ID = {"Accept-Language": "id"}


def _page(client: Client, ref: str) -> str:
    return client.get(reverse("complaints:case", kwargs={"ref": ref})).text


def _english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _api(client: Client, ref: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.get(f"/api/v1/complaints/{ref}", headers=headers)
    assert answer.status_code == 200
    data: dict[str, Any] = answer.json()
    return data


def _passed(make_complaint: Callable[..., Complaint], tlr: User) -> Complaint:
    # Written from a console in English: what is stored is still the city's (Indonesian).
    with translation.override("en"):
        return complaint_assign(actor=tlr, complaint=make_complaint())


def test_a_case_passed_to_an_office_reads_in_the_page_s_language(
    make_complaint: Callable[..., Complaint], tlr: User
) -> None:
    c = _passed(make_complaint, tlr)
    assert c.public_note == "Diserahkan ke DPUPR."  # exports and anything that cannot translate

    indonesian = _page(Client(), c.ref)
    assert "Diserahkan ke DPUPR." in indonesian
    assert "Passed to DPUPR." not in indonesian

    english = _page(_english(Client()), c.ref)
    assert "Passed to DPUPR." in english
    assert "Diserahkan ke DPUPR." not in english

    public_list = _english(Client()).get(reverse("complaints:list"), {"status": "all"}).text
    assert "Passed to DPUPR." in public_list


def test_the_api_answers_the_public_note_in_the_request_s_language(
    make_complaint: Callable[..., Complaint], tlr: User
) -> None:
    c = _passed(make_complaint, tlr)
    assert _api(Client(), c.ref, EN)["public_note"] == "Passed to DPUPR."
    assert _api(Client(), c.ref, ID)["public_note"] == "Diserahkan ke DPUPR."


def test_the_reporter_s_timeline_says_where_it_was_forwarded_in_their_language(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    resident: User,
    resident_client: Callable[[User], Client],
    bearer: Callable[[User], dict[str, str]],
) -> None:
    c = make_complaint()
    complaint_forward(actor=tlr, complaint=c, to="PLN")

    english = _api(Client(), c.ref, {**bearer(resident), **EN})
    assert english["public_note"] == "Forwarded to PLN."
    forwarded = [e for e in english["following"]["timeline"] if e["kind"] == "forwarded"]
    assert [e["note"] for e in forwarded] == ["Forwarded to PLN."]
    indonesian = _api(Client(), c.ref, {**bearer(resident), **ID})
    assert [e["note"] for e in indonesian["following"]["timeline"] if e["kind"] == "forwarded"] == [
        "Diteruskan ke PLN."
    ]

    page = _page(_english(resident_client(resident)), c.ref)
    assert page.count("Forwarded to PLN.") == 2  # the case's note and its timeline
    assert "Diteruskan ke PLN." not in page
    assert "Diteruskan ke PLN." in _page(resident_client(resident), c.ref)


def test_an_officer_s_own_note_is_shown_as_written_in_every_language(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    c = _passed(make_complaint, tlr)
    c = complaint_start(
        actor=dpupr_officer, complaint=c, note="Tim sudah dijadwalkan.", note_public=True
    )
    english = _page(_english(Client()), c.ref)
    assert "Tim sudah dijadwalkan." in english
    assert _api(Client(), c.ref, EN)["public_note"] == "Tim sudah dijadwalkan."

    # Words that happen to be a system note's source are still the officer's: not translated.
    complaint_reply(actor=dpupr_officer, complaint=c, text="Checked by the Tangerang Live Room.")
    indonesian = _page(Client(), c.ref)
    assert "Checked by the Tangerang Live Room." in indonesian
    assert "Sudah diperiksa oleh Tangerang Live Room." not in indonesian
    timeline = _api(Client(), c.ref, {**bearer(resident), **ID})["following"]["timeline"]
    notes = [e["note"] for e in timeline if e["note"]]
    assert notes == ["Tim sudah dijadwalkan.", "Checked by the Tangerang Live Room."]

    # A forward with a note shown to the reporter: the note as written, the case's line
    # translated.
    river = make_complaint()
    complaint_forward(
        actor=tlr, complaint=river, to="BBWS", note="Sungai ini wewenang BBWS.", note_public=True
    )
    answer = _api(Client(), river.ref, {**bearer(resident), **EN})
    assert answer["public_note"] == "Forwarded to BBWS."
    assert answer["following"]["timeline"][-1]["note"] == "Sungai ini wewenang BBWS."


def test_rows_written_before_sources_are_shown_as_stored(
    make_complaint: Callable[..., Complaint],
    resident: User,
    bearer: Callable[[User], dict[str, str]],
) -> None:
    c = make_complaint()
    Complaint.objects.filter(pk=c.pk).update(
        public_note="Diteruskan ke DPUPR.", public_note_source={}
    )
    Event.objects.create(complaint=c, kind=Event.Kind.FORWARDED, note="Diteruskan ke PLN.")
    for client in (Client(), _english(Client())):
        assert "Diteruskan ke DPUPR." in _page(client, c.ref)
    answer = _api(Client(), c.ref, {**bearer(resident), **EN})
    assert answer["public_note"] == "Diteruskan ke DPUPR."
    assert answer["following"]["timeline"][-1]["note"] == "Diteruskan ke PLN."


def test_open311_status_notes_follow_the_request_s_language(
    make_complaint: Callable[..., Complaint], tlr: User
) -> None:
    c = _passed(make_complaint, tlr)
    url = f"/open311/v2/requests/{c.ref}.json"
    (english,) = Client().get(url, {"lang": "en"}).json()
    assert english["status_notes"] == "Passed to DPUPR."
    (indonesian,) = Client().get(url).json()
    assert indonesian["status_notes"] == "Diserahkan ke DPUPR."


def test_the_console_reads_the_system_s_notes_in_its_language(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    staff_client: Callable[[User], Client],
) -> None:
    c = make_complaint()
    complaint_forward(actor=tlr, complaint=c, to="PLN")
    client = staff_client(tlr)
    detail = client.get(f"/api/v1/staff/complaints/{c.ref}", headers=EN).json()
    assert detail["public_note"] == "Forwarded to PLN."
    assert [e["note"] for e in detail["timeline"] if e["kind"] == "forwarded"] == [
        "Forwarded to PLN."
    ]
    console = _english(client).get(f"/staff/laksa/{c.ref}/").text
    assert "Forwarded to PLN." in console
    assert "Diteruskan ke PLN." not in console


def test_a_follower_hears_of_the_forward_in_their_own_language(
    make_complaint: Callable[..., Complaint], tlr: User, resident: User
) -> None:
    User.objects.filter(pk=resident.pk).update(language="en")
    c = make_complaint()
    complaint_forward(actor=tlr, complaint=c, to="PLN")
    sent = Notification.objects.get(user=resident, kind="complaint.forwarded")
    assert sent.body == "Forwarded to PLN."


def test_the_demo_s_system_notes_are_shown_in_the_reader_s_language(
    laksa: Any, tlr: User, dpupr_officer: User, resident: User
) -> None:
    from kotalive.complaints import seed

    User.objects.filter(pk=tlr.pk).update(username="tlr")
    seed._demo_cases(lambda message: None)
    checked = Complaint.objects.filter(state=Complaint.State.TRIAGED).first()
    assert checked is not None
    assert checked.public_note == "Sudah diperiksa oleh Tangerang Live Room."
    english = _page(_english(Client()), checked.ref)
    assert "Checked by the Tangerang Live Room." in english
    assert "Sudah diperiksa oleh Tangerang Live Room." not in english
    with translation.override("en"):
        shown = {c.shown_public_note for c in Complaint.objects.exclude(public_note="")}
    assert "Confirmed fixed by the reporter." in shown
    assert not [n for n in shown if n.startswith(("Sudah diperiksa", "Diserahkan", "Pelapor"))]
