"""Catalog search in Indonesian and English that forgives typos and matches prefixes.

The whole catalog (a few hundred menus) is held in a per-process in-memory index, rebuilt only
when the catalog version in the shared cache changes, so a search request runs no SQL at all.
Ranking: exact word > synonym > prefix > typo (bounded Levenshtein over trigram candidates); a word
found in a name counts more than one in keywords, which counts more than one in the description.
Menus matching more of the query's words come first; among them, a word few menus hold weighs
more than a common one, and words that say how rather than which service ("gratis", "online")
weigh little. Synonyms and abbreviations residents use ("rs" for "rumah sakit", "loker", "imb")
and those weak words are data, in data/search-synonyms.txt; what each synonym finds is worked out
once, when the index is built. tests/catalog/search_judgements.json judges the result.
"""

from __future__ import annotations

import bisect
import functools
import math
import re
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypedDict

from kotalive.catalog.labels import Status
from kotalive.catalog.models import Category, Menu
from kotalive.catalog.services import catalog_version

MAX_QUERY_LENGTH = 100
_WORD = re.compile(r"[a-z0-9]+")
# Words so common in menu names that they would match everything; dropped from queries.
_STOP = "di ke dan atau yang untuk dari bagi via dengan the of and or for to in a an at by on"
STOPWORDS = frozenset(_STOP.split(" "))
W_NAME, W_KEYWORD, W_DESCRIPTION = 3.0, 2.0, 1.0
EXACT, SYNONYM, PREFIX, FUZZY, FUZZY_PREFIX = 1.0, 0.8, 0.6, 0.5, 0.4
EVERYWHERE_MIN = 20  # menus a word must be in, besides half of them, to be guessed only exactly
FEATURED_ORDER = 100  # menus seeded with an order below this are the flagship ones
WEAK = 0.25  # what a word of the rules' "weak:" list counts for, next to other words
SYNONYMS_PATH = Path(__file__).parent / "data" / "search-synonyms.txt"

Phrase = tuple[str, ...]


def normalise(text: str) -> list[str]:
    """Lower-case ASCII words: 'KTP-el' -> ['ktp', 'el'], 'Akta Kelahiran' -> ['akta', ...]."""
    folded = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return _WORD.findall(folded)


def query_terms(text: str) -> list[str]:
    return [t for t in normalise(text) if t not in STOPWORDS]


@dataclass(frozen=True)
class SearchRules:
    """data/search-synonyms.txt: what a phrase also means, and which words weigh little."""

    synonyms: Mapping[Phrase, frozenset[Phrase]] = field(default_factory=dict)
    weak: frozenset[str] = frozenset()


def parse_search_rules(text: str) -> SearchRules:
    """Rules as data/search-synonyms.txt writes them.

    "a, b, c" makes each mean the others; "a, b => c" makes a and b also mean c, not back;
    "weak: a, b" names words that say how or what kind of answer rather than which service.
    """
    means: dict[Phrase, set[Phrase]] = defaultdict(set)
    weak: set[str] = set()
    for line in text.splitlines():
        rule = line.split("#", 1)[0].strip()
        if rule.startswith("weak:"):
            weak.update(query_terms(rule.removeprefix("weak:")))
            continue
        left, arrow, right = rule.partition("=>")
        sources = [p for p in (tuple(query_terms(part)) for part in left.split(",")) if p]
        targets = [p for p in (tuple(query_terms(part)) for part in right.split(",")) if p]
        for source in sources:
            means[source].update(p for p in (targets if arrow else sources) if p != source)
    synonyms = {phrase: frozenset(others) for phrase, others in means.items() if others}
    return SearchRules(synonyms=synonyms, weak=frozenset(weak))


@functools.cache
def city_search_rules() -> SearchRules:
    return parse_search_rules(SYNONYMS_PATH.read_text(encoding="utf-8"))


def _trigrams(token: str) -> set[str]:
    padded = f"  {token} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _max_edits(token: str) -> int:
    if len(token) <= 3:
        return 0
    return 1 if len(token) <= 7 else 2


def bounded_levenshtein(a: str, b: str, limit: int) -> int:
    """Edit distance between a and b, or limit + 1 as soon as it is known to exceed limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        best = current[0]
        for j, cb in enumerate(b, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            best = min(best, current[j])
        if best > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class MenuDoc:
    """What lists and search results show, without touching the database."""

    id: int
    slug: str
    category_slug: str
    kind: str
    icon: str
    name_id: str
    name_en: str
    description_id: str
    description_en: str
    access: str
    is_available: bool
    external_url: str
    office_abbrev: str
    order: int
    # What a resident can do with it (labels.menu_status), worked out once when the index is built;
    # its label is lazy, so it reads in the language of each request.
    status: Status

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_id

    def description(self, language: str) -> str:
        if language == "en" and self.description_en:
            return self.description_en
        return self.description_id


@dataclass(frozen=True)
class CategoryDoc:
    id: int
    slug: str
    name_id: str
    name_en: str
    icon: str
    order: int
    menu_count: int

    def name(self, language: str) -> str:
        return self.name_en if language == "en" and self.name_en else self.name_id


@dataclass
class SearchIndex:
    version: str
    menus: list[MenuDoc] = field(default_factory=list)
    categories: list[CategoryDoc] = field(default_factory=list)
    by_slug: dict[str, MenuDoc] = field(default_factory=dict)
    # token -> {menu position: best field weight}
    postings: dict[str, dict[int, float]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)
    trigram_tokens: dict[str, set[str]] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    name_words: list[frozenset[str]] = field(default_factory=list)
    # query phrase -> what else it means; each of those phrases -> {menu position: weight}
    # query phrase -> {menu position: best value through any phrase it also means}
    synonyms: dict[Phrase, dict[int, float]] = field(default_factory=dict)
    # query phrase -> the words of what it also means
    synonym_words: dict[Phrase, frozenset[str]] = field(default_factory=dict)
    longest_synonym: int = 0
    everywhere: frozenset[str] = frozenset()
    weak: frozenset[str] = frozenset()

    def add(self, doc: MenuDoc, keywords: str) -> None:
        position = len(self.menus)
        self.menus.append(doc)
        self.by_slug[doc.slug] = doc
        name_tokens = normalise(f"{doc.name_id} {doc.name_en}")
        # Padded so that the phrase bonus in search() only counts whole words.
        id_words, en_words = " ".join(normalise(doc.name_id)), " ".join(normalise(doc.name_en))
        self.names.append(f" {id_words} | {en_words} ")
        self.name_words.append(frozenset(name_tokens))
        fields = (
            (name_tokens, W_NAME),
            (normalise(keywords), W_KEYWORD),
            (normalise(f"{doc.description_id} {doc.description_en}"), W_DESCRIPTION),
        )
        for tokens, weight in fields:
            for token in tokens:
                posting = self.postings.setdefault(token, {})
                if posting.get(position, 0.0) < weight:
                    posting[position] = weight

    def finish(self, rules: SearchRules | None = None) -> None:
        self.vocabulary = sorted(self.postings)
        rules = rules or SearchRules()
        self.weak = rules.weak
        for source, others in rules.synonyms.items():
            found: dict[int, float] = {}
            for phrase in others:
                for position, weight in self._phrase_posting(phrase).items():
                    found[position] = max(found.get(position, 0.0), SYNONYM * weight)
            if found:
                self.synonyms[source] = found
                self.synonym_words[source] = frozenset(w for phrase in others for w in phrase)
                self.longest_synonym = max(self.longest_synonym, len(source))
        # A word in most menus ("layanan": every description names the office's service) tells
        # them apart only when typed exactly; as a typo's or a prefix's guess it would let any
        # query word match nearly every menu ("lapangan" is two edits from "layanan").
        common = max(len(self.menus) // 2, EVERYWHERE_MIN - 1)
        self.everywhere = frozenset(t for t, p in self.postings.items() if len(p) > common)
        trigram_tokens: dict[str, set[str]] = defaultdict(set)
        for token in self.vocabulary:
            if len(token) >= 4 and token not in self.everywhere:
                for gram in _trigrams(token):
                    trigram_tokens[gram].add(token)
        self.trigram_tokens = dict(trigram_tokens)

    def _phrase_posting(self, phrase: Phrase) -> dict[int, float]:
        """Menus that hold every word of `phrase`, weighted by the field where the weakest is."""
        found = dict(self.postings.get(phrase[0], {}))
        for token in phrase[1:]:
            posting = self.postings.get(token, {})
            found = {p: min(w, posting[p]) for p, w in found.items() if p in posting}
        return found

    def _synonym_matches(self, terms: list[str], slots: list[dict[int, float]]) -> set[str]:
        """Let each run of query words that a synonym rule knows also match what it means.
        Returns the words of what those runs mean."""
        meant: set[str] = set()
        for start in range(len(terms)):
            for end in range(start + 1, min(len(terms), start + self.longest_synonym) + 1):
                run = tuple(terms[start:end])
                found = self.synonyms.get(run)
                if found is None:
                    continue
                meant |= self.synonym_words[run]
                for slot in slots[start:end]:
                    for position, value in found.items():
                        if value > slot.get(position, 0.0):
                            slot[position] = value
        return meant

    def _expand(self, term: str) -> dict[str, float]:
        """Index tokens that `term` may mean, each with how good the match is."""
        found: dict[str, float] = {}
        if term in self.postings:
            found[term] = EXACT
        if len(term) >= 2:
            start = bisect.bisect_left(self.vocabulary, term)
            for token in self.vocabulary[start:]:
                if not token.startswith(term):
                    break
                if token not in self.everywhere:
                    found.setdefault(token, PREFIX)
        limit = _max_edits(term)
        if limit:
            grams = _trigrams(term)
            counts: dict[str, int] = defaultdict(int)
            for gram in grams:
                for token in self.trigram_tokens.get(gram, ()):
                    counts[token] += 1
            # A word within `limit` edits shares most trigrams; this keeps the scan tiny.
            needed = max(1, len(grams) - 3 * limit)
            for token, shared in counts.items():
                if token in found or shared < needed:
                    continue
                if bounded_levenshtein(term, token, limit) <= limit:
                    found[token] = FUZZY
                elif len(token) > len(term) and (
                    bounded_levenshtein(term, token[: len(term)], limit) <= limit
                ):
                    # A mistyped beginning of a longer word: "kelhi" for "kelahiran".
                    found[token] = FUZZY_PREFIX
        return found

    def search(self, query: str, *, limit: int = 20) -> list[MenuDoc]:
        terms = query_terms(query[:MAX_QUERY_LENGTH])[:8]
        if not terms or not self.menus:
            return []
        # Per query word, the best match in each menu: the word itself, a typo of it, a synonym.
        slots: list[dict[int, float]] = []
        # Every word of a menu name that the query accounts for (itself, a typo, a synonym).
        explained = set(terms)
        for term in terms:
            best: dict[int, float] = {}
            expanded = self._expand(term)
            explained.update(expanded)
            for token, quality in expanded.items():
                for position, weight in self.postings[token].items():
                    value = quality * weight
                    if value > best.get(position, 0.0):
                        best[position] = value
            slots.append(best)
        if self.synonyms:
            explained |= self._synonym_matches(terms, slots)
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, int] = defaultdict(int)
        # A word that few menus hold says more about what the resident means than one that many
        # hold: "ular masuk rumah" is about the snake, not about houses.
        spread = math.log(len(self.menus) + 1)
        for term, best in zip(terms, slots, strict=True):
            rarity = math.log((len(self.menus) + 1) / (len(best) + 0.5)) / spread
            if term in self.weak:
                # "ktp online", "kursus gratis": the service is the other word.
                rarity *= WEAK
            for position, value in best.items():
                scores[position] += value * rarity
                matched[position] += 1
        phrase = f" {' '.join(terms)} "
        ranked: list[tuple[int, float, int, int]] = []
        for position, score in scores.items():
            # Words together, as the query has them; one word alone is already weighed as a name
            # word, and counted twice it kept the city's flagship under its namesakes ("pengaduan":
            # LAKSA under every "Pengaduan ..." menu).
            if len(terms) > 1 and phrase in self.names[position]:
                score += 2.0
            # Of two equally good matches, the name that says less besides what the query means
            # is the more specific menu: "Mal Pelayanan Publik (MPP)" for "mpp", not "Layanan
            # sosial di MPP".
            score -= 0.01 * len(self.name_words[position] - explained)
            if self.menus[position].order < FEATURED_ORDER:
                # The city's flagship menus win ties against their minor namesakes.
                score += 0.5
            # Menus that match more of the query's words come first, however well the others match.
            ranked.append((-matched[position], -score, self.menus[position].order, position))
        ranked.sort()
        return [self.menus[position] for *_, position in ranked[:limit]]


@dataclass(frozen=True)
class Relevance:
    """How well a ranking serves judged queries: the share with a right menu in the top three,
    and the mean reciprocal rank of the first right menu in the top ten (MRR@10)."""

    top3: float
    mrr: float
    queries: int
    misses: tuple[str, ...]

    def summary(self) -> str:
        return f"top-3 {self.top3:.2f}, MRR {self.mrr:.2f} ({self.queries} queries)"


class Judgement(TypedDict):
    """A resident's query and the menus any of which is a right first answer."""

    query: str
    language: str
    expected: list[str]


def relevance(judgements: Iterable[Judgement], ranked: Callable[[str], Sequence[str]]) -> Relevance:
    """`ranked`: a query's menu slugs, best first (tests/catalog/test_search_relevance.py)."""
    hits, reciprocal, count, misses = 0, 0.0, 0, []
    for judgement in judgements:
        query, expected = judgement["query"], judgement["expected"]
        rank = next((n for n, slug in enumerate(ranked(query)[:10], 1) if slug in expected), 0)
        count += 1
        hits += 0 < rank <= 3
        reciprocal += 1 / rank if rank else 0.0
        if not 0 < rank <= 3:
            misses.append(query)
    if not count:
        return Relevance(top3=0.0, mrr=0.0, queries=0, misses=())
    return Relevance(top3=hits / count, mrr=reciprocal / count, queries=count, misses=tuple(misses))


_lock = threading.Lock()
_current: SearchIndex | None = None


def build_index(version: str) -> SearchIndex:
    index = SearchIndex(version=version)
    menus = Menu.objects.filter(is_active=True).select_related("category").order_by("order", "slug")
    counts: dict[int, int] = defaultdict(int)
    for menu in menus:
        counts[menu.category_id] += 1
        doc = MenuDoc(
            id=menu.pk,
            slug=menu.slug,
            category_slug=menu.category.slug,
            kind=menu.kind,
            icon=menu.icon,
            name_id=menu.name_id,
            name_en=menu.name_en,
            description_id=menu.description_id,
            description_en=menu.description_en,
            access=menu.access,
            is_available=menu.is_available,
            external_url=menu.external_url,
            office_abbrev=menu.office_abbrev,
            order=menu.order,
            status=menu.status,
        )
        keywords = " ".join(
            (
                menu.keywords_id,
                menu.keywords_en,
                menu.office_abbrev,
                menu.category.name_id,
                menu.category.name_en,
            )
        )
        index.add(doc, keywords)
    index.finish(city_search_rules())
    index.categories = [
        CategoryDoc(
            id=c.pk,
            slug=c.slug,
            name_id=c.name_id,
            name_en=c.name_en,
            icon=c.icon,
            order=c.order,
            menu_count=counts.get(c.pk, 0),
        )
        for c in Category.objects.order_by("order", "slug")
    ]
    return index


def get_index() -> SearchIndex:
    """The index for the current catalog version; rebuilt at most once per change per process."""
    global _current
    version = catalog_version()
    index = _current
    if index is not None and index.version == version:
        return index
    with _lock:
        if _current is not None and _current.version == version:
            return _current
        _current = build_index(version)
        return _current


def search_menus(query: str, *, limit: int = 20) -> list[MenuDoc]:
    return get_index().search(query, limit=limit)
