"""Issue 10, points 6 and 7: what the officer's console offers and what of it reaches the public.

A note written with a step stays among staff unless the officer chose to show it; the console
opens on the work still to do, nearest deadline first, with a grouped office picker, the place on
a map, before and after photos, supporters and reopened cases named, and buttons that say what
they do."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone, translation

from kotalive.accounts.models import Organisation, User
from kotalive.complaints.models import Complaint, Event, Photo
from kotalive.complaints.services import (
    complaint_assign,
    complaint_photo_approve,
    complaint_reopen,
    complaint_resolve,
    complaint_start,
    complaint_support,
)
from kotalive.complaints.views.staff import LEAFLET_JS, LIVE_TEXTS

from .conftest import upload

pytestmark = pytest.mark.django_db

NOTE = "Mohon dicek sebelum jam 10, warga sudah komplain dua kali."


def _en(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- point 6: a step's note is internal unless shown -------------------------------------------


def test_the_assign_form_says_its_note_is_internal_unless_ticked(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    html = _html(_en(staff_client(tlr)), f"/staff/laksa/{c.ref}/")
    box = re.search(r'<input type="checkbox" name="note_public"[^>]*>', html)
    assert box is not None
    assert "checked" not in box.group(0)
    assert "Show this note to the reporter and followers" in html
    assert "Left unticked, the note is internal: only staff see it." in html


def test_a_note_to_the_office_stays_internal_by_default(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    resident: User,
    staff_client: Any,
    resident_client: Any,
) -> None:
    c = make_complaint()
    response = staff_client(tlr).post(
        f"/staff/laksa/{c.ref}/assign/", {"office": laksa.dpupr.pk, "note": NOTE}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.state == Complaint.State.ASSIGNED
    assert c.events.get(kind=Event.Kind.NOTE).public is False
    assert c.events.get(kind=Event.Kind.ASSIGNED).note == ""
    assert NOTE not in _html(resident_client(resident), f"/laporan/{c.ref}/")
    assert NOTE not in c.public_note
    assert NOTE in _html(staff_client(tlr), f"/staff/laksa/{c.ref}/")  # staff still read it


def test_a_note_the_officer_chose_to_show_reaches_the_reporter(
    make_complaint: Callable[..., Complaint],
    laksa: Any,
    tlr: User,
    resident: User,
    staff_client: Any,
    resident_client: Any,
) -> None:
    c = make_complaint()
    staff_client(tlr).post(
        f"/staff/laksa/{c.ref}/assign/",
        {"office": laksa.dpupr.pk, "note": NOTE, "note_public": "on"},
    )
    assert not c.events.filter(kind=Event.Kind.NOTE).exists()
    assert NOTE in _html(resident_client(resident), f"/laporan/{c.ref}/")


def test_the_office_start_note_is_internal_unless_shown(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    resident_client: Any,
) -> None:
    c = complaint_assign(actor=tlr, complaint=make_complaint())
    c = complaint_start(actor=dpupr_officer, complaint=c, note="Kirim tim B, bukan tim A.")
    assert "tim B" not in _html(resident_client(resident), f"/laporan/{c.ref}/")
    assert c.public_note == "DPUPR sedang menanganinya."


def test_the_staff_api_keeps_a_step_note_internal_by_default(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    response = staff_client(tlr).post(
        f"/api/v1/staff/complaints/{c.ref}/assign",
        {"office": laksa.dpupr.pk, "note": NOTE},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    public = [e for e in response.json()["timeline"] if e["note"] == NOTE]
    assert [e["public"] for e in public] == [False]


# --- point 6: the public timeline and the reporter's photos ------------------------------------


def test_the_reporter_reads_the_timeline_in_plain_words(
    make_complaint: Callable[..., Complaint], tlr: User, resident: User, resident_client: Any
) -> None:
    c = complaint_assign(actor=tlr, complaint=make_complaint())
    page = _html(resident_client(resident), f"/laporan/{c.ref}/")
    assert "Diserahkan ke dinas yang menanganinya" in page
    assert "Laporan diterima" in page
    english = _html(_en(resident_client(resident)), f"/laporan/{c.ref}/")
    assert "Passed to the office that handles it" in english
    assert "<strong>Assigned</strong>" not in english


def test_the_reporter_sees_each_photo_once_with_a_caption_that_follows_its_state(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    resident_client: Any,
) -> None:
    c = make_complaint()
    photo = c.photos.get()
    client = _en(resident_client(resident))
    page = _html(client, f"/laporan/{c.ref}/")
    assert page.count(photo.image.url) == 1
    assert "Only you see it until an officer approves it for the public." in page
    assert "Before: the problem as reported" not in page

    complaint_photo_approve(actor=tlr, photo=photo)
    page = _html(client, f"/laporan/{c.ref}/")
    assert page.count(photo.image.url) == 1
    assert "Before: the problem as reported" in page
    assert "Only you see it until an officer approves it" not in page


# --- point 7: the console ------------------------------------------------------------------------


def test_the_console_opens_on_open_work_nearest_deadline_first(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    staff_client: Any,
) -> None:
    now = timezone.now()
    later = make_complaint(description="Jatuh tempo nanti.")
    sooner = make_complaint(description="Jatuh tempo segera.")
    Complaint.objects.filter(pk=later.pk).update(triage_due_at=now + timedelta(hours=9))
    Complaint.objects.filter(pk=sooner.pk).update(triage_due_at=now + timedelta(hours=1))
    assigned = complaint_assign(actor=tlr, complaint=make_complaint())
    Complaint.objects.filter(pk=assigned.pk).update(resolve_due_at=now + timedelta(hours=3))
    resolved = complaint_resolve(
        actor=dpupr_officer,
        complaint=complaint_assign(actor=tlr, complaint=make_complaint()),
        note="Sudah.",
        evidence=[upload()],
    )
    closed = make_complaint()
    Complaint.objects.filter(pk=closed.pk).update(state=Complaint.State.CLOSED)

    html = _html(_en(staff_client(tlr)), "/staff/laksa/")
    rows = re.findall(r'<tr id="row-(LK-[A-Z0-9]+)"', html)
    assert rows == [sooner.ref, assigned.ref, later.ref]
    assert resolved.ref not in rows
    assert closed.ref not in rows
    assert re.search(r'<option value="work" selected>To do \(not yet resolved\)</option>', html)
    assert re.search(r'<option value="deadline" selected>Nearest deadline first</option>', html)

    everything = _html(staff_client(tlr), "/staff/laksa/?state=&order=newest")
    assert {resolved.ref, closed.ref} <= set(re.findall(r'<tr id="row-(LK-[A-Z0-9]+)"', everything))


def test_the_office_picker_groups_offices_by_kind_and_offers_a_search(
    make_complaint: Callable[..., Complaint], laksa: Any, tlr: User, staff_client: Any
) -> None:
    Organisation.objects.create(kind=Organisation.Kind.HOSPITAL, slug="rsud", name="RSUD Kota")
    Organisation.objects.create(
        kind=Organisation.Kind.KELURAHAN,
        slug="kel-sukarasa",
        name="Kelurahan Sukarasa",
        kelurahan=laksa.sukarasa,
    )
    c = make_complaint()
    html = _html(_en(staff_client(tlr)), f"/staff/laksa/{c.ref}/")
    picker = re.search(r'<select name="office"[^>]*>(.*?)</select>', html, re.S)
    assert picker is not None
    assert 'data-filter-label="Find an office"' in picker.group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', picker.group(1), re.S)
    by_kind = {label: re.findall(r">([^<]+)</option>", body) for label, body in groups}
    assert by_kind["City office (dinas/badan)"] == ["DLH", "Dinas PUPR"]
    assert by_kind["Kelurahan office"] == ["Kelurahan Sukarasa"]
    assert "RSUD Kota" not in picker.group(0)


def test_the_case_page_shows_the_place_photos_supporters_and_a_reopening(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    other_resident: User,
    staff_client: Any,
) -> None:
    c = make_complaint()
    complaint_support(actor=other_resident, complaint=c)
    c = complaint_assign(actor=tlr, complaint=c)
    c = complaint_resolve(actor=dpupr_officer, complaint=c, note="Sudah.", evidence=[upload()])
    c = complaint_reopen(actor=resident, complaint=c, reason="Masih berlubang.")
    html = _html(_en(staff_client(tlr)), f"/staff/laksa/{c.ref}/")
    assert "Reopened by the reporter (1 time)" in html
    assert "1 resident said “me too” and follows this report" in html
    assert "New supporter: a resident said “me too”" in html
    assert "Before (sent with the report)" in html
    assert "After (the office" in html
    assert c.photos.filter(kind=Photo.Kind.EVIDENCE).count() == 1
    if finders.find(LEAFLET_JS) is not None:
        assert 'id="case-map"' in html
        assert f'data-lat="{c.lat:f}"' in html
    queue = _html(_en(staff_client(tlr)), "/staff/laksa/")
    row = re.search(rf'<tr id="row-{c.ref}".*?</tr>', queue, re.S)
    assert row is not None
    assert "Reopened" in row.group(0)


def test_each_action_button_says_what_it_does(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    c = make_complaint()
    html = _html(_en(staff_client(tlr)), f"/staff/laksa/{c.ref}/")
    buttons = re.findall(r'<button type="submit"[^>]*>([^<]+)</button>', html)
    assert "Save" not in buttons
    for words in ("Mark as checked", "Assign to this office", "Reject the report"):
        assert words in buttons


def test_the_live_feed_has_its_own_words_for_every_event(
    laksa: Any, tlr: User, staff_client: Any
) -> None:
    assert set(LIVE_TEXTS) == set(Event.Kind)
    html = _html(staff_client(tlr), "/staff/laksa/")
    texts = json.loads(re.search(r'id="live-texts"[^>]*>(.*?)</script>', html, re.S).group(1))  # type: ignore[union-attr]
    assert texts["complaint.reply"] == "Balasan dikirim pada {ref}"
    assert texts["complaint.supported"] == "{ref}: warga lain menyatakan “saya juga”"
    assert "changed" not in " ".join(texts.values())


def test_the_console_s_pickers_are_in_indonesian(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    """Django's "- Select an option -" is not translated into Indonesian: every empty choice of
    the console says its own words."""
    c = make_complaint()
    client = staff_client(tlr)
    for url in ("/staff/laksa/", f"/staff/laksa/{c.ref}/", "/staff/laksa/baru/"):
        html = _html(client, url)
        assert "Select an option" not in html, url
    case = _html(client, f"/staff/laksa/{c.ref}/")
    for words in ("Biarkan kategorinya", "Tanpa templat", "Pilih dinas", "Tandai sudah diperiksa"):
        assert words in case


def test_the_staff_api_lists_open_work_by_deadline_like_the_console(
    make_complaint: Callable[..., Complaint], tlr: User, staff_client: Any
) -> None:
    now = timezone.now()
    later, sooner, done = make_complaint(), make_complaint(), make_complaint()
    Complaint.objects.filter(pk=later.pk).update(triage_due_at=now + timedelta(hours=8))
    Complaint.objects.filter(pk=sooner.pk).update(triage_due_at=now + timedelta(hours=2))
    Complaint.objects.filter(pk=done.pk).update(state=Complaint.State.CLOSED)
    client = staff_client(tlr)
    api = client.get("/api/v1/staff/complaints/", {"state": "work", "order": "deadline"}).json()
    assert [i["ref"] for i in api["items"]] == [sooner.ref, later.ref]
    console = _html(client, "/staff/laksa/")
    assert re.findall(r'<tr id="row-(LK-[A-Z0-9]+)"', console) == [sooner.ref, later.ref]
    assert client.get("/api/v1/staff/complaints/", {"order": "sideways"}).status_code == 422


def test_public_notes_the_system_writes_are_in_the_citys_language_whatever_the_console_reads(
    make_complaint: Callable[..., Complaint],
    tlr: User,
    dpupr_officer: User,
    resident: User,
    resident_client: Any,
) -> None:
    # An officer working in English writes the note every resident reads: it is the city's
    # (Indonesian), as the residents' pages are by default.
    with translation.override("en"):
        c = complaint_assign(actor=tlr, complaint=make_complaint())
        assert c.public_note == "Diserahkan ke DPUPR."
        c = complaint_start(actor=dpupr_officer, complaint=c)
    assert c.public_note == "DPUPR sedang menanganinya."
    page = _html(resident_client(resident), f"/laporan/{c.ref}/")
    assert "DPUPR sedang menanganinya." in page
    assert "is working on it" not in page
