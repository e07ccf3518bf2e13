"""Scoped access: who sees which resident, on the pages and in the API; every read is audited."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from kotalive.core.models import AuditEvent
from tests.world import make_token, staff_client

pytestmark = pytest.mark.django_db


def detail_url(resident) -> str:
    return reverse("staff:resident_detail", args=[resident.pk])


def api_url(resident) -> str:
    return f"/api/v1/staff/residents/{resident.pk}"


def viewed(actor, resident, channel: str) -> bool:
    return AuditEvent.objects.filter(
        action="resident.viewed",
        actor=actor,
        target_type="accounts.residentidentity",
        target_id=str(resident.pk),
        channel=channel,
    ).exists()


def test_officer_reads_a_resident_of_their_kelurahan_and_the_read_is_audited(world):
    client = staff_client(world.lurah_sukarasa)
    page = client.get(detail_url(world.r_sukarasa))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ahmad Sukarasa" in body
    assert world.r_sukarasa.nik_masked in body
    assert viewed(world.lurah_sukarasa, world.r_sukarasa, "web")

    api = client.get(api_url(world.r_sukarasa))
    assert api.status_code == 200
    assert api.json()["full_name"] == "Ahmad Sukarasa"
    assert api.json()["nik_masked"] == "3671************"
    assert api.json()["kelurahan"]["code"] == "36.71.01.1001"
    assert viewed(world.lurah_sukarasa, world.r_sukarasa, "api")


def test_officer_of_one_kelurahan_cannot_read_another_kelurahans_resident(world):
    client = staff_client(world.lurah_sukaasih)
    assert client.get(detail_url(world.r_sukarasa)).status_code == 404
    api = client.get(api_url(world.r_sukarasa))
    assert api.status_code == 404
    assert api["Content-Type"] == "application/problem+json"
    assert api.json()["code"] == "resident_not_found"
    # Out of area looks exactly like a resident who does not exist.
    missing = client.get(f"/api/v1/staff/residents/{world.r_cipondoh.pk + 1000}")
    assert missing.status_code == 404
    assert missing.json()["code"] == api.json()["code"]
    assert not AuditEvent.objects.filter(action="resident.viewed").exists()


def test_officer_lists_only_residents_of_their_kelurahan(world):
    client = staff_client(world.lurah_sukarasa)
    page = client.get(reverse("staff:resident_list")).content.decode()
    assert "Ahmad Sukarasa" in page
    assert "Budi Sukaasih" not in page
    assert "Citra Cipondoh" not in page
    api = client.get("/api/v1/staff/residents").json()
    assert [r["full_name"] for r in api["items"]] == ["Ahmad Sukarasa"]
    assert api["count"] == 1


def test_resident_list_shows_masked_nik_only(world):
    client = staff_client(world.lurah_sukarasa)
    page = client.get(reverse("staff:resident_list")).content.decode()
    assert world.r_sukarasa.nik_masked in page
    assert "3671014101900" not in page


def test_kecamatan_officer_sees_every_kelurahan_of_the_kecamatan_only(world):
    client = staff_client(world.camat_tangerang)
    names = [r["full_name"] for r in client.get("/api/v1/staff/residents").json()["items"]]
    assert names == ["Ahmad Sukarasa", "Budi Sukaasih"]
    assert client.get(detail_url(world.r_sukarasa)).status_code == 200
    assert client.get(detail_url(world.r_sukaasih)).status_code == 200
    assert client.get(detail_url(world.r_cipondoh)).status_code == 404
    assert client.get(api_url(world.r_cipondoh)).status_code == 404


def test_city_admin_sees_the_whole_city(world):
    client = staff_client(world.city_admin)
    items = client.get("/api/v1/staff/residents").json()["items"]
    assert len(items) == 3
    assert client.get(detail_url(world.r_cipondoh)).status_code == 200


def test_hospital_admin_and_viewer_are_refused_the_resident_register(world):
    for user in (world.hospital_admin, world.viewer):
        client = staff_client(user)
        assert client.get(reverse("staff:resident_list")).status_code == 403
        assert client.get(detail_url(world.r_sukarasa)).status_code == 403
        api = client.get("/api/v1/staff/residents")
        assert api.status_code == 403
        assert api.json()["code"] == "forbidden"
        assert client.get(api_url(world.r_sukarasa)).status_code == 403


def test_staff_api_accepts_a_bearer_token_with_the_same_scope(world):
    token = make_token(world.lurah_sukaasih)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get(api_url(world.r_sukaasih)).status_code == 200
    assert client.get(api_url(world.r_sukarasa)).status_code == 404
    assert viewed(world.lurah_sukaasih, world.r_sukaasih, "api")


HTML_PAGES = ["staff:dashboard", "staff:resident_list"]


def test_anonymous_is_sent_to_sign_in_from_every_staff_page(client, world):
    for name in HTML_PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("staff:signin"))
    response = client.get(detail_url(world.r_sukarasa))
    assert response.status_code == 302


def test_anonymous_gets_401_problem_from_every_staff_api(client, world):
    for url in ("/api/v1/staff/residents", api_url(world.r_sukarasa)):
        response = client.get(url)
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["code"] == "not_authenticated"


def test_resident_is_refused_on_every_staff_page_and_api(client, world):
    client.force_login(world.resident_user, backend="kotalive.accounts.backends.StaffBackend")
    for name in HTML_PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert client.get(detail_url(world.r_sukarasa)).status_code == 403
    for url in ("/api/v1/staff/residents", api_url(world.r_sukarasa)):
        response = client.get(url)
        assert response.status_code == 403
        assert response["Content-Type"] == "application/problem+json"


def test_resident_token_is_refused_on_the_staff_api(world):
    client = Client(HTTP_AUTHORIZATION=f"Bearer {make_token(world.resident_user)}")
    response = client.get(api_url(world.r_sukarasa))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_staff_session_without_totp_is_not_accepted_by_the_api(client, world):
    client.force_login(world.city_admin, backend="kotalive.accounts.backends.StaffBackend")
    assert client.get("/api/v1/staff/residents").status_code == 401
    assert client.get(reverse("staff:dashboard")).status_code == 302


def test_dashboard_shows_organisation_role_and_area(world):
    body = staff_client(world.camat_tangerang).get(reverse("staff:dashboard")).content.decode()
    assert "<td>Kec. Tangerang</td>" in body
    assert "<td>Tangerang</td>" in body  # the area: the office's own kecamatan


def test_absurd_ids_are_not_found_not_a_crash(world):
    client = staff_client(world.city_admin)
    assert client.get("/staff/warga/99999999999999999999/").status_code == 404
    assert client.get("/api/v1/staff/residents/99999999999999999999").status_code == 422
