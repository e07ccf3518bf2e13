"""Creating an application with its documents in one multipart request: sent at once, or, when
a document or an answer is refused, nothing left behind (no draft, no row, no stored bytes)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from kotalive.applications.models import Application, ApplicationFile
from tests.applications.conftest import VALID, Apps
from tests.world import bearer, unchanged

pytestmark = pytest.mark.django_db

URL = "/api/v1/applications/with-documents"


def _png(name: str = "rt.png") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (20, 20), (10, 160, 60)).save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def _stored() -> set[Path]:
    root = Path(settings.STORAGES["private"]["OPTIONS"]["location"])  # type: ignore[index]
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_an_application_and_its_document_sent_in_one_request(apps: Apps) -> None:
    client = Client(headers=bearer(apps.w.r_sukarasa.user))
    response = client.post(
        URL,
        {
            "service": apps.definition.slug,
            "answers": json.dumps(VALID),
            "submit": "true",
            "file.letter": _png(),
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    application = Application.objects.get(ref=body["ref"])
    assert application.state == Application.State.SUBMITTED
    assert list(application.files.values_list("field_key", "kind")) == [("letter", "jpeg")]


def test_a_refused_sending_leaves_no_draft_no_row_and_no_file(apps: Apps) -> None:
    client = Client(headers=bearer(apps.w.r_sukarasa.user))
    before = _stored()
    with unchanged(Application, ApplicationFile):
        response = client.post(
            URL,
            {
                "service": apps.definition.slug,
                "answers": json.dumps({**VALID, "since": "2999-01-01"}),
                "submit": "true",
                "file.letter": _png(),
            },
        )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "since"
    assert _stored() == before


def test_answers_that_are_not_a_json_object_are_a_clear_error(apps: Apps) -> None:
    client = Client(headers=bearer(apps.w.r_sukarasa.user))
    with unchanged(Application):
        response = client.post(URL, {"service": apps.definition.slug, "answers": "[1, 2"})
    assert response.status_code == 400
    assert response.json()["code"] == "answers_not_json"
