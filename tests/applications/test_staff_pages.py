"""The officers' pages under /staff/permohonan/: the shell's menu and tile, the queue's scope and
cost, an application read (audited), its files, its steps, and bulk steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kotalive.accounts.models import Membership
from kotalive.applications.models import Application
from kotalive.applications.services import application_approve, application_submit
from kotalive.core.models import AuditEvent
from tests.applications.conftest import Apps
from tests.applications.staff_support import (
    DOCUMENTS_PLACEHOLDER,
    client_for,
    in_state,
    with_file,
)
from tests.world import make_staff, unchanged

pytestmark = pytest.mark.django_db
State = Application.State
QUEUE = reverse("applications_staff:queue")


def _page(ref: str) -> str:
    return reverse("applications_staff:application", args=[ref])


def _action(ref: str, action: str) -> str:
    return reverse("applications_staff:action", args=[ref, action])


def _refs_in(html: str, *apps_: Application) -> list[str]:
    return [a.ref for a in apps_ if a.ref in html]


def test_the_back_office_shows_the_queue_and_a_tile_to_officers_only(apps: Apps) -> None:
    late = apps.submitted()
    apps.submitted()
    Application.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    home = client_for(apps.w.lurah_sukarasa).get(reverse("staff:dashboard"))
    html = home.content.decode()
    assert QUEUE in html
    assert "2 applications waiting for your offices" in html
    assert "1 overdue" in html
    # A hospital takes no applications: no entry, no tile.
    other = client_for(apps.w.hospital_admin).get(reverse("staff:dashboard")).content.decode()
    assert QUEUE not in other
    assert "waiting for your offices" not in other


def test_the_queue_holds_what_waits_at_the_officers_desks(apps: Apps) -> None:
    mine = apps.submitted()
    elsewhere = apps.submitted(apps.w.r_sukaasih.user)
    lurah = client_for(apps.w.lurah_sukarasa).get(QUEUE).content.decode()
    assert _refs_in(lurah, mine, elsewhere) == [mine.ref]
    # Another kelurahan's office sees only its own applicant's.
    other = client_for(apps.w.lurah_sukaasih).get(QUEUE).content.decode()
    assert _refs_in(other, mine, elsewhere) == [elsewhere.ref]
    # The OPD sees it only once it reaches its step; its viewer too (to read).
    assert _refs_in(client_for(apps.opd_officer).get(QUEUE).content.decode(), mine) == []
    application_approve(actor=apps.w.lurah_sukarasa, application=mine)
    for user in (apps.opd_officer, apps.opd_viewer):
        assert _refs_in(client_for(user).get(QUEUE).content.decode(), mine) == [mine.ref]
    assert _refs_in(client_for(apps.w.lurah_sukarasa).get(QUEUE).content.decode(), mine) == []
    # What the kelurahan decided itself stays in sight among "all seen", not among "waiting".
    rejected = in_state(apps, "rejected")
    waiting = client_for(apps.w.lurah_sukarasa).get(QUEUE).content.decode()
    seen = client_for(apps.w.lurah_sukarasa).get(QUEUE, {"state": "all"}).content.decode()
    assert _refs_in(waiting, rejected) == []
    assert _refs_in(seen, rejected) == [rejected.ref]


def test_a_lurah_narrowed_to_another_kelurahan_sees_nothing(apps: Apps) -> None:
    app = apps.submitted()
    office = Membership.objects.get(user=apps.w.lurah_sukarasa).organisation
    narrowed = make_staff("narrowed", office, scope_kelurahan=apps.w.kel_sukaasih)
    assert _refs_in(client_for(narrowed).get(QUEUE).content.decode(), app) == []
    assert client_for(narrowed).get(_page(app.ref)).status_code == 404


def test_the_queue_is_sorted_by_service_level_marks_overdue_in_words_and_filters(
    apps: Apps,
) -> None:
    later, sooner, late = apps.submitted(), apps.submitted(), apps.submitted()
    now = timezone.now()
    for app, due in ((later, 5), (sooner, 1), (late, -1)):
        Application.objects.filter(pk=app.pk).update(due_at=now + dt.timedelta(days=due))
    client = client_for(apps.w.lurah_sukarasa)
    html = client.get(QUEUE).content.decode()
    assert html.index(late.ref) < html.index(sooner.ref) < html.index(later.ref)
    row = html[html.index(f'id="row-{late.ref}"') :].split("</tr>")[0]
    assert "Overdue" in row
    assert "Overdue" not in html[html.index(f'id="row-{sooner.ref}"') :].split("</tr>")[0]
    overdue = client.get(QUEUE, {"overdue": "on"}).content.decode()
    assert _refs_in(overdue, later, sooner, late) == [late.ref]
    other_service = client.get(QUEUE, {"service": "no-such"}).content.decode()
    assert _refs_in(other_service, later, sooner, late) == [later.ref, sooner.ref, late.ref]
    by_service = client.get(QUEUE, {"service": "surat-uji"}).content.decode()
    assert _refs_in(by_service, later, sooner, late) == [later.ref, sooner.ref, late.ref]
    # Columns: service, kelurahan, step; no personal data (the name is in the answers only).
    assert "Test letter" in html
    assert apps.w.kel_sukarasa.name in html
    assert "Kelurahan check" in html
    assert "Ahmad Sukarasa" not in html


def test_the_queue_pages(apps: Apps) -> None:
    made = [apps.submitted() for _ in range(27)]
    client = client_for(apps.w.lurah_sukarasa)
    first = client.get(QUEUE).content.decode()
    second = client.get(QUEUE, {"page": 2}).content.decode()
    assert "27 applications" in first
    assert len(_refs_in(first, *made)) == 25
    assert len(_refs_in(second, *made)) == 2


def test_the_queue_costs_the_same_queries_for_few_rows_or_many(apps: Apps) -> None:
    client = client_for(apps.w.lurah_sukarasa)
    apps.submitted()
    client.get(QUEUE)  # warm the per-process caches (spec parsing)
    with CaptureQueriesContext(connection) as few:
        assert client.get(QUEUE).status_code == 200
    for _ in range(8):
        apps.submitted(apps.w.r_sukarasa.user)
    with CaptureQueriesContext(connection) as many:
        html = client.get(QUEUE).content.decode()
    assert "9 applications" in html
    assert len(many.captured_queries) == len(few.captured_queries)
    # No query reads the encrypted answers for the list.
    assert not any("answers_encrypted" in q["sql"] for q in many.captured_queries)


def test_the_application_page_shows_the_answers_files_history_and_steps(apps: Apps) -> None:
    app = with_file(apps)
    response = client_for(apps.w.lurah_sukarasa).get(_page(app.ref))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Purpose" in html  # a choice, by its label
    assert "Bank" in html
    assert "Witnesses" in html  # a group, as a table
    assert "Saksi Satu" in html
    assert "Ahmad Sukarasa" in html
    stored = app.files.get()
    assert f'src="{reverse("applications_staff:file", args=[app.ref, stored.pk])}"' in html
    assert "Kelurahan check" in html
    assert "Due" in html
    assert "Send application" in html  # the history, in words, with who acted
    assert "Draft started" in html
    assert "Applicant" in html
    assert html.count('id="id_reject_reason"') == 1  # each form's fields have their own ids
    for label in ("Ask for a correction", "Checked: send to the next step", "Reject"):
        assert label in html
    assert "Issue the document" not in html
    assert AuditEvent.objects.filter(action="application.viewed", target_id=str(app.pk)).exists()


def test_a_viewer_reads_but_cannot_act(apps: Apps) -> None:
    app = application_approve(actor=apps.w.lurah_sukarasa, application=apps.submitted())
    client = client_for(apps.opd_viewer)
    html = client.get(_page(app.ref)).content.decode()
    assert "Nothing for you to do on this application now." in html
    with unchanged(app):
        response = client_for(apps.opd_viewer).post(_action(app.ref, "approve"), {})
    assert response.status_code == 403


def test_files_are_served_to_readers_only_privately_and_without_sniffing(apps: Apps) -> None:
    app = with_file(apps)
    stored = app.files.get()
    url = reverse("applications_staff:file", args=[app.ref, stored.pk])
    response = client_for(apps.w.lurah_sukarasa).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert response.getvalue() == stored.file.open("rb").read()
    for outsider in (apps.w.lurah_sukaasih, apps.other_opd_officer):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(apps.w.r_sukarasa.user).get(url).status_code == 403
    missing = reverse("applications_staff:file", args=[app.ref, stored.pk + 999])
    assert client_for(apps.w.lurah_sukarasa).get(missing).status_code == 404


def test_outsiders_get_nothing_and_change_nothing(apps: Apps) -> None:
    app = with_file(apps)
    stored = app.files.get()
    calls = [
        ("get", _page(app.ref), {}),
        ("get", reverse("applications_staff:file", args=[app.ref, stored.pk]), {}),
        ("post", _action(app.ref, "request_correction"), {"reason": "x"}),
        ("post", _action(app.ref, "approve"), {}),
        ("post", _action(app.ref, "pass"), {}),
        ("post", _action(app.ref, "reject"), {"reason": "x"}),
        ("post", _action(app.ref, "issue"), {}),
    ]
    for user, status in (
        (apps.w.lurah_sukaasih, 404),
        (apps.other_opd_officer, 404),
        (apps.opd_officer, 404),  # not its step yet
        (apps.w.r_sukarasa.user, 403),  # the applicant, on the staff side
        (apps.w.hospital_admin, 403),  # staff without a desk
    ):
        for method, url, data in calls:
            with unchanged(app):
                response = getattr(client_for(user), method)(url, data)
            assert response.status_code == status, (user, url)
    with unchanged(app):
        response = client_for(None).get(_page(app.ref))
    assert response.status_code == 302
    assert "/staff/" in response["Location"]
    assert not AuditEvent.objects.filter(
        action="application.viewed", target_id=str(app.pk)
    ).exists()


def test_the_officers_path_through_the_pages(apps: Apps) -> None:
    app = apps.submitted()
    lurah, opd = apps.w.lurah_sukarasa, apps.opd_officer
    # A correction needs a reason: refused, shown on the form, nothing changed.
    with unchanged(app):
        refused = client_for(lurah).post(_action(app.ref, "request_correction"), {"reason": " "})
    assert refused.status_code == 400
    assert "This field is required." in refused.content.decode()
    done = client_for(lurah).post(_action(app.ref, "request_correction"), {"reason": "Foto buram."})
    assert done.status_code == 302
    assert done["Location"] == _page(app.ref)
    app.refresh_from_db()
    assert (app.state, app.reason) == (State.CORRECTION, "Foto buram.")
    application_submit(actor=app.applicant, application=app)
    done = client_for(lurah).post(_action(app.ref, "pass"), {"note": "Lengkap."})
    app.refresh_from_db()
    assert (app.state, app.step, app.office_id) == (State.SUBMITTED, 1, apps.opd.pk)
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Checked and sent to the next step."
    ]
    # Passed on: no longer the kelurahan's to read or act on.
    with unchanged(app):
        assert client_for(lurah).post(_action(app.ref, "approve"), {}).status_code == 404
    client_for(opd).post(_action(app.ref, "approve"), {})
    app.refresh_from_db()
    assert app.state == State.APPROVED
    assert "Issue the document" in client_for(opd).get(_page(app.ref)).content.decode()


@pytest.mark.skipif(DOCUMENTS_PLACEHOLDER, reason="documents app not merged: issuing raises")
def test_issuing_through_the_page(apps: Apps) -> None:
    app = in_state(apps, "approved")
    done = client_for(apps.opd_officer).post(_action(app.ref, "issue"), {})
    assert done.status_code == 302
    app.refresh_from_db()
    assert app.state == State.ISSUED
    assert app.document_code


def test_rejecting_needs_a_reason_the_applicant_reads(apps: Apps) -> None:
    app = apps.submitted()
    with unchanged(app):
        assert (
            client_for(apps.w.lurah_sukarasa).post(_action(app.ref, "reject"), {}).status_code
            == 400
        )
    client_for(apps.w.lurah_sukarasa).post(_action(app.ref, "reject"), {"reason": "Bukan warga."})
    app.refresh_from_db()
    assert (app.state, app.reason) == (State.REJECTED, "Bukan warga.")


def test_bulk_steps_each_row_and_report_each(apps: Apps) -> None:
    one, two = apps.submitted(), apps.submitted()
    foreign = apps.submitted(apps.w.r_sukaasih.user)
    response = client_for(apps.w.lurah_sukarasa).post(
        reverse("applications_staff:bulk"),
        {"op": "approve", "refs": [one.ref, two.ref, foreign.ref], "next": QUEUE},
    )
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0] == f"2 applications done: {one.ref}, {two.ref}."
    assert said[1] == f"1 application not done: {foreign.ref}: no such application waiting"
    for app in (one, two):
        app.refresh_from_db()
        assert app.step == 1
    foreign.refresh_from_db()
    assert foreign.step == 0


def test_bulk_refuses_what_it_may_not_do_row_by_row(apps: Apps) -> None:
    app = apps.submitted()
    client = client_for(apps.w.lurah_sukarasa)
    url = reverse("applications_staff:bulk")
    with unchanged(app):
        # Rejecting needs a reason: never in bulk.
        client.post(url, {"op": "reject", "refs": [app.ref]})
        # Issuing an application that is not approved: refused by the service, reported.
        response = client_for(apps.w.lurah_sukarasa).post(url, {"op": "issue", "refs": [app.ref]})
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [
        f"1 application not done: {app.ref}: This application is not waiting for your office, "
        "or your role does not act on it."
    ]


def test_the_queue_speaks_indonesian_by_default(apps: Apps) -> None:
    late = apps.submitted()
    Application.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(hours=1))
    client = client_for(apps.w.lurah_sukarasa)
    client.cookies["django_language"] = "id"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "id"
    html = client.get(QUEUE).content.decode()
    assert "<h1>Permohonan</h1>" in html
    assert "Terlambat" in html
    assert "Surat uji" in html  # the service's Indonesian title
    assert "Pemeriksaan kelurahan" in html
    home = client.get(reverse("staff:dashboard")).content.decode()
    assert "1 permohonan menunggu kantor Anda" in home
