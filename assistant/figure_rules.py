"""How figure questions are read: which questions, which arithmetic, which indicator rows fit.

Plain functions and patterns, kept apart from the planner so the rules can be read (and tuned) in one
place: the question types, the benefit categories, unit/topic fit, tie-breaking and number formatting.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from assistant.followup import GEMEENTEN
from assistant.indicators.store import IndicatorRow
from ingest.lexical import DUTCH_MONTHS, analyze

FIGURE_Q = re.compile(
    r"\b(hoeve+l|hoe ?veel|how (many|much)|bedrag|budget|begroting|kost|kosten|percentage|procent|aandeel|"
    r"optellen|tel\b.*\bop\b|totaal|verschil|achter|tekort|per jaar|euro|miljoen|aantal|hoe oud|leeftijd|"
    r"ouderen|jongeren|plussers|how old)",
    re.I,
)
SUM = re.compile(
    r"\b(samen|totaal|in totaal|opgeteld|optellen|tel\b.*\bop\b|bij elkaar|total|together|add up)", re.I
)
DIFF = re.compile(r"\b(verschil|achter|achterstand|tekort|behind|difference|short of)\b", re.I)
# A change over time: "hoeveel is het aantal gedaald sinds 2016", "by what percentage did it fall".
CHANGE = re.compile(
    r"\b(gedaald|daling|gezakt|afgenomen|afname|gestegen|stijging|toegenomen|toename|gegroeid|"
    r"fall|fell|fallen|drop|dropped|decline|declined|decrease|decreased|rise|rose|risen|increase|"
    r"increased|grew|grown)\b",
    re.I,
)
SHARE = re.compile(r"\b(aandeel|percentage|welk deel|hoeveel procent|share|proportion)\b", re.I)
HOW_MANY = re.compile(r"\b(hoeve+l|hoe ?veel|how many)\b", re.I)
AGE_BAND = re.compile(
    r"\b(jonger dan|onder de \d+|ouder dan|boven de \d+|\d+[- ]?plussers?|\d+\+|tussen \d+ en \d+|"
    r"younger than|older than|under \d+|over \d+)",
    re.I,
)
# Benefit categories: a table covering several of them is less specific than one about the one asked.
_CATEGORIES = {
    "ww": ("ww",),
    "ao": ("wajong", "wia", "wao", "arbeidsongeschikt"),
    "pwet": ("participatiewet", "p-wet", "pwet", "bijstand"),
}
_MONEY_Q = re.compile(
    r"\b(kost|kosten|gekost|budget|bedrag|euro|begroting|begroot|subsidie|geld|cost|money)", re.I
)
_TIME_Q = re.compile(
    r"\b(uur|uren|dag|dagen|week|weken|maand|maanden|jaar|jaren|lang|duur|wanneer|hours|days)\b", re.I
)
_TIME_UNITS = ("jaar", "uur", "dag", "week", "weken", "maand", "keer")
MIN_SCORE = 1.0


_MONTH_NUMBER = {name: i for i, name in enumerate(DUTCH_MONTHS, start=1)}
_POINT_IN_TIME = re.compile(
    r"^(?:(?P<edge>begin|eind|ultimo|medio)\s+)?(?:(?P<month>[a-z]+)\s+|q(?P<quarter>[1-4])\s+)?"
    r"(?P<year>(?:19|20)\d\d)$",
)


def period_key(period: str) -> tuple[int, int] | None:
    """(year, month) of a period that is one point in time ("maart 2016", "Q4 2020", "eind 2020",
    "2019"); None for a range or anything vaguer, which a change over time cannot start or end at."""
    match = _POINT_IN_TIME.match(period.strip().lower())
    if match is None:
        return None
    year = int(match["year"])
    if match["month"]:
        month = _MONTH_NUMBER.get(match["month"])
        return None if month is None else (year, month)
    if match["quarter"]:
        return year, 3 * int(match["quarter"])
    # A bare year sits in its middle, so "eind 2019" still comes after "2019".
    return year, {"eind": 12, "ultimo": 12, "begin": 1}.get(match["edge"] or "", 6)


def fmt(value: float, decimals: int = 2) -> str:
    """Dutch notation: 2.000.000 and 20,1."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def group_key(row: IndicatorRow) -> tuple[str, str, str]:
    """Rows that differ only in a year or number in their label measure the same series."""
    return (re.sub(r"\d+", "#", row.label), row.unit, row.source.document_id)


def fits(question: str, row: IndicatorRow) -> bool:
    """A figure can answer the question: a value, the right kind of unit, and the question's topic.

    Money questions take amounts only; a duration or date is no answer to "how many"; and the label
    must share a topic word with the question beyond the gemeente names (so "budget for
    schuldhulpverlening in Laren" is not answered with some other Laren figure).
    """
    if row.value is None:
        return False
    unit = row.unit.lower()
    if _MONEY_Q.search(question) and not unit.startswith("eur"):
        return False
    if unit.startswith(_TIME_UNITS) and not _TIME_Q.search(question):
        return False
    topic = {t for t in analyze(question) if len(t) > 1 and not t.isdigit()} - _place_terms()
    label = set(analyze(f"{row.label} {row.programme} {row.budget_line}"))
    # Compounds ("arbeidsongeschiktheidsuitkering") count when a topic word starts or ends them.
    return bool(topic & label) or any(
        word.startswith(t) or word.endswith(t) for t in topic if len(t) >= 5 for word in label
    )


@lru_cache(maxsize=1)
def _place_terms() -> frozenset[str]:
    names = " ".join(v for variants in GEMEENTEN.values() for v in variants)
    return frozenset(analyze(names + " gooi vechtstreek regio gemeente gemeenten"))


def _categories(text: str) -> set[str]:
    lowered = text.lower()
    return {name for name, words in _CATEGORIES.items() if any(w in lowered for w in words)}


def rerank(question: str, hits: list[Any]) -> list[Any]:
    """Break the search's ties the way a reader would: the benefit category asked about, not a table
    covering several; a count before a percentage unless an age band or a share is asked."""
    asked = _categories(question)
    wants_share = bool(AGE_BAND.search(question) or SHARE.search(question))

    def adjusted(hit: Any) -> float:
        row = hit.row
        covered = _categories(row.label)
        score = float(hit.score) + 2.0 * len(covered & asked) - (1.5 * len(covered - asked) if asked else 0.0)
        if row.unit == "procent" and not wants_share:
            score -= 1.0
        return score

    return sorted(hits, key=lambda h: -adjusted(h))


def question_number(question: str) -> float | None:
    """A count the question itself supplies ("33 jongeren"): not a year, not an age, not an amount."""
    for match in re.finditer(r"(?<![\d.,€])(\d{1,4})(?![\d.,%])\s+([a-z]+)", question):
        value, word = int(match.group(1)), match.group(2)
        if 1900 <= value <= 2100 or word in ("jaar", "miljoen", "procent", "euro", "uur"):
            continue
        return float(value)
    return None
