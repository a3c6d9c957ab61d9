"""Figure questions in extractive mode: find indicators, do the arithmetic the question asks with `compute`.

Every number in the figures part of an answer comes from an indicator row (with its source sentence)
or from a `compute` call over such rows; the tool calls are returned for the audit trail.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from assistant.answer_models import Figure, ToolCall
from assistant.followup import GEMEENTEN, gemeenten_in
from assistant.indicators.store import IndicatorRow
from assistant.indicators.tools import compute, find_indicator_families, find_indicators
from ingest.lexical import analyze

_FIGURE_Q = re.compile(
    r"\b(hoeve+l|hoe ?veel|how (many|much)|bedrag|budget|begroting|kost|kosten|percentage|procent|aandeel|"
    r"optellen|tel\b.*\bop\b|totaal|verschil|achter|tekort|per jaar|euro|miljoen|aantal|hoe oud|leeftijd|"
    r"ouderen|jongeren|plussers|how old)",
    re.I,
)
_SUM = re.compile(
    r"\b(samen|totaal|in totaal|opgeteld|optellen|tel\b.*\bop\b|bij elkaar|total|together|add up)", re.I
)
_DIFF = re.compile(r"\b(verschil|achter|achterstand|tekort|behind|difference|short of)\b", re.I)
_SHARE = re.compile(r"\b(aandeel|percentage|welk deel|hoeveel procent|share|proportion)\b", re.I)
_HOW_MANY = re.compile(r"\b(hoeve+l|hoe ?veel|how many)\b", re.I)
_AGE_BAND = re.compile(
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
_MIN_SCORE = 1.0


def _fmt(value: float, decimals: int = 2) -> str:
    """Dutch notation: 2.000.000 and 20,1."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def _group_key(row: IndicatorRow) -> tuple[str, str, str]:
    """Rows that differ only in a year or number in their label measure the same series."""
    return (re.sub(r"\d+", "#", row.label), row.unit, row.source.document_id)


class FigurePlanner:
    """Routes figure questions to the indicator tools and composes the figures part of an answer."""

    def __init__(self, db_path: Path, glossary: Any | None = None) -> None:
        self.db_path = db_path
        self.glossary = glossary  # expands "Wajong" to "arbeidsongeschiktheid" for the topic check
        self.calls: list[ToolCall] = []

    def _find(self, query: str, limit: int = 12) -> list[Any]:
        hits = find_indicators(query, limit=limit, db_path=self.db_path)
        self.calls.append(
            ToolCall(
                name="find_indicators",
                arguments={"query": query, "limit": limit},
                result=[h.row.id for h in hits],
            )
        )
        return hits

    def _compute(self, expression: str, variables: dict[str, str | float]) -> float:
        result = compute(expression, variables, db_path=self.db_path)
        self.calls.append(
            ToolCall(
                name="compute",
                arguments={"expression": expression, "variables": variables},
                result={"result": result.result, "formula": result.formula},
            )
        )
        return float(result.result)

    def answer(
        self, question: str, language: str, cite: Callable[[IndicatorRow], int | None] | None = None
    ) -> tuple[str, list[Figure], list[ToolCall]]:
        self.calls = []
        if not _FIGURE_Q.search(question):
            return "", [], []
        expanded = self.glossary.expand(question).text if self.glossary is not None else question
        hits = _rerank(question, [h for h in self._find(question, 30) if _fits(expanded, h.row)])
        if not hits or hits[0].score < _MIN_SCORE:
            return "", [], self.calls
        rows, lines = self._plan(question, hits)
        if not rows:
            return "", [], self.calls
        figures = [self._figure(r) for r in rows]
        head = (
            "Figures from the indicators table:" if language == "en" else "Cijfers uit de indicatorentabel:"
        )
        listed = []
        for r in rows:
            n = cite(r) if cite is not None else None
            listed.append(
                f"- {r.label} ({r.area}, {r.period}): {r.qualifier + ' ' if r.qualifier else ''}"
                f"{_fmt(r.value or 0)} {r.unit} — {r.source.title} ({r.source.date}), regel {r.source.line}"
                + (f" [{n}]" if n else "")
            )
        text = head + "\n" + "\n".join(listed)
        if lines:
            text += "\n\n" + ("Computed:" if language == "en" else "Berekening:") + "\n" + "\n".join(lines)
        return text, figures, self.calls

    def _plan(self, question: str, hits: list[Any]) -> tuple[list[IndicatorRow], list[str]]:
        top: IndicatorRow = hits[0].row
        named = gemeenten_in(question)
        if top.unit == "procent" and _AGE_BAND.search(question) and not _SHARE.search(question):
            return self._count_times_share(hits, named)
        if _DIFF.search(question):
            return self._difference(hits)
        if _SUM.search(question) or (top.scope == "gemeente" and not named):
            return self._sum(question, hits, named)
        return [h.row for h in hits[:3]], []

    def _family_rows(self, question: str, family: str) -> list[IndicatorRow]:
        families = find_indicator_families(question, limit=5, db_path=self.db_path)
        rows = next((f.rows for f in families if f.family == family), [])
        return [r for r in rows if r.value is not None]

    def _groups(self, rows: list[IndicatorRow], named: list[str]) -> list[list[IndicatorRow]]:
        """Rows grouped into series (same label but for a year or number, same unit and document)."""
        groups: dict[tuple[str, str, str], list[IndicatorRow]] = {}
        for row in rows:
            if named and row.scope == "gemeente" and row.area not in named:
                continue
            series = groups.setdefault(_group_key(row), [])
            if row.id not in {r.id for r in series}:
                series.append(row)
        return list(groups.values())

    def _choose_series(self, question: str, hits: list[Any], named: list[str]) -> list[list[IndicatorRow]]:
        """Candidate series, best first: a table's own totals, then series the question hits repeatedly."""
        top = hits[0].row
        family = self._groups(self._family_rows(question, top.family), named)
        totals = [g for g in family if "totaal" in g[0].label.lower() and len(g) > 1]
        from_hits = [g for g in self._groups([h.row for h in hits], named) if len(g) > 1]
        ordered = totals + from_hits + family + [[top]]
        out: list[list[IndicatorRow]] = []
        for group in ordered:
            if all(_group_key(group[0]) != _group_key(g[0]) for g in out):
                key = _group_key(group[0])
                merged = {r.id: r for g in ordered if _group_key(g[0]) == key for r in g}
                out.append(sorted(merged.values(), key=lambda r: r.id))
        return out

    def _sum(self, question: str, hits: list[Any], named: list[str]) -> tuple[list[IndicatorRow], list[str]]:
        candidates = self._choose_series(question, hits, named)
        first = candidates[0]
        lines = [self._sum_line(first)]
        total = self._compute(" + ".join(r.id for r in first), {r.id: r.id for r in first})
        rows = list(first)
        if _SHARE.search(question):
            second = next((g for g in candidates[1:] if g[0].family == first[0].family), None)
            if second is not None:
                part = self._compute(" + ".join(r.id for r in second), {r.id: r.id for r in second})
                lines.append(self._sum_line(second))
                share = self._compute("round(part / whole * 100, 1)", {"part": part, "whole": total})
                lines.append(f"Aandeel: {_fmt(part)} / {_fmt(total)} = {_fmt(share, 1)}%")
                rows += second
        multiplier = _question_number(question)
        if multiplier is not None:
            product = self._compute("n * total", {"n": multiplier, "total": total})
            lines.append(f"{_fmt(multiplier)} × {_fmt(total)} = {_fmt(product)}")
            budget = next(
                (h.row for h in hits if "budget" in h.row.label.lower() and h.row not in rows), None
            )
            if budget is not None and budget.value is not None:
                rest = self._compute("b - p", {"b": budget.value, "p": product})
                lines.append(f"{budget.label}: {_fmt(budget.value)} − {_fmt(product)} = {_fmt(rest)}")
                rows.append(budget)
        return rows, lines

    def _sum_line(self, series: list[IndicatorRow]) -> str:
        total = sum(r.value or 0 for r in series)
        return " + ".join(_fmt(r.value or 0) for r in series) + f" = {_fmt(total)}"

    def _difference(self, hits: list[Any]) -> tuple[list[IndicatorRow], list[str]]:
        top = hits[0].row
        other = next(
            (h.row for h in hits[1:] if h.row.unit == top.unit and h.row.measure != top.measure), None
        )
        if other is None:
            return [top], []
        big, small = (top, other) if (top.value or 0) >= (other.value or 0) else (other, top)
        diff = self._compute("a - b", {"a": big.id, "b": small.id})
        ratio = self._compute("round(b / a * 100, 1)", {"a": big.id, "b": small.id})
        return [big, small], [
            f"{_fmt(big.value or 0)} − {_fmt(small.value or 0)} = {_fmt(diff)} {top.unit}",
            f"{_fmt(small.value or 0)} / {_fmt(big.value or 0)} = {_fmt(ratio, 1)}%",
        ]

    def _count_times_share(self, hits: list[Any], named: list[str]) -> tuple[list[IndicatorRow], list[str]]:
        top = hits[0].row
        areas = named or [top.area]
        rows, lines, products = [], [], []
        for area in areas:
            share = next((h.row for h in hits if h.row.area == area and h.row.unit == "procent"), None)
            if share is None:
                continue
            count = next(
                (
                    h.row
                    for h in self._find(f"{share.label.split(':')[0]} aantal {area}", 8)
                    if h.row.area == area
                    and h.row.unit in ("personen", "uitkeringen")
                    and h.row.family == share.family
                ),
                None,
            )
            if count is None:
                continue
            value = self._compute("c * p / 100", {"c": count.id, "p": share.id})
            products.append(value)
            rows += [count, share]
            lines.append(
                f"{area}: {_fmt(count.value or 0)} × {_fmt(share.value or 0)}% = {_fmt(value)} ≈ {round(value)}"
            )
        if len(products) > 1:
            total = sum(products)
            lines.append(f"Samen: {' + '.join(_fmt(p) for p in products)} = {_fmt(total)} ≈ {round(total)}")
        return rows, lines

    @staticmethod
    def _figure(row: IndicatorRow) -> Figure:
        return Figure(
            indicator_id=row.id,
            label=row.label,
            value=row.value,
            unit=row.unit,
            period=row.period,
            scope=row.area or row.scope,
            qualifier=row.qualifier,
            source=row.source.model_dump(),
        )


def _fits(question: str, row: IndicatorRow) -> bool:
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


def _rerank(question: str, hits: list[Any]) -> list[Any]:
    """Break the search's ties the way a reader would: the benefit category asked about, not a table
    covering several; a count before a percentage unless an age band or a share is asked."""
    asked = _categories(question)
    wants_share = bool(_AGE_BAND.search(question) or _SHARE.search(question))

    def adjusted(hit: Any) -> float:
        row = hit.row
        covered = _categories(row.label)
        score = float(hit.score) + 2.0 * len(covered & asked) - (1.5 * len(covered - asked) if asked else 0.0)
        if row.unit == "procent" and not wants_share:
            score -= 1.0
        return score

    return sorted(hits, key=lambda h: -adjusted(h))


def _question_number(question: str) -> float | None:
    """A count the question itself supplies ("33 jongeren"): not a year, not an age, not an amount."""
    for match in re.finditer(r"(?<![\d.,€])(\d{1,4})(?![\d.,%])\s+([a-z]+)", question):
        value, word = int(match.group(1)), match.group(2)
        if 1900 <= value <= 2100 or word in ("jaar", "miljoen", "procent", "euro", "uur"):
            continue
        return float(value)
    return None
