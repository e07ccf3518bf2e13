"""The resident API of the engine: the service's form, creating (and sending at once), saving,
documents, sending, following, withdrawing; faults as 422 problem+json with every field; a retried
create answers as the first; and another resident's application is a 404 with nothing changed."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from kotalive.applications.models import Application, ApplicationFile
from kotalive.applications.services import application_file_add, application_request_correction
from tests.applications.conftest import VALID, Apps
from tests.world import bearer, unchanged

pytestmark = pytest.mark.django_db

API = "/api/v1/applications"
MENU = "surat-uji"


@pytest.fixture
def service(apps: Apps) -> Apps:
    apps.definition.menu_slug = MENU
    apps.definition.save(update_fields=["menu_slug"])
    return apps


def _png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 160, 60)).save(out, "PNG")
    return SimpleUploadedFile("rt.png", out.getvalue(), content_type="image/png")


def _post(client: Client, path: str, body: dict[str, Any], **headers: Any) -> Any:
    return client.post(path, data=json.dumps(body), content_type="application/json", **headers)


def _as(user: Any) -> Client:
    return Client(headers=bearer(user))


def test_the_service_is_described_for_an_app_to_render_it(service: Apps, client: Client) -> None:
    response = client.get(f"{API}/services/{MENU}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "surat-uji"
    assert body["title"] == "Test letter"
    fields = {f["key"]: f for f in body["fields"]}
    assert fields["purpose"]["choices"][1] == {"value": "other", "label": "Other"}
    assert fields["purpose_other"]["shown_if"] == {"field": "purpose", "equals": "other"}
    assert fields["letter"]["file"] == {
        "types": ["pdf", "jpeg", "png"],
        "max_kb": 512,
        "max_files": 1,
    }
    assert [f["key"] for f in fields["witnesses"]["fields"]] == ["name", "nik"]
    assert [s["service_level_days"] for s in body["steps"]] == [2, 3]
    assert body["document"]["title"] == "Test Letter"
    assert client.get(f"{API}/services/surat-uji").status_code == 200  # its own slug too
    assert client.get(f"{API}/services/no-such-service").status_code == 404


def test_create_and_send_at_once(service: Apps) -> None:
    client = _as(service.w.r_sukarasa.user)
    response = _post(client, API, {"service": MENU, "answers": VALID, "submit": True})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted"
    assert body["state_label"] == "Sedang diperiksa"
    assert body["step_label"] == "Pemeriksaan kelurahan"
    assert body["due_at"] is not None
    assert body["answers"]["purpose"] == "bank"
    # Made and sent in one request: one event, the sending.
    assert [h["action"] for h in body["history"]] == ["submit"]
    assert [a["name"] for a in body["actions"]] == ["withdraw"]
    assert Application.objects.get(ref=body["ref"]).state == Application.State.SUBMITTED


def test_a_refused_sending_leaves_no_draft_and_lists_every_fault(service: Apps) -> None:
    client = _as(service.w.r_sukarasa.user)
    bad = {"purpose": "other", "since": "2999-01-01", "witnesses": [{"name": "X", "nik": "1"}]}
    with unchanged(Application):
        response = _post(client, API, {"service": MENU, "answers": bad, "submit": True})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "answers_invalid"
    found = {(e["field"], e["code"]) for e in body["errors"]}
    assert ("purpose_other", "required") in found
    assert ("since", "date_in_future") in found
    assert ("witnesses.0.nik", "nik_length") in found
    assert next(e for e in body["errors"] if e["field"] == "since")["message"] == (
        "Tanggal ini tidak boleh di masa depan."
    )


def test_the_whole_path_draft_save_document_send_correct_withdraw(service: Apps) -> None:
    user = service.w.r_sukarasa.user
    client = _as(user)
    created = _post(client, API, {"service": MENU, "answers": {"purpose": "bank"}})
    assert created.status_code == 201
    ref = created.json()["ref"]
    assert created.json()["state"] == "draft"
    assert created.json()["answers"]["full_name"] == "Ahmad Sukarasa"  # prefilled

    saved = _post(client, f"{API}/{ref}/answers", {"answers": {"since": "2020-01-31"}})
    assert saved.status_code == 200
    assert saved.json()["answers"]["purpose"] == "bank"  # kept: only the keys sent change
    assert saved.json()["answers"]["since"] == "2020-01-31"

    refused = client.post(f"{API}/{ref}/submit")
    assert refused.status_code == 422
    assert {e["field"] for e in refused.json()["errors"]} == {"witnesses"}

    fake = SimpleUploadedFile("rt.pdf", b"MZ\x90 a program", content_type="application/pdf")
    with unchanged(ApplicationFile):
        wrong = client.post(f"{API}/{ref}/files", {"field": "letter", "file": fake})
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "file_type_not_allowed"
    added = client.post(f"{API}/{ref}/files", {"field": "letter", "file": _png()})
    assert added.status_code == 201
    assert added.json()["kind"] == "jpeg"
    file_id = added.json()["id"]
    assert client.delete(f"{API}/{ref}/files/{file_id}").status_code == 204
    assert not ApplicationFile.objects.filter(pk=file_id).exists()

    _post(client, f"{API}/{ref}/answers", {"answers": {"witnesses": VALID["witnesses"]}})
    sent = client.post(f"{API}/{ref}/submit")
    assert sent.status_code == 200
    assert sent.json()["state"] == "submitted"
    assert _post(client, f"{API}/{ref}/answers", {"answers": {}}).status_code == 409

    application = Application.objects.get(ref=ref)
    application_request_correction(
        actor=service.w.lurah_sukarasa, application=application, reason="Tanggal salah."
    )
    shown = client.get(f"{API}/{ref}").json()
    assert shown["state"] == "correction"
    assert shown["reason"] == "Tanggal salah."
    assert shown["next_step"] == "Perbaiki permohonan: Tanggal salah."
    _post(client, f"{API}/{ref}/answers", {"answers": {"since": "2021-01-31"}})
    assert client.post(f"{API}/{ref}/submit").json()["state"] == "submitted"

    withdrawn = client.post(f"{API}/{ref}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "withdrawn"
    assert withdrawn.json()["actions"] == []

    mine = client.get(API).json()
    assert mine["total"] == 1
    assert mine["items"][0]["ref"] == ref


def test_a_retried_create_with_the_same_key_makes_one_application(service: Apps) -> None:
    client = _as(service.w.r_sukarasa.user)
    body = {"service": MENU, "answers": VALID, "submit": True}
    first = _post(client, API, body, HTTP_IDEMPOTENCY_KEY="apply-1")
    with unchanged(Application):
        again = _post(client, API, body, HTTP_IDEMPOTENCY_KEY="apply-1")
    assert first.status_code == again.status_code == 201
    assert again.json()["ref"] == first.json()["ref"]
    assert again["Idempotent-Replayed"] == "true"


def test_sending_without_uploads_stays_within_a_query_budget(
    service: Apps, django_assert_max_num_queries: Any
) -> None:
    client = _as(service.w.r_sukarasa.user)
    body = {"service": MENU, "answers": VALID, "submit": True}
    _post(client, API, body)  # warm: the spec is parsed once per process
    # 27 today: the caller, the service, 3 savepoints (start and send in one transaction), the
    # identity twice, the household for prefill, the draft and its event and audit row, the lock,
    # the files, the office, the update, the event and audit row, the notice (3), the answer's
    # files and history. A new query per field or per step would break this.
    with django_assert_max_num_queries(27):
        assert _post(client, API, body).status_code == 201


def test_staff_cannot_apply(service: Apps) -> None:
    client = _as(service.w.lurah_sukarasa)
    with unchanged(Application):
        response = _post(client, API, {"service": MENU, "answers": {}})
    assert response.status_code == 403
    assert response.json()["code"] == "residents_only"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/{ref}"),
        ("post", "/{ref}/answers"),
        ("post", "/{ref}/files"),
        ("delete", "/{ref}/files/{file}"),
        ("post", "/{ref}/submit"),
        ("post", "/{ref}/withdraw"),
    ],
)
def test_another_resident_gets_404_and_changes_nothing(
    service: Apps, method: str, path: str
) -> None:
    application = service.draft(purpose="bank", since="2020-01-31", witnesses=VALID["witnesses"])
    stored = application_file_add(
        actor=application.applicant, application=application, field="letter", upload=_png()
    )
    url = API + path.format(ref=application.ref, file=stored.pk)
    outsider = _as(service.w.r_sukaasih.user)
    with unchanged(application):
        if path.endswith("/files"):
            response = outsider.post(url, {"field": "letter", "file": _png()})
        elif method == "post":
            response = _post(outsider, url, {"answers": {"purpose": "other"}})
        else:
            response = getattr(outsider, method)(url)
    assert response.status_code == 404
    assert response.json()["code"] == "application_not_found"
    assert application.ref not in json.dumps(outsider.get(API).json())
