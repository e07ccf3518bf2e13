"""A phone resending an offline draft builds a new multipart body each time: same report."""

from __future__ import annotations

import io

import pytest
from django.test.client import encode_multipart
from PIL import Image

from kotalive.accounts.services import api_token_create
from kotalive.complaints.models import Complaint, Photo
from tests.complaints.conftest import INSIDE, jpeg_bytes

pytestmark = pytest.mark.django_db
URL = "/api/v1/complaints/"


def _post(client, token: str, key: str, boundary: str, photo: bytes):
    photo_file = io.BytesIO(photo)
    photo_file.name = "draft.jpg"
    body = encode_multipart(
        boundary,
        {
            "category": "jalan-rusak",
            "description": "Jalan berlubang di depan pasar.",
            "lat": str(INSIDE[0]),
            "lon": str(INSIDE[1]),
            "photos": photo_file,
        },
    )
    return client.post(
        URL,
        body,
        content_type=f"multipart/form-data; boundary={boundary}",
        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
    )


@pytest.fixture
def token(resident) -> str:
    return api_token_create(actor=resident, name="phone")[1]


def test_a_resent_draft_with_a_new_boundary_replays_the_first_answer(client, laksa, token):
    first = _post(client, token, "draft-1", "boundaryAAAA", jpeg_bytes())
    again = _post(client, token, "draft-1", "boundaryBBBBBBBB", jpeg_bytes())
    assert first.status_code == 201, first.content
    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["ref"] == first.json()["ref"]
    assert Complaint.objects.count() == 1
    assert Photo.objects.count() == 1


def test_the_same_key_with_another_photo_is_refused(client, laksa, token):
    assert _post(client, token, "draft-2", "b1", jpeg_bytes(color="red")).status_code == 201
    other = _post(client, token, "draft-2", "b2", jpeg_bytes(color="blue"))
    assert other.status_code == 422
    assert other.json()["code"] == "idempotency_key_reused"
    assert Complaint.objects.count() == 1


def test_a_camera_sized_photo_goes_through_with_a_key(client, laksa, token):
    # Larger than Django's in-memory body limit (2.5 MB): the key must not make it unreadable.
    noisy = Image.effect_noise((2400, 1800), 120).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "JPEG", quality=95)
    assert len(out.getvalue()) > 2_621_440
    answer = _post(client, token, "draft-3", "b3", out.getvalue())
    assert answer.status_code == 201, answer.content
    assert Photo.objects.get().width == 1600
