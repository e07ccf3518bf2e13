from __future__ import annotations

import pytest

from kotalive.catalog.models import Menu
from kotalive.catalog.search import (
    EVERYWHERE_MIN,
    bounded_levenshtein,
    normalise,
    parse_search_rules,
    search_menus,
)

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


def test_synonym_rules_go_both_ways_or_one_way() -> None:
    rules = parse_search_rules(
        "# comment\nRS, rumah sakit , hospital # trailing\nular, snake => hewan liar\n\n"
    ).synonyms
    assert rules[("rs",)] == {("rumah", "sakit"), ("hospital",)}
    assert rules[("rumah", "sakit")] == {("rs",), ("hospital",)}
    assert rules[("snake",)] == {("hewan", "liar")}
    assert ("hewan", "liar") not in rules


def test_an_abbreviation_finds_the_menu_that_spells_it_out(db, make_menu):
    make_menu("rs-uji", name_id="Rumah Sakit Uji", name_en="Test Hospital")
    make_menu("rumah-uji", name_id="Rumah Singgah Uji", name_en="Test Shelter")
    assert _top("rs") == ["rs-uji"]
    assert _top("loker") == []
    make_menu("lowongan-uji", name_id="Informasi lowongan kerja", name_en="Job listings")
    assert _top("loker") == ["lowongan-uji"]


def test_a_one_way_synonym_does_not_lead_back(db, make_menu):
    make_menu("hewan-liar", name_id="Penanganan hewan liar", name_en="Wild-animal handling")
    make_menu("kebun-ular", name_id="Taman ular", name_en="Reptile park")
    assert _top("ular")[0] == "kebun-ular"
    assert "hewan-liar" in _top("ular")
    assert _top("hewan liar") == ["hewan-liar"]


def test_the_word_itself_ranks_above_a_synonym(db, make_menu):
    make_menu("rs-nama", name_id="Informasi RS", name_en="Info")
    make_menu("rs-lengkap", name_id="Informasi rumah sakit", name_en="Info")
    assert _top("rs")[:2] == ["rs-nama", "rs-lengkap"]


def test_an_exact_phrase_ranks_above_its_words_apart(db, make_menu):
    make_menu("taman-lampu", name_id="Lampu taman di jalan protokol", name_en="Park lamps")
    make_menu("lampu-jalan", name_id="Usulan lampu jalan", name_en="Request a lamp")
    assert _top("lampu jalan")[0] == "lampu-jalan"


def test_a_rare_word_outweighs_a_common_one(db, make_menu):
    for n in range(4):
        make_menu(f"rumah-{n}", name_id=f"Layanan rumah nomor {n}", name_en=f"Home {n}")
    # A longer name than the others: before rarity counted, the shorter names won the tie.
    make_menu(
        "buaya",
        name_id="Penangkaran dan penyuluhan satwa buaya muara",
        name_en="Estuarine crocodile breeding and outreach",
    )
    assert _top("buaya di rumah")[0] == "buaya"


def test_the_menu_that_is_what_the_query_means_beats_those_that_only_name_it(db, make_menu):
    """Every word of the mall's name is the query or what it means; the counter says more."""
    make_menu("counter", name_id="Layanan sosial di MPP", name_en="Social counter at MPP")
    make_menu("mall", name_id="Mal Pelayanan Publik (MPP) Uji", name_en="Public Service Mall")
    assert _top("mpp")[0] == "mall"


def test_a_one_word_query_in_a_name_counts_once_so_the_flagship_leads(db, make_menu):
    """LAKSA is the city's complaints channel; each "Pengaduan ..." menu is one kind of it."""
    make_menu("laksa", name_id="LAKSA", name_en="LAKSA complaints", order=0)
    for n, topic in enumerate(("air", "sampah", "jalan", "lampu")):
        make_menu(f"pengaduan-{n}", name_id=f"Pengaduan {topic}", name_en=f"{topic} report")
    assert _top("pengaduan")[0] == "laksa"


def test_rumah_sakit_finds_the_hospital_before_the_slaughterhouse(seeded):
    """The look-alike "Rumah Potong Hewan" shares a word; the hospital's menus share the meaning."""
    found = [doc.slug for doc in search_menus("rumah sakit", limit=50)]
    hospital = {
        "ketersediaan-kamar-rs",
        "instalasi-gawat-darurat-24-jam",
        "rawat-jalan-poliklinik",
        "rawat-inap-peserta-jkn-kelas-3",
    }
    assert hospital <= set(found[:6])
    assert found.index("layanan-rumah-potong-hewan-rph") > max(found.index(s) for s in hospital)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("igd", "instalasi-gawat-darurat-24-jam"),
        ("e-ktp hilang", "ktp-el-hilang-rusak"),
        ("air mati", "pengaduan-gangguan-aliran-air"),
        ("lampu jalan mati", "lapor-pju-mati"),
        ("sampah tidak diangkut", "pengaduan-sampah-tidak-terangkut"),
        ("pothole", "perjaka-gesit-perbaikan-jalan-sehari-tuntas"),
        ("ak1", "kartu-kuning-ak1"),
        ("pengaduan", "laksa"),
        ("ular masuk rumah", "penanganan-hewan-liar"),
        ("mpp", "mal-pelayanan-publik-mpp-kota-tangerang"),
    ],
)
def test_what_residents_say_finds_the_service_first(seeded, query, expected):
    assert _top(query, 1) == [expected]


def test_weak_words_are_read_from_the_rules() -> None:
    rules = parse_search_rules("weak: Gratis, online # how, not what\nrs, rumah sakit\n")
    assert rules.weak == {"gratis", "online"}
    assert rules.synonyms[("rs",)] == {("rumah", "sakit")}


def test_a_weak_word_does_not_outrank_the_service_named(db, make_menu):
    """ "ktp online" is about the KTP: a menu that only says "online" comes after the KTP's."""
    make_menu("akta-online", name_id="Akta online", name_en="Certificate online", order=1)
    make_menu("ktp-hilang", name_id="Penggantian KTP-el hilang atau rusak", name_en="Lost e-ID")
    assert _top("ktp online")[0] == "ktp-hilang"
    assert _top("online")[0] == "akta-online"


def test_a_typo_guess_never_reaches_a_word_most_menus_hold(db, make_menu):
    """Every seeded description says "Layanan <office>": "lapangan" is two edits from it."""
    for n in range(EVERYWHERE_MIN):
        name = f"Sewa kios pasar nomor {n}"
        make_menu(f"menu-{n}", name_id=name, description_id=f"{name}. Layanan Dinas Uji.")
    assert _top("lapangan") == []
    assert _top("layanan") != []


def test_in_a_small_catalog_a_typo_still_finds_a_word_most_menus_hold(db, make_menu):
    make_menu("pajak-hotel", name_id="Pajak hotel", name_en="Hotel tax")
    make_menu("pajak-parkir", name_id="Pajak parkir", name_en="Parking tax")
    assert set(_top("pajk")) == {"pajak-hotel", "pajak-parkir"}
