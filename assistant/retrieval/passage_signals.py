"""What a candidate passage shows about a query beyond the fused ranking: whether a sentence holds
the kind of answer the question asks for, next to the question's words.

Whole-chunk BM25 and E5 reward the passage that is about the topic; "hoeveel" and "wanneer" are
answered by the sentence that states a number or a date among the question's words.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import lru_cache

from ingest.lexical import DUTCH_MONTHS, DUTCH_NUMBER_WORDS, Analyzer, QueryProfile, fold

# Sentence ends, list items and table rows: the units a reader takes in at once.
_SENTENCE_BREAK = re.compile(r"(?<=[.!?;:])\s+|\n+")


class AnswerType(Enum):
    NONE = "none"
    QUANTITY = "quantity"  # a count, amount, share or duration
    DATE = "date"  # a moment: year, month, season, quarter, day


# Matched on the folded question, Dutch and English. "Hoe lang" asks for a duration: a quantity.
_ASKS: tuple[tuple[AnswerType, re.Pattern[str]], ...] = (
    (
        AnswerType.DATE,
        re.compile(
            r"\b(?:(?:sinds|vanaf|per|tot|voor) wanneer|wanneer|op welke datum|in welk jaar|welk jaar"
            r"|(?:since|until|by) when|when|what date|which year|in what year)\b"
        ),
    ),
    (
        AnswerType.QUANTITY,
        re.compile(
            r"\b(?:hoeveel|hoe ?veel|hoe groot|hoe lang|hoe vaak|welk percentage|welk deel|wat kost"
            r"|wat kosten|how many|how much|how big|how large|how long|how often|what percentage"
            r"|what share|what proportion)\b"
        ),
    ),
)

_NUMBER_WORDS = "|".join(
    (*DUTCH_NUMBER_WORDS, "miljoen", "miljard", "helft", "half", "kwart", "procent", "dubbel")
)
# A year is a date, not an amount: a sentence that only names a year does not answer "hoeveel".
_QUANTITY = re.compile(rf"(?<![\d])(?!(?:19|20)\d\d(?!\d))\d|%|€|\b(?:{_NUMBER_WORDS})\b")
_MONTHS = "|".join((*DUTCH_MONTHS, "voorjaar", "najaar", "zomer", "winter", "kwartaal"))
_DATE = re.compile(rf"(?<!\d)(?:19|20)\d\d(?!\d)|\b\d{{1,2}}-\d{{1,2}}-\d{{2,4}}\b|\b(?:{_MONTHS})\b")
_HOLDS: dict[AnswerType, re.Pattern[str]] = {AnswerType.QUANTITY: _QUANTITY, AnswerType.DATE: _DATE}


def answer_type(question: str) -> AnswerType:
    """What kind of answer the question asks for (the first kind whose wording it uses)."""
    folded = fold(question)
    for kind, pattern in _ASKS:
        if pattern.search(folded):
            return kind
    return AnswerType.NONE


@lru_cache(maxsize=16384)
def _answer_sentences(text: str, kind: AnswerType, analyzer: Analyzer) -> tuple[frozenset[str], ...]:
    """Stemmed terms of each sentence of `text` that holds an answer of `kind`.

    Cached per chunk text and kind: the same candidates come back query after query. Only those
    sentences are analysed: the pattern is cheap, stemming is not.
    """
    holds = _HOLDS[kind]
    sentences = (fold(p) for p in _SENTENCE_BREAK.split(text) if p.strip())
    return tuple(frozenset(analyzer.analyze(s)) for s in sentences if holds.search(s))


def answer_coverage(profile: QueryProfile, text: str, analyzer: Analyzer, kind: AnswerType) -> float:
    """The highest share of the query's weight covered by one sentence of `text` that holds an
    answer of the asked kind (0..1); 0 when the question asks for no particular kind."""
    if kind not in _HOLDS:
        return 0.0
    return max((profile.share(terms) for terms in _answer_sentences(text, kind, analyzer)), default=0.0)
