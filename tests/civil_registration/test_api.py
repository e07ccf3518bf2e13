"""GET /api/v1/civil-registration/status: the same household as the page, for the apps."""

from __future__ import annotations

import pytest
import time_machine

from tests.world import bearer

pytestmark = pytest.mark.django_db

URL = "/api/v1/civil-registration/status"


@time_machine.travel("2026-12-03 10:00 +0700", tick=False)
def test_a_verified_resident_gets_their_household_with_ektp_and_kk_changes(client, households):
    response = client.get(URL, headers=bearer(households.budi))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    body = response.json()
    assert body["kk_masked"] == "3671************"
    members = {m["full_name"]: m for m in body["members"]}
    assert list(members) == ["Budi Santoso", "Siti Rahmawati", "Andi Pratama"]
    assert members["Budi Santoso"]["is_you"] is True
    assert members["Siti Rahmawati"]["is_you"] is False
    assert members["Siti Rahmawati"]["nik_masked"] == "3671************"
    siti = members["Siti Rahmawati"]["ektp"]
    assert (siti["state"], siti["since"], siti["office"], siti["state_label"]) == (
        "ready",
        "2026-11-28",
        "Kantor Kecamatan Tangerang",
        "Siap diambil",
    )
    andi = members["Andi Pratama"]["ektp"]
    assert (andi["state"], andi["adult_on"]) == ("not_recorded", "2029-05-09")
    assert body["kk_changes"] == [
        {
            "reference": "KK-TEST-0001",
            "kind": "change_address",
            "kind_label": "Perubahan alamat",
            "state": "verifying",
            "state_label": "Sedang diverifikasi",
            "member_name": "",
            "received_on": "2026-11-24",
            "updated_on": "2026-11-26",
        }
    ]


def test_labels_follow_accept_language(client, households):
    response = client.get(URL, headers={**bearer(households.budi), "Accept-Language": "en"})
    change = response.json()["kk_changes"][0]
    assert (change["kind_label"], change["state_label"]) == ("Change of address", "Being verified")
    siti = response.json()["members"][1]["ektp"]
    assert siti["state_label"] == "Ready to collect"


def test_no_number_leaves_in_clear(client, households):
    text = client.get(URL, headers=bearer(households.budi)).content.decode()
    for number in ("3671011708850001", "3671015203880001", "3671012001120001"):
        assert number not in text


def test_another_household_is_never_in_the_answer(client, households):
    budi = client.get(URL, headers=bearer(households.budi)).content.decode()
    dewi = client.get(URL, headers=bearer(households.dewi)).content.decode()
    for text in ("Dewi Lestari", "Bayu Lestari", "KK-TEST-0002"):
        assert text not in budi
        assert text in dewi
    assert "Budi Santoso" not in dewi


def test_a_resident_without_a_verified_nik_is_refused_with_a_code(client, households):
    response = client.get(URL, headers=bearer(households.unverified))
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/problem+json")
    assert response.json()["code"] == "identity_required"


def test_anonymous_callers_are_refused(client, households):
    response = client.get(URL)
    assert response.status_code == 401
