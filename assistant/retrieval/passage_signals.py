"""What a candidate passage shows about a query beyond the fused ranking: where the query's words
meet in one sentence, and whether the years the query asks about occur in it.

Whole-chunk BM25 and coverage reward a long passage that mentions every query word somewhere; an
answer usually states them together. And a question about "2018" is rarely answered by a passage
that never names 2018, however close its topic.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexical import Analyzer, QueryProfile

# Sentence ends, list items and table rows: the units a reader takes in at once.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@lru_cache(maxsize=8192)
def _sentence_terms(text: str, analyzer: Analyzer) -> tuple[frozenset[str], ...]:
    # Cached per chunk text: the same candidates come back query after query.
    parts = (p for p in _SENTENCE_BREAK.split(text) if p.strip())
    return tuple(frozenset(analyzer.analyze(p)) for p in parts)


def best_sentence_coverage(profile: QueryProfile, text: str, analyzer: Analyzer) -> float:
    """The highest share of the query's weight that a single sentence of `text` covers (0..1)."""
    return max((profile.share(terms) for terms in _sentence_terms(text, analyzer)), default=0.0)


def query_years(query: str) -> frozenset[str]:
    return frozenset(_YEAR.findall(query))


def year_agreement(years: frozenset[str], text: str) -> float:
    """+1 when the passage names every year the query asks about, -1 when it names none of them,
    in between when some; 0 when the query names no year."""
    if not years:
        return 0.0
    found = set(_YEAR.findall(text))
    return 2.0 * len(years & found) / len(years) - 1.0
