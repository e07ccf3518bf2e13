"""Cek KK dan KTP-el: a resident sees their own household's e-KTP and KK changes, no other."""

from __future__ import annotations

import re

import pytest
import time_machine

from tests.world import resident_client

pytestmark = pytest.mark.django_db

URL = "/kependudukan/status/"


def _main(response) -> str:
    html: str = response.content.decode()
    return html.split("<main", 1)[1]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@time_machine.travel("2026-12-03 10:00 +0700", tick=False)
def test_a_verified_resident_sees_the_ektp_of_each_member_and_where_to_collect(households):
    response = resident_client(households.budi).get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = _text(_main(response))
    assert "Budi Santoso Anda" in text  # marked as the resident themself
    assert "Sudah diambil" in text
    assert "Siti Rahmawati" in text
    ready = "Siap diambil Ambil di Kantor Kecamatan Tangerang; menunggu sejak 28 November 2026."
    assert ready in text
    assert "Andi Pratama" in text
    assert "Belum 17 tahun: perekaman KTP-el dapat dilakukan mulai 9 Mei 2029." in text


@time_machine.travel("2026-12-03 10:00 +0700", tick=False)
def test_a_verified_resident_sees_their_kk_changes_in_progress(households):
    text = _text(_main(resident_client(households.budi).get(URL)))
    assert "Perubahan alamat" in text
    assert "KK-TEST-0001" in text
    assert "Sedang diverifikasi Petugas memeriksanya sejak 26 November 2026." in text


def test_numbers_are_shown_masked_only(households):
    html = resident_client(households.budi).get(URL).content.decode()
    assert "3671************" in html
    for number in ("3671011708850001", "3671015203880001", "3671012001120001"):
        assert number not in html
        assert number[4:] not in html


def test_another_households_members_and_changes_are_never_shown(households):
    budi = _text(_main(resident_client(households.budi).get(URL)))
    dewi = _text(_main(resident_client(households.dewi).get(URL)))
    for name in ("Dewi Lestari", "Bayu Lestari", "Slamet Lestari", "KK-TEST-0002"):
        assert name not in budi
        assert name in dewi
    for name in ("Budi Santoso", "Siti Rahmawati", "Andi Pratama", "KK-TEST-0001"):
        assert name not in dewi


def test_the_page_takes_no_household_from_the_request(households):
    """A KK in the query string changes nothing: the household is the resident's own."""
    response = resident_client(households.budi).get(URL, {"kk": "3671021503100002"})
    assert "Dewi Lestari" not in response.content.decode()


def test_a_resident_without_a_verified_nik_is_told_how_to_verify(households):
    response = resident_client(households.unverified).get(URL)
    assert response.status_code == 200
    main = _main(response)
    assert 'href="/profil/verifikasi-nik/"' in main
    assert "Verifikasi NIK Anda terlebih dahulu" in main
    assert "Budi Santoso" not in main


def test_signed_out_visitors_go_to_sign_in_and_come_back(client, households):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == "/masuk/?next=/kependudukan/status/"


def test_the_page_is_complete_in_english(households):
    client = resident_client(households.budi)
    client.cookies["django_language"] = "en"
    text = _text(_main(client.get(URL)))
    assert "KK and e-KTP status" in text
    assert "Ready to collect Collect it at Kantor Kecamatan Tangerang; waiting since" in text
    assert "Change of address" in text
    assert "Sudah diambil" not in text


def test_the_page_has_no_inline_script_or_style(households):
    html = resident_client(households.budi).get(URL).content.decode()
    main = html.split("<main", 1)[1]
    assert "<script" not in main
    assert "style=" not in main
