"""Figure questions in extractive mode: find indicators, do the arithmetic the question asks with `compute`.

Every number in the figures part of an answer comes from an indicator row (with its source sentence)
or from a `compute` call over such rows; the tool calls are returned for the audit trail.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.answer_models import Figure, ToolCall
from assistant.figure_rules import (
    AGE_BAND,
    CHANGE,
    DIFF,
    FIGURE_Q,
    MIN_SCORE,
    SHARE,
    SUM,
    fits,
    fmt,
    group_key,
    period_key,
    question_number,
    rerank,
)
from assistant.followup import gemeenten_in
from assistant.indicators.store import IndicatorRow
from assistant.indicators.tools import compute, find_indicator_families, find_indicators


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
        if not FIGURE_Q.search(question):
            return "", [], []
        expanded = self.glossary.expand(question).text if self.glossary is not None else question
        hits = rerank(question, [h for h in self._find(question, 30) if fits(expanded, h.row)])
        if not hits or hits[0].score < MIN_SCORE:
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
                f"{fmt(r.value or 0)} {r.unit} — {r.source.title} ({r.source.date}), regel {r.source.line}"
                + (f" [{n}]" if n else "")
            )
        text = head + "\n" + "\n".join(listed)
        if lines:
            text += "\n\n" + ("Computed:" if language == "en" else "Berekening:") + "\n" + "\n".join(lines)
        return text, figures, self.calls

    def _plan(self, question: str, hits: list[Any]) -> tuple[list[IndicatorRow], list[str]]:
        top: IndicatorRow = hits[0].row
        named = gemeenten_in(question)
        if top.unit == "procent" and AGE_BAND.search(question) and not SHARE.search(question):
            return self._count_times_share(hits, named)
        if CHANGE.search(question) and (change := self._change(hits)) is not None:
            return change
        if DIFF.search(question):
            return self._difference(hits)
        if SUM.search(question) or (top.scope == "gemeente" and not named):
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
            series = groups.setdefault(group_key(row), [])
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
            if all(group_key(group[0]) != group_key(g[0]) for g in out):
                key = group_key(group[0])
                merged = {r.id: r for g in ordered if group_key(g[0]) == key for r in g}
                out.append(sorted(merged.values(), key=lambda r: r.id))
        return out

    def _sum(self, question: str, hits: list[Any], named: list[str]) -> tuple[list[IndicatorRow], list[str]]:
        candidates = self._choose_series(question, hits, named)
        first = candidates[0]
        lines = [self._sum_line(first)]
        total = self._compute(" + ".join(r.id for r in first), {r.id: r.id for r in first})
        rows = list(first)
        if SHARE.search(question):
            second = next((g for g in candidates[1:] if g[0].family == first[0].family), None)
            if second is not None:
                part = self._compute(" + ".join(r.id for r in second), {r.id: r.id for r in second})
                lines.append(self._sum_line(second))
                share = self._compute("round(part / whole * 100, 1)", {"part": part, "whole": total})
                lines.append(f"Aandeel: {fmt(part)} / {fmt(total)} = {fmt(share, 1)}%")
                rows += second
        multiplier = question_number(question)
        if multiplier is not None:
            product = self._compute("n * total", {"n": multiplier, "total": total})
            lines.append(f"{fmt(multiplier)} × {fmt(total)} = {fmt(product)}")
            budget = next(
                (h.row for h in hits if "budget" in h.row.label.lower() and h.row not in rows), None
            )
            if budget is not None and budget.value is not None:
                rest = self._compute("b - p", {"b": budget.value, "p": product})
                lines.append(f"{budget.label}: {fmt(budget.value)} − {fmt(product)} = {fmt(rest)}")
                rows.append(budget)
        return rows, lines

    def _sum_line(self, series: list[IndicatorRow]) -> str:
        total = sum(r.value or 0 for r in series)
        return " + ".join(fmt(r.value or 0) for r in series) + f" = {fmt(total)}"

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
            f"{fmt(big.value or 0)} − {fmt(small.value or 0)} = {fmt(diff)} {top.unit}",
            f"{fmt(small.value or 0)} / {fmt(big.value or 0)} = {fmt(ratio, 1)}%",
        ]

    def _change(self, hits: list[Any]) -> tuple[list[IndicatorRow], list[str]] | None:
        """From the earlier to the later of two figures in the same unit at two points in time: the
        difference and the change as a percentage of where it started. None when the hits hold no
        such pair (then the question is read as any other)."""
        top = hits[0].row
        start = period_key(top.period)
        if start is None or top.value is None:
            return None
        # The same table's series first: "WW-uitkeringen januari 2019" before another table's.
        others = sorted(
            (h.row for h in hits[1:] if h.row.unit == top.unit and h.row.value is not None),
            key=lambda r: r.family != top.family,
        )
        other = next((r for r in others if period_key(r.period) not in (None, start)), None)
        if other is None:
            return None
        first, last = sorted((top, other), key=lambda r: period_key(r.period) or (0, 0))
        diff = self._compute("b - a", {"a": first.id, "b": last.id})
        pct = self._compute("round((b - a) / a * 100, 1)", {"a": first.id, "b": last.id})
        sign = "+" if diff > 0 else ""
        return [first, last], [
            f"{first.period} → {last.period}: {fmt(last.value or 0)} − {fmt(first.value or 0)} = "
            f"{sign}{fmt(diff)} {top.unit}",
            f"{sign}{fmt(diff)} / {fmt(first.value or 0)} = {sign}{fmt(pct, 1)}%",
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
                f"{area}: {fmt(count.value or 0)} × {fmt(share.value or 0)}% = {fmt(value)} ≈ {round(value)}"
            )
        if len(products) > 1:
            total = sum(products)
            lines.append(f"Samen: {' + '.join(fmt(p) for p in products)} = {fmt(total)} ≈ {round(total)}")
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
