"""Aktivitas saya lists the KK changes and the household's e-KTP still on their way."""

from __future__ import annotations

import re

import pytest

from tests.world import resident_client

pytestmark = pytest.mark.django_db


def _activities(html: str) -> str:
    main = html.split("<main", 1)[1]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


def test_the_kk_change_and_the_card_to_collect_are_on_the_residents_activity(households):
    text = _activities(resident_client(households.budi).get("/aktivitas/").content.decode())
    assert "KK-TEST-0001 · Perubahan alamat" in text
    assert "Petugas sedang memeriksanya; setelah itu KK baru dicetak." in text
    assert "Siti Rahmawati" in text
    assert "Ambil di Kantor Kecamatan Tangerang." in text
    # A collected card or a child not yet recorded is nothing to follow.
    assert "Budi Santoso" not in text
    assert "Andi Pratama" not in text


def test_another_households_changes_and_cards_are_not_on_the_activity(households):
    text = _activities(resident_client(households.dewi).get("/aktivitas/").content.decode())
    assert "KK-TEST-0002 · Pengurangan anggota (kematian)" in text
    assert "Dewi Lestari" in text  # recorded, waiting to be printed
    assert "KK-TEST-0001" not in text
    assert "Siti Rahmawati" not in text


def test_a_resident_without_a_verified_nik_has_no_civil_activity(households):
    html = resident_client(households.unverified).get("/aktivitas/").content.decode()
    assert "KTP-el" not in _activities(html)
    assert "KK-TEST" not in html
