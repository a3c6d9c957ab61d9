"""Dutch BM25 over chunk texts: folding, Snowball stemming, stopwords and compound splitting."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import bm25s
import numpy as np
import Stemmer

# Words joined by hyphens, slashes or apostrophes stay one token first ("re-integratietraject",
# "H'sum"), so the whole form and its parts can both be emitted.
_TOKEN = re.compile(r"[^\W_]+(?:[-/'’][^\W_]+)*", re.UNICODE)
_JOINERS = re.compile(r"[-/'’]")
MIN_PART = 4  # shorter compound parts ("bel", "eid") split words by accident far more than they help
_LINKS = ("", "s", "e", "en", "n")  # Dutch linking morphemes: arbeid-s-markt, banen-afspraak
_ANALYZER_FILE = "analyzer.json"

# bm25s ships the Snowball Dutch list; questions add interrogatives and filler that never carry
# the topic ("hoeveel", "eigenlijk", "nou"), and English function words for English questions.
_EXTRA_STOPWORDS = [
    "hoeveel",
    "wanneer",
    "welke",
    "welk",
    "waar",
    "waarom",
    "waarvoor",
    "wie",
    "wat",
    "hoe",
    "heel",
    "erg",
    "nou",
    "eigenlijk",
    "even",
    "precies",
    "graag",
    "ongeveer",
    "staat",
    "stond",
    "zit",
    "gaat",
    "ging",
    "komen",
    "komt",
    "kwam",
    "word",
    "worden",
    "werd",
    "zijn",
    "wel",
    "the",
    "of",
    "and",
    "or",
    "to",
    "in",
    "on",
    "at",
    "for",
    "is",
    "are",
    "was",
    "were",
    "what",
    "which",
    "who",
    "how",
    "when",
    "where",
    "does",
    "do",
    "did",
    "a",
    "an",
    "it",
    "its",
    "this",
    "that",
    "these",
    "those",
    "with",
    "by",
    "from",
    "be",
    "been",
    "many",
    "much",
    "there",
]
STOPWORDS: frozenset[str] = frozenset(bm25s.stopwords.STOPWORDS_DUTCH) | frozenset(_EXTRA_STOPWORDS)
# Dutch words other modules read dates and counts with (period labels, answer checks, passage signals).
DUTCH_MONTHS: tuple[str, ...] = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
DUTCH_NUMBER_WORDS: tuple[str, ...] = (
    "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf", "twaalf",
    "twintig", "dertig", "veertig", "vijftig", "honderd", "duizend",
)  # fmt: skip

# "dutch_porter" is the classic Snowball Dutch stemmer. Snowball 3's "dutch" also strips the
# "ge-" prefix, which merges unrelated words: begeleiding -> "beleid" (policy), gemeenten -> "meen".
_STEMMER_ALGORITHM = "dutch_porter"


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lowercase with accents removed, so "coördinatie" and "coordinatie" are one word.

    Cached: answering folds the same passages and sentences many times over (each check, each
    place lookup), and the corpus's texts are few and bounded."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """Folded surface words; joined forms ("re-integratie") kept whole."""
    return _TOKEN.findall(fold(text))


class Analyzer:
    """Turns text into stemmed index terms; knows the corpus vocabulary for compound splitting."""

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.vocabulary = frozenset(w for w in vocabulary if len(w) >= MIN_PART and w not in STOPWORDS)
        self._stemmer = Stemmer.Stemmer(_STEMMER_ALGORITHM)
        self._splits: dict[str, list[str]] = {}

    @staticmethod
    def vocabulary_of(texts: Iterable[str]) -> list[str]:
        """Plain words (no joiners) of the texts: the dictionary compounds are split against."""
        counts: Counter[str] = Counter()
        for text in texts:
            for word in words(text):
                counts.update(p for p in _JOINERS.split(word) if p)
        return sorted(counts)

    def split_compound(self, word: str) -> list[str]:
        """Known parts of a compound, e.g. arbeidsmarktregio -> arbeidsmarkt, arbeid, markt, regio."""
        if word not in self._splits:
            self._splits[word] = self._split(word, top=True) or []
        return self._splits[word]

    def _split(self, word: str, top: bool = False) -> list[str] | None:
        # Longest known head first; the rest (after an optional linking morpheme) must itself be a
        # known word or split further. Returns every part found, heads' own parts included.
        for i in range(len(word) - MIN_PART, MIN_PART - 1, -1):
            head = word[:i]
            if head not in self.vocabulary:
                continue
            rest = word[i:]
            for link in _LINKS:
                if not rest.startswith(link) or len(rest) - len(link) < MIN_PART:
                    continue
                tail = rest[len(link) :]
                tail_parts = [tail] if tail in self.vocabulary else self._split(tail)
                if tail_parts is None:
                    continue
                parts = [head, *self.split_compound(head), *tail_parts]
                if tail in self.vocabulary:
                    parts += self.split_compound(tail)
                return list(dict.fromkeys(parts))
        if not top and word in self.vocabulary:
            return [word]
        return None

    def terms(self, word: str) -> list[str]:
        """Surface forms to index for one folded word: the word, its joined form, its parts."""
        pieces = [p for p in _JOINERS.split(word) if p]
        forms = ["".join(pieces)] if len(pieces) > 1 else [word]
        forms += pieces if len(pieces) > 1 else []
        out: list[str] = []
        for form in forms:
            if form in STOPWORDS or len(form) < 2:
                continue
            out.append(form)
            out.extend(self.split_compound(form))
        return out

    def analyze(self, text: str) -> list[str]:
        """Stemmed index terms of a text, stopwords removed, compound parts added."""
        surface = [t for w in words(text) for t in self.terms(w)]
        return self._stemmer.stemWords(surface)

    def to_json(self) -> str:
        return json.dumps({"stemmer": _STEMMER_ALGORITHM, "vocabulary": sorted(self.vocabulary)})

    @classmethod
    def from_json(cls, data: str) -> Analyzer:
        return cls(json.loads(data)["vocabulary"])


@lru_cache(maxsize=1)
def _plain_analyzer() -> Analyzer:
    # One stemmer for all vocabulary-less calls: callers analyse word by word on the answer path.
    return Analyzer(())


def analyze(text: str, analyzer: Analyzer | None = None) -> list[str]:
    """Stemmed terms of `text`; without an analyzer compounds are not split (no vocabulary)."""
    return (analyzer or _plain_analyzer()).analyze(text)


@dataclass(frozen=True, slots=True)
class QueryUnit:
    """One idea in a query: its weight and the wordings (stemmed term -> idf) that express it."""

    weight: float
    forms: tuple[dict[str, float], ...]


@dataclass(frozen=True, slots=True)
class QueryProfile:
    units: tuple[QueryUnit, ...]

    def share(self, terms: Collection[str]) -> float:
        """Share of the query's weight a bag of stemmed terms covers (a sentence, a title)."""
        total = sum(u.weight for u in self.units)
        if not total:
            return 0.0
        got = 0.0
        for unit in self.units:
            got += unit.weight * max(
                sum(idf for t, idf in form.items() if t in terms) / sum(form.values()) for form in unit.forms
            )
        return got / total


class LexicalIndex:
    """A BM25 index over a list of texts, addressed by position; saved next to the chunks."""

    def __init__(self, retriever: bm25s.BM25, size: int, analyzer: Analyzer) -> None:
        self._retriever = retriever
        self.size = size
        self.analyzer = analyzer

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        analyzer = Analyzer(Analyzer.vocabulary_of(texts))
        retriever = bm25s.BM25()
        retriever.index([analyzer.analyze(t) or ["\x00"] for t in texts], show_progress=False)
        return cls(retriever, len(texts), analyzer)

    def save(self, directory: Path) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(directory))
        (directory / _ANALYZER_FILE).write_text(self.analyzer.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> LexicalIndex:
        directory = Path(directory)
        retriever = bm25s.BM25.load(str(directory))
        path = directory / _ANALYZER_FILE
        analyzer = Analyzer.from_json(path.read_text(encoding="utf-8")) if path.exists() else Analyzer(())
        return cls(retriever, int(retriever.scores["num_docs"]), analyzer)

    def query_terms(self, query: str) -> list[str]:
        """The query's terms that the index knows (unknown words cannot score)."""
        return [t for t in self.analyzer.analyze(query) if t in self._retriever.vocab_dict]

    def scores(self, query: str, concepts: Sequence[Sequence[str]] = ()) -> np.ndarray:
        """BM25 score of every text for the query (zeros when no query term is known).

        `concepts` are alternative wordings of one idea, the query's own wording first (a glossary
        term and its expansions). Each counts once, by whichever form scores best in the text,
        instead of every form adding up: an abbreviation with two long forms must not weigh three
        times as much as the rest of the question.
        """
        total = self._bm25(query)
        for forms in concepts:
            if len(forms) < 2:
                continue
            per_form = [self._bm25(form) for form in forms]
            total += np.maximum.reduce(per_form) - per_form[0]
        return total

    def _bm25(self, text: str) -> np.ndarray:
        terms = self.query_terms(text)
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(terms), dtype=np.float32)

    def profile(self, query: str, concepts: Sequence[Sequence[str]] = ()) -> QueryProfile:
        """The query as weighted units: each plain term by its idf, each concept (see `scores`) by
        what its own wording weighs, satisfied by whichever of its forms a text covers best.

        Unknown terms keep their (maximal) idf: a query whose words the corpus lacks covers little.
        """
        own_terms = {t for forms in concepts if len(forms) > 1 for t in self.analyzer.analyze(forms[0])}
        units: list[QueryUnit] = []
        for term in dict.fromkeys(self.analyzer.analyze(query)):
            if term not in own_terms:
                idf = self.idf(term)
                units.append(QueryUnit(idf, ({term: idf},)))
        for forms in concepts:
            if len(forms) < 2:
                continue
            alternatives = tuple({t: self.idf(t) for t in self.analyzer.analyze(f)} for f in forms)
            weight = sum(alternatives[0].values())
            if weight:
                units.append(QueryUnit(weight, tuple(a for a in alternatives if a)))
        return QueryProfile(tuple(units))

    def coverage(self, query: str, concepts: Sequence[Sequence[str]] = ()) -> np.ndarray:
        """Share of the query's idf weight that each text covers (0..1, comparable across queries)."""
        return self.coverage_of(self.profile(query, concepts))

    def coverage_of(self, profile: QueryProfile) -> np.ndarray:
        """`coverage` for a query already profiled (the retriever needs the profile too)."""
        out = np.zeros(self.size, dtype=np.float32)
        units = profile.units
        total = sum(u.weight for u in units)
        if self.size == 0 or not total:
            return out
        for unit in units:
            best = np.zeros(self.size, dtype=np.float32)
            for form in unit.forms:
                share = np.zeros(self.size, dtype=np.float32)
                for term, idf in form.items():
                    share[self._postings(term)] += idf
                best = np.maximum(best, share / sum(form.values()))
            out += unit.weight * best
        return out / total

    def idf(self, term: str) -> float:
        """BM25's idf of a term; an unknown term gets the idf of the rarest possible one."""
        df = len(self._postings(term))
        return float(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))

    def _postings(self, term: str) -> np.ndarray:
        """Positions of the texts a term occurs in."""
        tid = self._retriever.vocab_dict.get(term)
        if tid is None:
            return np.zeros(0, dtype=np.int64)
        indptr = self._retriever.scores["indptr"]
        return self._retriever.scores["indices"][indptr[tid] : indptr[tid + 1]]

    def search(self, query: str, k: int) -> list[tuple[int, float]]:
        """(position, score) of the best k texts, best first; empty when no query word is known."""
        scores = self.scores(query)
        if k <= 0 or not scores.any():
            return []
        k = min(k, self.size)
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]


__all__ = [
    "DUTCH_MONTHS",
    "DUTCH_NUMBER_WORDS",
    "STOPWORDS",
    "Analyzer",
    "LexicalIndex",
    "QueryProfile",
    "QueryUnit",
    "analyze",
    "fold",
    "words",
]
