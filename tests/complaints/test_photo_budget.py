"""The work photos may cost is bounded: a pixel budget per photo and per request, checked from the
image headers before any pixel is decoded, refused with a clear error and nothing stored.

Five 6000x6000 PNGs of about 100 KB each once took 20 s of a worker and 170 MB: each passes the
per-photo budget, together they are far over the request's."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation
from PIL import Image, ImageFile

from kotalive.accounts.services import api_token_create
from kotalive.complaints.models import Complaint, Open311Token, Photo
from kotalive.complaints.open311 import fetch
from kotalive.complaints.open311.keys import open311_key_create
from kotalive.complaints.services import complaint_submit
from kotalive.core import images as photos
from kotalive.core.errors import DomainError
from tests.complaints.conftest import INSIDE, upload

pytestmark = pytest.mark.django_db


def png_declaring(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG whose header declares any size (its pixels would not decode)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 60)).save(out, "PNG")
    return out.getvalue()


def jpeg(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (90, 120, 60)).save(out, "JPEG", quality=60)
    return out.getvalue()


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.fixture
def no_decoding(monkeypatch) -> list[str]:
    """Any pixel decoding fails the test: the refusal must come from the headers alone."""
    decoded: list[str] = []

    def load(self: ImageFile.ImageFile) -> None:
        decoded.append(str(self.format))
        raise AssertionError("pixels decoded before the budget check")

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return decoded


def bombs(count: int = 5) -> list[io.BytesIO]:
    return [upload(png_declaring(6000, 6000), name=f"big{i}.png") for i in range(count)]


# --- the budget itself ------------------------------------------------------------------------


def test_one_photo_over_the_per_photo_budget_is_refused_unread(laksa, no_decoding) -> None:
    with pytest.raises(DomainError) as caught:
        photos.photos_clean([upload(png_declaring(7000, 7000))], field="photos")
    assert caught.value.code == "photo_too_many_pixels"
    assert caught.value.field == "photos"
    assert caught.value.status == 413
    assert no_decoding == []


def test_five_6000px_pngs_pass_alone_but_not_together(laksa, no_decoding) -> None:
    assert photos.MAX_PIXELS >= 6000 * 6000  # alone, each is within the per-photo budget
    with pytest.raises(DomainError) as caught:
        photos.photos_clean(bombs(), field="photos")
    assert caught.value.code == "photos_too_many_pixels"
    assert caught.value.status == 413
    assert no_decoding == []


def test_two_photos_within_budget_alone_are_refused_together(laksa, monkeypatch) -> None:
    # Small budgets, so that real photos decode quickly: each photo alone is accepted...
    monkeypatch.setattr(photos, "MAX_PIXELS", 1_000_000)
    monkeypatch.setattr(photos, "MAX_REQUEST_PIXELS", 1_500_000)
    one = photos.photos_clean([upload(png(900, 900))], field="evidence")
    assert len(one) == 1
    # ...two of them are not, and the error names the field they came in.
    with pytest.raises(DomainError) as caught:
        photos.photos_clean([upload(png(900, 900)), upload(png(900, 900))], field="evidence")
    assert caught.value.code == "photos_too_many_pixels"
    assert caught.value.field == "evidence"


def test_a_jpeg_counts_the_pixels_it_is_decoded_at(laksa, monkeypatch) -> None:
    # 3200x2400 decodes at half scale (1600x1200): 1.92 MP of work, not 7.68.
    monkeypatch.setattr(photos, "MAX_REQUEST_PIXELS", 2_000_000)
    (clean,) = photos.photos_clean([upload(jpeg(3200, 2400))], field="photos")
    assert (clean.width, clean.height) == (1600, 1200)


def test_the_errors_are_translated(laksa, no_decoding) -> None:
    with translation.override("id"), pytest.raises(DomainError) as caught:
        photos.photos_clean(bombs(2), field="photos")
    message = str(caught.value.message)
    assert "piksel" in message.lower()
    assert "pixels" not in message


# --- every way in -----------------------------------------------------------------------------


def test_api_refuses_with_problem_json_and_stores_nothing(laksa, resident, no_decoding) -> None:
    _token, raw = api_token_create(actor=resident, name="phone")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(
        "/api/v1/complaints/",
        {
            "category": laksa.road.slug,
            "description": "Lubang besar.",
            "lat": str(INSIDE[0]),
            "lon": str(INSIDE[1]),
            "photos": bombs(),
        },
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "photos_too_many_pixels"
    assert "megapixels" in problem["detail"]
    assert Complaint.objects.count() == 0
    assert Photo.objects.count() == 0
    assert media_files() == []


def test_report_page_shows_a_form_error_and_stores_nothing(
    laksa, resident, resident_client, no_decoding
) -> None:
    browser = resident_client(resident)
    browser.cookies["django_language"] = "en"
    response = browser.post(
        reverse("complaints:report"),
        {
            "action": "send",
            "category": laksa.road.slug,
            "lat": str(INSIDE[0]),
            "lon": str(INSIDE[1]),
            "description": "Lubang besar.",
            "photos": bombs(),
        },
    )
    assert response.status_code == 400
    assert 'id="id_photos_error"' in response.text
    assert "megapixels" in response.text
    assert Complaint.objects.count() == 0
    assert media_files() == []


def test_a_service_call_is_refused_the_same_way(laksa, resident, no_decoding) -> None:
    with pytest.raises(DomainError) as caught:
        complaint_submit(
            actor=resident,
            category=laksa.road,
            description="Lubang.",
            lat=INSIDE[0],
            lon=INSIDE[1],
            photos=bombs(3),
        )
    assert caught.value.code == "photos_too_many_pixels"
    assert Complaint.objects.count() == 0


def test_open311_media_over_the_budget_is_dropped_with_the_reason(
    client, laksa, monkeypatch, settings, django_capture_on_commit_callbacks, no_decoding
) -> None:
    settings.OPEN311_MEDIA_ALLOW_PRIVATE = True
    content = png_declaring(9000, 9000)
    monkeypatch.setattr(
        fetch,
        "transport_factory",
        lambda: httpx.MockTransport(lambda request: httpx.Response(200, content=content)),
    )
    _key, raw = open311_key_create(actor=None, name="Partner")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/open311/v2/requests.json",
            {
                "api_key": raw,
                "service_code": "jalan-rusak",
                "lat": str(INSIDE[0]),
                "long": str(INSIDE[1]),
                "description": "Lubang besar.",
                "media_url": "https://img.example.org/huge.png",
            },
        )
    assert response.status_code == 200
    token = Open311Token.objects.get(token=response.json()[0]["token"])
    # Acknowledged, so the case is filed, without the photo and with the reason kept.
    assert token.complaint is not None
    assert token.complaint.photos.count() == 0
    assert "photo_too_many_pixels" in token.error
    assert media_files() == []
    assert no_decoding == []
