from __future__ import annotations

import pytest

from kotalive.catalog.models import Menu
from kotalive.catalog.search import bounded_levenshtein, normalise, search_menus

pytestmark = pytest.mark.django_db


def _top(query: str, n: int = 3) -> list[str]:
    return [doc.slug for doc in search_menus(query, limit=n)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("akte kelahiran", "akta-kelahiran-online"),
        ("akta kelhiran", "akta-kelahiran-online"),
        ("birth cert", "akta-kelahiran-online"),
        ("pbb", "pbb-p2"),
        ("lowongan", "lowongan-kerja"),
        ("ambulan", "ambulans-gratis"),
    ],
)
def test_typos_and_prefixes_find_the_intended_menu_first(seeded, query, expected):
    assert _top(query, 1) == [expected]


def test_ktp_finds_e_id_menus_in_the_top_three(seeded):
    top = _top("ktp")
    assert len(top) == 3
    assert all("ktp" in slug for slug in top)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("water bill", "tagihan-air-pdam"),
        ("street light", "lapor-pju-mati"),
        ("free ambulance", "ambulans-gratis"),
        ("hospital bed", "ketersediaan-kamar-rs"),
        ("job seeker card", "kartu-kuning-ak1"),
        ("birth certificate", "akta-kelahiran-online"),
    ],
)
def test_english_search_finds_the_menu(seeded, query, expected):
    assert expected in _top(query)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("imb", "pbg"),
        ("bpjs", "jaminan-kesehatan-pbi-apbd-uhc"),
        ("kuburan", "pemakaman-tpu-selapajang"),
    ],
)
def test_everyday_words_find_the_official_service(seeded, query, expected):
    """Residents say IMB (the old name of PBG), BPJS, kuburan: keywords carry these words."""
    assert expected in _top(query)


def test_an_exact_keyword_beats_the_prefix_of_another_word(seeded):
    # "imb" is the start of "imbauan" in another menu's name; the exact keyword wins.
    assert _top("imb", 1) == ["pbg"]


def test_prefix_of_a_word_matches(seeded):
    assert "pemadam-kebakaran" in _top("pemadam keb")
    assert any("perpustakaan" in slug for slug in _top("perpus"))


def test_exact_match_ranks_above_a_typo_match(db, make_menu):
    make_menu("bank-sampah", name_id="Bank sampah", name_en="Waste bank")
    make_menu("bank-sampa", name_id="Bank sampai", name_en="Bank until")
    assert _top("sampah")[0] == "bank-sampah"


def test_index_is_rebuilt_when_a_menu_changes(db, make_menu):
    menu = make_menu("layanan-uji", name_id="Layanan Uji")
    assert _top("zebrakuda") == []
    menu.name_id = "Layanan Zebrakuda"
    menu.save()
    assert _top("zebrakuda") == ["layanan-uji"]


def test_inactive_menus_are_not_found(db, make_menu):
    make_menu("tersembunyi", name_id="Layanan Tersembunyi", is_active=False)
    assert _top("tersembunyi") == []


def test_empty_or_stopword_query_finds_nothing(seeded):
    assert search_menus("") == []
    assert search_menus("dan di the") == []


def test_a_search_runs_no_heavy_sql_once_the_index_is_built(seeded, django_assert_max_num_queries):
    search_menus("warmup")
    # At most the one-row version look-up, when the cache has just been emptied.
    with django_assert_max_num_queries(1):
        search_menus("akta kelahiran")


def test_normalise_splits_and_folds():
    assert normalise("KTP-el Café") == ["ktp", "el", "cafe"]


@pytest.mark.parametrize(
    ("a", "b", "limit", "expected"),
    [
        ("kelahiran", "kelhiran", 2, 1),
        ("akta", "akte", 1, 1),
        ("abc", "xyz", 1, 2),
        ("same", "same", 1, 0),
    ],
)
def test_bounded_levenshtein(a, b, limit, expected):
    assert bounded_levenshtein(a, b, limit) == expected


def test_menus_kind_link_exists_for_official_sites(seeded):
    menu = Menu.objects.get(slug="ppdb-smp")
    assert menu.kind == Menu.Kind.LINK
    assert menu.external_url.startswith("https://")
