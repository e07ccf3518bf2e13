"""The judged query set: what residents type and the menus they mean (search_judgements.json).

The judgements were written from the catalog as a resident would, before the ranking was tuned;
change them only when the catalog changes, never to suit the engine. The measure is printed at
the end of the run (tests/conftest.py) and in `make bench`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from kotalive.catalog.models import Menu
from kotalive.catalog.search import Judgement, relevance, search_menus

pytestmark = pytest.mark.django_db

JUDGEMENTS_PATH = Path(__file__).with_name("search_judgements.json")
TARGET_TOP3 = 0.95


def _judgements() -> list[Judgement]:
    judgements: list[Judgement] = json.loads(JUDGEMENTS_PATH.read_text(encoding="utf-8"))
    return judgements


def _ranked(query: str) -> list[str]:
    return [doc.slug for doc in search_menus(query, limit=10)]


def test_the_judged_set_is_large_and_in_both_languages() -> None:
    judgements = _judgements()
    assert len(judgements) >= 60
    by_language = {j["language"] for j in judgements}
    assert by_language == {"id", "en"}
    assert len({j["query"] for j in judgements}) == len(judgements)


def test_every_judged_menu_is_in_the_seeded_catalog(seeded: None) -> None:
    slugs = set(Menu.objects.filter(is_active=True).values_list("slug", flat=True))
    unknown = {s for j in _judgements() for s in j["expected"]} - slugs
    assert unknown == set()


def test_judged_queries_find_the_menus_residents_mean(
    seeded: None, record_property: Callable[[str, object], None]
) -> None:
    measure = relevance(_judgements(), _ranked)
    # Read by tests/conftest.py's terminal summary, also from an xdist worker.
    record_property("search_relevance", measure.summary())
    assert measure.top3 >= TARGET_TOP3, f"{measure.summary()}; missed: {measure.misses}"


def test_relevance_counts_top_three_hits_and_reciprocal_ranks() -> None:
    ranked = {"a": ["x", "y"], "b": ["p", "q", "r", "s"], "c": []}
    judgements: list[Judgement] = [
        {"query": "a", "language": "id", "expected": ["x"]},
        {"query": "b", "language": "en", "expected": ["s", "r"]},
        {"query": "c", "language": "id", "expected": ["x"]},
    ]
    measure = relevance(judgements, lambda q: ranked[q])
    assert measure.top3 == pytest.approx(2 / 3)
    assert measure.mrr == pytest.approx((1 + 1 / 3 + 0) / 3)
    assert measure.misses == ("c",)
    assert measure.summary() == "top-3 0.67, MRR 0.44 (3 queries)"
