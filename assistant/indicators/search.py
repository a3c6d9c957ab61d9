"""Fuzzy, ranked indicator search over labels, ids, glossary synonyms and gemeente spelling variants."""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from assistant.indicators.store import IndicatorRow, IndicatorStore
from assistant.retrieval.glossary import Glossary
from ingest.lexical import fold

GEMEENTEN = ("blaricum", "eemnes", "gooise meren", "hilversum", "huizen", "laren", "weesp", "wijdemeren")
# Question words and fillers that say nothing about which figure is meant.
_STOPWORDS = """
de het een en of van in op te voor met aan bij uit over tot als dan dat die dit deze er is zijn was
waren wordt worden werd hoeveel hoe wat welk welke wie waar wanneer waarom nou eigenlijk eens toch
ons onze we wij je jij u hun hen ze zij daarvan daar hier heeft hebben had hadden komen komt kunnen
kan zou moet mogen per ook nog al niet geen wel meer mensen samen volgens totaal in de the of and
"""
_STOP = frozenset(_STOPWORDS.split())
_MIN_SIMILARITY = 84  # rapidfuzz ratio for a typo ("hoevel", "statushouder") to still count


# Age bands are table columns, coded in the ids (ww_hilversum_lt27_pct); people write them in words.
_AGE_BANDS = (
    (
        re.compile(
            r"\b(50[ -]?plus\w*|50\+|(?:ouder dan|boven de|vanaf) 50( jaar)?|50 jaar (?:of|en) ouder)"
        ),
        " ge50 ",
    ),
    (re.compile(r"\b((?:jonger dan|onder de|beneden) 27( jaar)?|< ?27)"), " lt27 "),
    (re.compile(r"\b(27 ?(?:-|tot|t/m) ?50( jaar)?)"), " 27 50 "),
)


def age_bands(text: str) -> str:
    for pattern, code in _AGE_BANDS:
        text = pattern.sub(code, text)
    return text


def tokens(text: str) -> list[str]:
    return [t for t in re.findall(r"[a-z0-9]+", fold(text)) if t not in _STOP]


@dataclass(frozen=True, slots=True)
class QueryInfo:
    """What the query names: its content words, the gemeenten and the years."""

    words: tuple[str, ...]
    gemeenten: tuple[str, ...]
    years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Scored:
    row: IndicatorRow
    score: float


def _row_text(row: IndicatorRow) -> str:
    # The id carries the short names people use ("ww", "pwet", "lt27"); the family names the table.
    parts = [row.label, row.id.replace("_", " "), row.area, row.period, row.programme, row.budget_line]
    parts.append(row.family.split(":", 1)[-1].replace("_", " "))
    return " ".join(parts)


class IndicatorIndex:
    """An inverted index over the row tokens; query tokens are matched to the vocabulary fuzzily."""

    def __init__(self, store: IndicatorStore, glossary: Glossary) -> None:
        self.store = store
        self.glossary = glossary
        self.postings: dict[str, dict[int, float]] = {}
        for i, row in enumerate(store.rows):
            text = _row_text(row)
            words = set(tokens(text)) | set(tokens(glossary.expand(text).text))
            for w in words:
                self.postings.setdefault(w, {})[i] = 1.0
        n = len(store.rows) or 1
        self.idf = {w: math.log(1 + n / len(p)) for w, p in self.postings.items()}
        self.vocab = list(self.postings)
        self.areas = [fold(r.area) for r in store.rows]
        self.meta = [
            (r.scope, r.year_from, r.year_to, r.id) for r in store.rows
        ]  # folded once: fold() per call costs milliseconds
        self._match_cache: dict[str, list[tuple[str, float]]] = {}

    def parse(self, query: str) -> QueryInfo:
        expanded = age_bands(self.glossary.expand(query).text)
        gemeenten = tuple(g for g in GEMEENTEN if re.search(rf"\b{g}\b", expanded))
        years = tuple(int(y) for y in re.findall(r"\b(20\d\d|19\d\d)\b", expanded))
        return QueryInfo(tuple(dict.fromkeys(tokens(expanded))), gemeenten, years)

    def _matches(self, word: str) -> list[tuple[str, float]]:
        """Vocabulary words that match a query word: exact 1.0, prefix 0.8, typo-close 0.6."""
        if word in self._match_cache:
            return self._match_cache[word]
        out: list[tuple[str, float]] = []
        if word in self.postings:
            out.append((word, 1.0))
        if len(word) >= 4:
            # "plussers" ~ "50plus", "statushouder" ~ "statushouders": shared stems count, less than exact.
            out += [
                (v, 0.8)
                for v in self.vocab
                if v != word and (v.startswith(word) or word.startswith(v)) and len(v) >= 4
            ]
            if not out:
                for v, sim, _ in process.extract(
                    word, self.vocab, scorer=fuzz.ratio, limit=3, score_cutoff=_MIN_SIMILARITY
                ):
                    out.append((v, 0.6 * sim / 100))
        self._match_cache[word] = out
        return out

    def score(self, info: QueryInfo) -> dict[int, float]:
        scores: dict[int, float] = {}
        for word in info.words:
            best: dict[int, float] = {}
            for v, weight in self._matches(word):
                w = weight * self.idf[v]
                for i in self.postings[v]:
                    if w > best.get(i, 0.0):
                        best[i] = w
            for i, w in best.items():
                scores[i] = scores.get(i, 0.0) + w
        return scores

    def search(
        self, query: str, scope: str | None = None, period: str | None = None, limit: int = 10
    ) -> list[Scored]:
        info = self.parse(query)
        raw = self.score(info)
        if scope:  # "H'sum", "Wijdmeren": the glossary knows the spelling variants
            scope = self.glossary.expand(scope).text
        rows = self.store.rows
        gem, years = info.gemeenten, info.years
        scored: list[tuple[float, str, int]] = []
        for i, s in raw.items():
            if (scope or period) and not (scope_ok(rows[i], scope) and period_ok(rows[i], period)):
                continue
            kind, y0, y1, rid = self.meta[i]
            if gem:
                # A question about Huizen wants Huizen's row, not Laren's; regional rows stay as context.
                s *= 1.6 if any(g in self.areas[i] for g in gem) else 0.8 if kind != "gemeente" else 0.4
            if years and y0 is not None and y1 is not None:
                s *= 1.2 if any(y0 <= y <= y1 for y in years) else 0.85
            scored.append((-s, rid, i))
        return [Scored(rows[i], -neg) for neg, _, i in heapq.nsmallest(limit, scored)]

    def search_families(
        self, query: str, scope: str | None = None, period: str | None = None, limit: int = 5
    ) -> list[tuple[str, float, list[IndicatorRow]]]:
        """Tables ranked by their best row; each with its rows for the gemeenten the query names."""
        info = self.parse(query)
        hits = self.search(query, scope, period, limit=200)
        best: dict[str, float] = {}
        for h in hits:
            best[h.row.family] = max(best.get(h.row.family, 0.0), h.score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
        out = []
        for fam, s in ranked:
            members = [r for r in self.store.family(fam) if scope_ok(r, scope) and period_ok(r, period)]
            if info.gemeenten:
                named = [r for r in members if any(g in fold(r.area) for g in info.gemeenten)]
                members = named or members
            out.append((fam, s, members))
        return out


def scope_ok(row: IndicatorRow, scope: str | None) -> bool:
    """scope is a kind (gemeente, regio, nederland) or a place name, spelling variants allowed."""
    if not scope:
        return True
    s = fold(scope).strip()
    if s in ("gemeente", "gemeenten", "regio", "nederland", "overig"):
        return row.scope == s or (s == "gemeente" and row.scope == "gemeenten")
    area = fold(row.area)
    return s in area or fuzz.ratio(s, area) >= _MIN_SIMILARITY


def period_ok(row: IndicatorRow, period: str | None) -> bool:
    if not period:
        return True
    years = [int(y) for y in re.findall(r"\b(\d{4})\b", period)]
    if years and row.year_from is not None and row.year_to is not None:
        return any(row.year_from <= y <= row.year_to for y in years)
    return fold(period) in fold(row.period)


_indexes: dict[tuple[int, Path], IndicatorIndex] = {}


def index_for(store: IndicatorStore, glossary_path: Path) -> IndicatorIndex:
    """One index per loaded store (the store object changes when the database file changes)."""
    key = (id(store), glossary_path)
    idx = _indexes.get(key)
    if idx is None or idx.store is not store:
        _indexes.clear()  # the old store is gone; keep memory bounded
        idx = IndicatorIndex(store, Glossary.load(glossary_path))
        _indexes[key] = idx
    return idx
