"""The figure planner: figures and arithmetic for a question's reading, precise or silent.

It asks the indicator tools for rows, keeps only the rows that fit the reading (topic anchored to
the focus, unit of the asked kind, scope and period meeting the constraints, the benefit category
and age band asked) and does the operation the question asks with `compute`. A computed figure is
stated only when every operand fits and the series is homogeneous (a regional total never joins its
own gemeenten); otherwise the candidate rows are shown with their provenance and the answer says
which computation was not done. A wrong number is worse than none.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.answer import asks
from assistant.answer.checks import ANCHOR_MIN, PAY_STATED, other_age
from assistant.answer.evidence import anchor_texts
from assistant.answer.intent import AnswerType, FocusTerm, Operation, QuestionIntent, YearRange
from assistant.answer.models import Figure, ToolCall
from assistant.indicators.rows import (
    TIME_UNITS,
    age_band_of,
    budget_year,
    categories_of,
    fmt,
    is_total,
    label_year,
    point_in_time,
    row_years,
    series_key,
    unit_kind,
)
from assistant.indicators.store import IndicatorRow
from assistant.indicators.tools import compute, find_indicators, get_indicator
from ingest.lexical import fold

Analyze = Callable[[str], list[str]]
CANDIDATES = 40  # rows asked of find_indicators per question
SAME_MEASURE_MIN = 0.5  # label-word overlap for two rows to be one measure at two times
STATE_MIN = 0.6  # topic share the rows of a stated computation must reach (fitted on the tuning half)
DIFFERENCE_FLOOR = 0.2  # topic share each side of a comparison needs (the pair needs ANCHOR_MIN)
# Units a count question can name ("hoeveel banen", "how many placements" after the glossary).
_COUNT_UNITS = (
    "banen",
    "plaatsingen",
    "trajecten",
    "vacatures",
    "werkgevers",
    "projecten",
    "uitkeringen",
    "arbeidsplaatsen",
)
# A label that gives what was realised (beside a norm or target of the same thing).
_REALISED = re.compile(r"\b(?:gerealiseerd\w*|realisatie\w*|behaald\w*|bereikt\w*|realised|achieved)\b")
# What a plan sets out to do, not what happened: a target, a forecast or a budget.
_PLANNED = re.compile(
    r"\b(?:doel\w*|streef\w*|beoogd\w*|verwacht\w*|prognose\w*|raming|geraamd\w*|begroot\w*|begroting\w*|"
    r"norm|taakstelling\w*|ambitie\w*|indicator\w*|target\w*|expected|forecast\w*|planned|budget\w*)\b"
)
# One of a count's unit, for "EUR per persoon".
_ONE = {"personen": "persoon", "deelnemers": "deelnemer", "kandidaten": "kandidaat", "trajecten": "traject",
        "plaatsingen": "plaatsing", "jongeren": "jongere", "werkgevers": "werkgever", "banen": "baan"}  # fmt: skip
_NEGATION = re.compile(r"\b(?:zonder|geen|niet|without|no|non)\b")
_PEOPLE_UNITS = ("personen", "deelnemers", "jongeren", "kandidaten", "werkzoekenden", "uitkeringen")
# The words people use for a benefit category a row's table names one way ("Participatiewet"):
# a question about "bijstandsgerechtigden" is about that row as much as one about "P-wetters".
_CATEGORY_NAMES = {
    "pwet": "participatiewet bijstand bijstandsgerechtigden bijstandsontvangers bijstandsuitkering p-wet",
    "ww": "ww werkloosheidswet werkloosheid ww-uitkering ww-ers",
    "ao": "arbeidsongeschiktheid arbeidsongeschikt arbeidsongeschiktheidsuitkering wajong wia wao",
}


@dataclass(slots=True)
class FigurePlan:
    """The figures part of an answer: a statement (stated when sure) or candidate rows, with the calls."""

    statement: str = ""
    rows: list[IndicatorRow] = field(default_factory=list)
    stated: bool = False
    # Candidate rows that each fit the reading (kind, topic, scope, period) though the computation
    # was not done: they answer "what do the documents say", not the arithmetic.
    fitting: bool = False
    tool_calls: list[ToolCall] = field(default_factory=list)

    @property
    def figures(self) -> list[Figure]:
        return [to_figure(r) for r in self.rows]


def to_figure(row: IndicatorRow) -> Figure:
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


class FigurePlanner:
    """Plans the figures of an answer from the indicators table (one instance per process)."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path

    def plan(
        self, intent: QuestionIntent, analyze: Analyze, visible: Callable[[str], bool] | None = None
    ) -> FigurePlan:
        """`visible(document_id)`: whether the asker may see figures from that document (access groups)."""
        if not intent.is_quantity or intent.places_outside:
            return FigurePlan()
        run = _Run(self.db_path, intent, analyze, visible)
        return run.plan()


class _Run:
    """One question's planning: the tool calls it made and the rows that fit."""

    def __init__(
        self,
        db_path: Path,
        intent: QuestionIntent,
        analyze: Analyze,
        visible: Callable[[str], bool] | None = None,
    ) -> None:
        self.db_path = db_path
        self.intent = intent
        self.analyze = analyze
        self.visible = visible
        self.calls: list[ToolCall] = []
        self._lines: dict[tuple[str, int | None], list[IndicatorRow]] | None = None

    def _seen(self, rows: list[IndicatorRow]) -> list[IndicatorRow]:
        """Only rows whose source document the asker may see."""
        visible = self.visible
        return rows if visible is None else [r for r in rows if visible(r.source.document_id)]

    # --- tools, logged for the audit trail ------------------------------------------------------
    def find(self, query: str, limit: int = CANDIDATES) -> list[Any]:
        hits = find_indicators(query, limit=limit, db_path=self.db_path)
        if self.visible is not None:
            hits = [h for h in hits if self.visible(h.row.source.document_id)]
        self.calls.append(
            ToolCall(
                name="find_indicators",
                arguments={"query": query, "limit": limit},
                result=[h.row.id for h in hits],
            )
        )
        return hits

    def compute(self, expression: str, variables: dict[str, str | float]) -> float:
        result = compute(expression, variables, db_path=self.db_path)
        self.calls.append(
            ToolCall(
                name="compute",
                arguments={"expression": expression, "variables": variables},
                result={"result": result.result, "formula": result.formula},
            )
        )
        return float(result.result)

    def add_up(self, rows: Sequence[IndicatorRow]) -> float:
        """The rows' values added up by the compute tool (logged like every computation)."""
        names = {f"v{i}": r.id for i, r in enumerate(rows)}
        return self.compute(" + ".join(names), dict(names))

    def alternatives(self, row: IndicatorRow) -> list[IndicatorRow]:
        found = get_indicator(row.id, db_path=self.db_path)
        self.calls.append(
            ToolCall(
                name="get_indicator",
                arguments={"indicator_id": row.id},
                result={"conflict": found.conflict, "alternatives": [a.id for a in found.alternatives]},
            )
        )
        return (
            self._seen([a for a in found.alternatives if a.value is not None and a.value != row.value])
            if found.conflict
            else []
        )

    # --- fit ----------------------------------------------------------------------------------------
    def fits(
        self,
        row: IndicatorRow,
        kind: AnswerType | None = None,
        scoped: bool = True,
        floor: float = ANCHOR_MIN,
    ) -> bool:
        """The row can answer the reading's first ask: value, unit kind, topic, scope, period, category,
        age band and any other band the question names."""
        intent = self.intent
        if row.value is None:
            return False
        if not _unit_fits(kind or intent.answer_type, row, intent):
            return False
        if unit_kind(row) == "percent" and not self._names_column(row):
            return False  # "twee tot vijf jaar" beside "vijf jaar of langer", and neither asked
        if self.topic(row, intent.lead_focus) < floor:
            return False
        label = re.sub(r"\s", "", fold(row.label))
        if any(band.rstrip("%") not in label for band in intent.bands):
            return False
        if scoped and not self.scope_ok(row):
            return False
        if intent.years and not any(y.overlaps(r) for y in intent.years for r in row_years(row)):
            return False
        if intent.categories and categories_of(row) != set(intent.categories):
            return False
        band = age_band_of(row)
        if band and band != intent.age_band:
            return False  # an age group's figure answers only a question about that age group
        if intent.unusual_age and not other_age(intent.unusual_age).search(fold(row.label)):
            return False  # "18 tot 23 jaar": only a row about that age range answers
        if intent.asks_pay and not PAY_STATED.search(fold(f"{row.label} {row.unit}")):
            return False  # "wat verdient de scholingsmakelaar": the post's budget is not its pay
        if intent.asks_outcome and intent.operation == Operation.NONE and is_planned(row):
            return False  # "hoeveel zijn er daadwerkelijk gestart": a target is not what happened
        return self.polarity_ok(row)

    def polarity_ok(self, row: IndicatorRow) -> bool:
        """ "zonder profiel" is not "met profiel": a row that negates needs a question that does, and
        a question that negates needs the row that does when its table has both."""
        row_neg = _NEGATION.search(fold(row.label)) is not None
        asked_neg = _NEGATION.search(fold(self.intent.question)) is not None
        if row_neg and not asked_neg:
            return False
        if asked_neg and not row_neg:
            return not any(_NEGATION.search(fold(r.label)) for r in self.family_rows(row))
        return True

    def topic(self, row: IndicatorRow, focus: tuple[FocusTerm, ...] = ()) -> float:
        """How much of the focus the row is about: its label and table fully, its sentence for half
        (a sentence may state several figures, so its words say less about each one)."""
        text = f"{row.label} {row.family.split(':', 1)[-1].replace('_', ' ')} {row.programme} {row.budget_line} {row.unit}"
        if row.unit in _PEOPLE_UNITS:
            text += " mensen personen people"
        sentence = row.source.sentence
        for category in sorted(categories_of(row)):  # named by the table, so counted as its sentence is
            sentence += " " + _CATEGORY_NAMES[category]
        own = (frozenset(self.analyze(text)), fold(text))
        return anchor_texts(
            focus or self.intent.focus, own, (frozenset(self.analyze(sentence)), fold(sentence)), 0.5
        )

    def scope_ok(self, row: IndicatorRow) -> bool:
        intent = self.intent
        if intent.gemeenten:
            return fold(row.area) in {fold(g) for g in intent.gemeenten}
        if intent.region or intent.national:
            kinds = {"regio", "gemeenten"} | ({"nederland"} if intent.national else set())
            return row.scope in kinds or is_total(row)
        return True

    # --- planning -----------------------------------------------------------------------------------
    def plan(self) -> FigurePlan:
        intent = self.intent
        # The question as asked ranks the rows best; a follow-up by its merged reading.
        query = intent.query_text() if intent.followup else intent.question
        unnamed = [g for g in intent.gemeenten if fold(g) not in fold(query)]
        if unnamed:  # "de HBEL-gemeenten", "GM": the rows are found by the gemeenten's own names
            query = f"{query} {' '.join(unnamed)}"
        hits = self.find(query)
        rows = [h.row for h in hits]
        op = intent.operation
        left_out = self.without(rows) if intent.left_out else None
        if left_out is not None:
            planned: FigurePlan | None = left_out
        elif intent.age_band and intent.answer_type == AnswerType.COUNT:
            planned = self.count_times_share(rows) or self.lookup(rows)
        elif op == Operation.CHANGE:
            planned = self.change(rows)
        elif op == Operation.DIFFERENCE:
            # "hoeveel minder in 2022 dan in 2021": one figure at two named years is a change.
            # Between two other figures otherwise; never a pair at years the question did not name.
            two_years = len(intent.single_years) >= 2
            planned = self.change(rows) if two_years else self.difference(rows)
        elif op == Operation.SHARE:
            planned = self.share(rows)
        elif op == Operation.PRODUCT:
            planned = self.product(rows)
        elif op == Operation.RATIO:
            planned = self.ratio(rows) or self._per_unit_lookup(rows)
        elif op == Operation.SUM:
            planned = (
                self._named_sum(rows) or self._group_sum(rows) or self.total(rows) or self._stated_total(rows)
            )
        else:
            planned = self.lookup(rows)
        # Precise or silent: a computation is stated only when its rows are about what is asked.
        computed = planned is not None and planned.stated and " = " in planned.statement
        if computed and planned and max(self.topic(r, intent.lead_focus) for r in planned.rows) < STATE_MIN:
            planned = None
        if planned is not None:
            planned.statement = _typeset(planned.statement)
            planned.tool_calls = self.calls
            return planned
        fallback = self.candidates(rows)
        fallback.statement = _typeset(fallback.statement)
        return fallback

    def _stated_row(self, row: IndicatorRow) -> FigurePlan:
        """One row the documents state, as the answer's figure."""
        return FigurePlan(statement=_row_sentence(row, self.intent.language), rows=[row], stated=True)

    def _with_tables(self, rows: list[IndicatorRow], of: list[IndicatorRow]) -> list[IndicatorRow]:
        """The rows, then the other rows of the tables (families) that the rows `of` belong to."""
        families = dict.fromkeys(r.family for r in of)
        return list(rows) + [r for f in families for r in self.family_rows_of(f) if r not in rows]

    def lookup(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        fitting = [r for r in rows if self.fits(r)]
        if not fitting:
            return self._share_of_stated_count(rows)
        if not self.intent.gemeenten:
            # No gemeente named: the region's own figure, not one gemeente's (or the sum of them all).
            totals = [r for r in fitting if is_total(r) or r.scope in ("regio", "nederland")]
            if not totals and len({r.area for r in fitting if r.scope == "gemeente"}) > 1:
                return self.total(rows) if self.intent.answer_type == AnswerType.COUNT else None
            fitting = totals or fitting
        best = self._line_total_for_unnamed_column(fitting[0])
        narrowed = self._count_of_share(best, rows)
        if narrowed is not None:
            return narrowed
        others = self.alternatives(best)
        text = _row_sentence(best, self.intent.language)
        for other in others[:1]:
            text += " " + _conflict_sentence(other, self.intent.language)
        return FigurePlan(statement=text, rows=[best, *others[:1]], stated=True)

    def _line_total_for_unnamed_column(self, row: IndicatorRow) -> IndicatorRow:
        """The total column of the row's table line when the question names neither the row's own
        column nor any other: "hoeveel bijstandsgerechtigden had Huizen" is the line's "totaal",
        not its "loonwaarde 0-40%" (a part nobody asked for). The row itself otherwise."""
        if self._total_line(row) or self._names_column(row):
            return row
        totals = [
            r for r in self.line_rows(row)
            if r.id != row.id and r.area == row.area and r.unit == row.unit and self._total_line(r)
            and self.fits(r)
        ]  # fmt: skip
        return totals[0] if len(totals) == 1 else row

    def _joined_names(self) -> list[FocusTerm]:
        """Focus terms the question joins with "en"/"and" ("Perspectief op Werk en Werken aan Werk"):
        each names one operand of a sum."""
        text = fold(self.intent.question)
        terms = list(self.intent.focus)
        joined: list[FocusTerm] = []
        for a in terms:
            for b in terms:
                if a is b:
                    continue
                pattern = rf"(?<!\w){re.escape(a.word)}\W+(?:en|and|&|plus)\W+(?:(?:het|de|the)\s+)?{re.escape(b.word)}(?!\w)"
                if re.search(pattern, text):
                    joined += [t for t in (a, b) if t not in joined]
        return joined

    def _joined_groups(self) -> list[tuple[FocusTerm, ...]]:
        """Operands of several words the question adds up ("versterking WSP plus communicatie met
        werkgevers samen", "lokaal budget begeleiding plus impuls lokale initiatieven"): the focus
        terms on each side of "plus" ("en" only beside "samen"/"opgeteld"), each side bounded by
        the clause it stands in. Empty when the question joins no two such phrases."""
        text = fold(self.intent.question)
        joiner = r"\s(?:plus|\+)\s" if not asks.SUM.search(text) else r"\s(?:plus|\+|en|and|&)\s"
        groups: list[tuple[FocusTerm, ...]] = []
        for clause in re.split(r"[,:;?.!]|\b(?:dus|namelijk|i\.e\.|that is)\b", text):
            clause = re.split(r"\b(?:samen|together|bij elkaar|opgeteld|in totaal|combined)\b", clause)[0]
            sides = re.split(joiner, clause)
            if len(sides) < 2:
                continue
            found = [tuple(t for t in self.intent.focus if t.known and _stands_in(t, side)) for side in sides]
            if all(found) and not set(found[0]) & set(found[1]):
                groups = found
        return groups

    def _group_rows(self, rows: list[IndicatorRow]) -> list[IndicatorRow] | None:
        """One row for each operand phrase the question joins (see `_joined_groups`): the row most
        about that phrase and less about the others, of one table, unit and period (the whole period
        when no year is asked). None unless every phrase has its row."""
        groups = self._joined_groups()
        if len(groups) < 2:
            return None
        about = [r for r in rows if any(self.topic(r, g) >= ANCHOR_MIN for g in groups)]
        pool = [r for r in self._with_tables(rows, about[:3]) if r.value is not None]
        pool = [r for r in pool if unit_kind(r) in ("money", "count") and self.scope_ok(r)]
        if self.intent.years:
            pool = [r for r in pool if any(y.overlaps(p) for y in self.intent.years for p in row_years(r))]
        rest = tuple(t for t in self.intent.focus if t.known and not any(t in g for g in groups))
        # No year, or a period: each line's figure for the whole period, not one year's.
        whole_period = not self.intent.years or any(y.start < y.end for y in self.intent.years)
        picked: list[IndicatorRow] = []
        for group in groups:
            others = [g for g in groups if g is not group]

            def margin(
                r: IndicatorRow,
                group: tuple[FocusTerm, ...] = group,
                others: list[tuple[FocusTerm, ...]] = others,
            ) -> float:
                return self.topic(r, group) - max(self.topic(r, o) for o in others)

            candidates = [
                r for r in pool if self.topic(r, group) >= ANCHOR_MIN and margin(r) > 0 and r not in picked
            ]
            if not candidates:
                return None
            if picked:  # the other operands from the first one's document (one table)
                candidates = [r for r in candidates if r.source.document_id == picked[0].source.document_id]
                if not candidates:
                    return None
            picked.append(
                max(
                    candidates,
                    key=lambda r: (
                        round(margin(r), 3),
                        round(self.topic(r, rest), 3) if rest else 0.0,
                        whole_period and _is_range(r),
                        -pool.index(r),
                    ),
                )
            )
        first = picked[0]
        same = all(
            r.source.document_id == first.source.document_id and unit_kind(r) == unit_kind(first)
            and row_years(r) == row_years(first)
            for r in picked
        )  # fmt: skip
        return picked if same else None

    def _group_sum(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'X plus Y samen': the operand phrases' rows added up."""
        picked = self._group_rows(rows)
        if picked is None:
            return None
        text = self._listed_sum(picked)
        # Where another document gives a line otherwise (the plan beside the proposal), say so.
        conflicts = [(r, other) for r in picked for other in self.alternatives(r)[:1]]
        for row, other in conflicts[:2]:
            text += f" {_short(row)}: " + _conflict_sentence(other, self.intent.language)
        return FigurePlan(statement=text, rows=picked + [o for _, o in conflicts[:2]], stated=True)

    def _group_share(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Welk % van de begroting gaat naar X plus Y': the operand phrases' rows added up, over
        their table's total line for the same period."""
        picked = self._group_rows(rows)
        if picked is None:
            return None
        first = picked[0]
        whole = self._table_total(first, exclude=picked)
        if whole is None:
            return None
        total = self.add_up(picked)
        share = self.compute("round(p / t * 100, 1)", {"p": total, "t": whole.id})
        formula = " + ".join(fmt(r.value or 0) for r in picked)
        listed = "; ".join(f"{_short(r)}: {fmt(r.value or 0)}" for r in picked)
        text = (
            f"{listed} ({first.period}); {formula} = {fmt(total)} {first.unit} van {_short(whole)} "
            f"{fmt(whole.value or 0)}: {fmt(total)} / {fmt(whole.value or 0)} = {fmt(share, 1)}%."
        )
        return FigurePlan(statement=text, rows=[*picked, whole], stated=True)

    def without(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel ... als je Weesp eruit haalt': the regional total of a series minus the gemeenten
        the question leaves out (their own total lines when no part of them is named), and their share
        of the total when that is asked too."""
        left = {fold(g) for g in self.intent.left_out}
        kinds = (AnswerType.COUNT, AnswerType.AMOUNT)
        named = [
            r for r in rows
            if fold(r.area) in left and any(self.fits(r, kind=k, scoped=False, floor=DIFFERENCE_FLOOR) for k in kinds)
        ]  # fmt: skip
        if not named:
            return None
        first = named[0] if self._names_part(named[0]) else (self._own_total(named[0]) or named[0])
        series = [r for r in self.series(first, self.family_rows(first)) if r.period == first.period]
        total = next((r for r in series if is_total(r) and r.value), None)
        parts = [r for r in series if fold(r.area) in left and r.scope == "gemeente"]
        if total is None or len(parts) != len(left):
            return None
        names = {f"g{i}": r.id for i, r in enumerate(parts)}
        rest = self.compute("t - " + " - ".join(names), {"t": total.id, **names})
        minus = " − ".join(f"{fmt(r.value or 0)} ({r.area})" for r in parts)
        text = (
            f"{_series_name(total)} ({total.area}, {total.period}): {fmt(total.value or 0)} − {minus} = "
            f"{fmt(rest)} {total.unit}."
        )
        if AnswerType.SHARE in (self.intent.answer_type, *self.intent.also):
            part = self.add_up(parts) if len(parts) > 1 else parts[0].id
            share = self.compute("round(p / t * 100, 1)", {"p": part, "t": total.id})
            text += f" {_scope_list(parts)}: {fmt(sum(r.value or 0 for r in parts))} / {fmt(total.value or 0)} = {fmt(share, 1)}%."
        return FigurePlan(statement=text, rows=[total, *parts], stated=True)

    def _named_sum(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'X en Y samen': one row about each name (and about the rest of the question), the whole
        period's figure before a single year's, added up. Silent unless every name has its row."""
        names = self._joined_names()
        if len(names) < 2:
            return None
        rest = tuple(t for t in self.intent.focus if t not in names and t.known)
        picked: list[IndicatorRow] = []
        for name in names:
            others = [n for n in names if n is not name]
            candidates = [
                r for r in rows
                if self.fits(r, scoped=False, floor=0.0) and self.topic(r, (name,)) == 1.0
                and all(self.topic(r, (o,)) < 1.0 for o in others)
                and (not rest or self.topic(r, rest) >= ANCHOR_MIN)
            ]  # fmt: skip
            if not rest:  # only the names: each one's own total line, its whole period (the largest)
                pool = self._with_tables(candidates, candidates)
                candidates = [
                    r for r in pool
                    if "totaal" in fold(r.label) and r.value is not None and self.topic(r, (name,)) == 1.0
                    and _unit_fits(self.intent.answer_type, r, self.intent)
                ]  # fmt: skip
                candidates.sort(key=lambda r: -(r.value or 0))
            if not candidates:
                return None
            best = (
                candidates[0]
                if not rest
                else max(
                    candidates,
                    key=lambda r: (
                        round(self.topic(r, rest), 3) if rest else 0.0,
                        _is_range(r) or "totaal" in fold(r.label),
                        -rows.index(r),
                    ),
                )
            )
            picked.append(best)
        if len({unit_kind(r) for r in picked}) != 1:
            return None
        return FigurePlan(statement=self._listed_sum(picked), rows=picked, stated=True)

    def _listed_sum(self, picked: list[IndicatorRow]) -> str:
        """Each operand with its period, then their sum by the compute tool ("...; samen a + b = c")."""
        total = self.add_up(picked)
        listed = "; ".join(
            f"{_short(r)} ({r.period or r.area}): {fmt(r.value or 0)} {r.unit}" for r in picked
        )
        formula = " + ".join(fmt(r.value or 0) for r in picked)
        together = "together" if self.intent.language == "en" else "samen"
        return f"{listed}; {together} {formula} = {fmt(total)} {picked[0].unit}."

    def _stated_total(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel ... in totaal' with nothing to add up: the total a table or sentence states for
        the region (or the country) is the answer; a single gemeente's or item's figure is not."""
        if self.intent.gemeenten:  # one gemeente's own total line ("Totaal in Sonar" for Blaricum)
            named = {fold(g) for g in self.intent.gemeenten}
            totals = [r for r in rows if self.fits(r) and fold(r.area) in named and "totaal" in fold(r.label)]
            if len(named) != 1 or not totals:
                return None
            return self._stated_row(totals[0])
        found = self.lookup(rows)
        if found is None or not found.rows:
            return None
        first = found.rows[0]
        return found if is_total(first) or first.scope in ("regio", "nederland") else None

    def _count_of_share(self, count: IndicatorRow, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel ... zitten al vijf jaar of langer in de bijstand?': the count the source gives for
        the group, times the percentage it gives beside it for the part the question asks about (a
        percentage row of the same passage, area and period that covers more of the question)."""
        if self.intent.answer_type != AnswerType.COUNT or unit_kind(count) != "count" or count.value is None:
            return None
        pool = self._with_tables(rows, [count])
        shares = [
            r for r in pool
            if r.unit == "procent" and r.value is not None and _same_passage(r, count)
            and self._label_adds(r, count) and self.fits(r, kind=AnswerType.SHARE, scoped=False)
        ]  # fmt: skip
        if not shares:
            return None
        return self._narrowed(count, max(shares, key=self.topic))

    def _share_of_stated_count(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel van hen zitten al vijf jaar of langer in de bijstand?': no count row is about the
        part asked, but a percentage row is, and its sentence gives the count it is a percentage of
        (the group the question, or the turn before, is about)."""
        if self.intent.answer_type != AnswerType.COUNT:
            return None
        for share in [
            r for r in rows if r.unit == "procent" and self.fits(r, kind=AnswerType.SHARE, scoped=False)
        ]:
            pool = self._with_tables(rows, [share])
            counts = [
                r for r in pool
                if unit_kind(r) == "count" and r.value is not None and _same_passage(r, share)
                and self.topic(r) >= ANCHOR_MIN and self._label_adds(share, r)
            ]  # fmt: skip
            if len(counts) == 1:
                return self._narrowed(counts[0], share)
        return None

    def _narrowed(self, count: IndicatorRow, share: IndicatorRow) -> FigurePlan:
        """A count times the percentage of it that is the part asked."""
        value = self.compute("c * p / 100", {"c": count.id, "p": share.id})
        rounded = self.compute("round(v)", {"v": value})
        text = (
            f"{_short(count)} ({count.area}, {count.period}): {fmt(count.value or 0)} {count.unit}; {_short(share)}: "
            f"{fmt(share.value or 0)}%; {fmt(count.value or 0)} × {fmt(share.value or 0)}% = {fmt(value)}"
            + (f" ≈ {fmt(rounded)}." if abs(rounded - value) > 1e-9 else ".")
        )
        return FigurePlan(statement=text, rows=[count, share], stated=True)

    def _label_adds(self, row: IndicatorRow, base: IndicatorRow) -> bool:
        """The row's own label names something the question asks that the base row's label does not
        (both come from one sentence, so only their labels tell them apart)."""

        def covered(r: IndicatorRow) -> set[str]:
            label = f"{r.label} {r.family.split(':', 1)[-1].replace('_', ' ')}"
            own = (frozenset(self.analyze(label)), fold(label))
            return {t.word for t in self.intent.focus if t.known and anchor_texts((t,), own) == 1.0}

        return bool(covered(row) - covered(base))

    def series(self, anchor: IndicatorRow, pool: Sequence[IndicatorRow] = ()) -> list[IndicatorRow]:
        """The rows of the anchor's series: same document, unit and label pattern (one per gemeente,
        year or item), in its table or stated one by one ("bedrag in jaar 1", "... jaar 2")."""
        from assistant.indicators.store import open_store

        key = series_key(anchor)
        document = [
            r for r in open_store(self.db_path).rows if r.source.document_id == anchor.source.document_id
        ]
        out: dict[str, IndicatorRow] = {}
        for row in [*pool, *document]:
            if series_key(row) == key and row.value is not None:
                out.setdefault(row.id, row)
        return sorted(out.values(), key=lambda r: r.id)

    def line_rows(self, row: IndicatorRow) -> list[IndicatorRow]:
        """The figures of the row's source line (one table row or one sentence)."""
        from assistant.indicators.store import open_store

        if self._lines is None:
            self._lines = {}
            for r in self._seen(open_store(self.db_path).rows):
                self._lines.setdefault((r.source.document_id, r.source.line), []).append(r)
        return self._lines.get((row.source.document_id, row.source.line), [])

    def family_rows(self, row: IndicatorRow) -> list[IndicatorRow]:
        return self.family_rows_of(row.family)

    def family_rows_of(self, family: str) -> list[IndicatorRow]:
        from assistant.indicators.store import open_store

        return self._seen(open_store(self.db_path).family(family))

    def _anchor(self, fitting: list[IndicatorRow]) -> IndicatorRow:
        """The row the question is most about: the best fit for its first ask and not for a later ask
        ("hoeveel ..., en welk aandeel daarvan statushouder": the total, not the statushouders); on a
        tie a table's own total line. Rows of the same tables that the search ranked lower count too."""
        pool = self._with_tables(fitting, fitting[:5])
        pool = [r for r in pool if self.fits(r, scoped=False)]
        later = tuple(t for t in self.intent.focus if t not in self.intent.lead_focus)

        def key(r: IndicatorRow) -> tuple[float, bool]:
            score = self.topic(r, self.intent.lead_focus) - (0.5 * self.topic(r, later) if later else 0.0)
            return round(score, 3), "totaal" in fold(r.label)

        return max(pool, key=key)

    def total(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """Add up a series: gemeenten (named, or all when the table has no regional total), or the
        years of a budget line, or one year's column; never a regional total with its own gemeenten."""
        intent = self.intent
        fitting = [r for r in rows if self.fits(r, scoped=False)]
        if not fitting:
            return None
        anchor = self._anchor(fitting)
        family = self.family_rows(anchor)
        stated_total = None
        if intent.adds_gemeenten and anchor.scope != "gemeente":
            # "Komen de gemeenten samen op de 600 uit?": the gemeenten's series, against the total.
            gemeente_rows = [
                r for r in [*fitting, *family] if r.scope == "gemeente" and self.fits(r, scoped=False)
            ]
            if gemeente_rows:
                stated_total, anchor = anchor, gemeente_rows[0]
        series = self.series(anchor, family)
        per_gemeente = [r for r in series if r.scope == "gemeente"]
        if per_gemeente and stated_total is not None and not intent.gemeenten:
            return self._sum(per_gemeente, check=stated_total)
        if per_gemeente:
            if intent.gemeenten:
                wanted = {fold(g) for g in intent.gemeenten}
                parts = [r for r in per_gemeente if fold(r.area) in wanted]
                if len(parts) != len(wanted) or len(parts) < 2:
                    return None
                return self._sum_with_complements(parts) or self._sum(parts)
            region = next((r for r in series if r.scope == "regio"), None)
            if region is not None and intent.adds_gemeenten:
                # "Komen de gemeenten samen op het totaal uit?": their sum, checked against the total.
                return self._sum(per_gemeente, check=region)
            if region is not None:
                return self._stated_row(region)
            return self._sum(per_gemeente)
        yearly = _by_year(series)
        one_year = bool(intent.years) and len({(y.start, y.end) for y in intent.years}) == 1
        if len(yearly) > 1 and not one_year:
            whole = next((r for r in series if r not in yearly and _is_range(r)), None)
            return self._sum(yearly, check=whole)
        if one_year and "totaal" in fold(anchor.label):
            year = str(intent.years[0].start)
            column = [
                r for r in family if r.year == year and "totaal" not in fold(r.label) and r.value is not None
            ]
            total_row = next((r for r in family if r.year == year and "totaal" in fold(r.label)), None)
            return self._sum(column, check=total_row)
        return None

    def _qualifier_unnamed(self, row: IndicatorRow) -> bool:
        """The row is split by a "met <x>" qualifier ("met profiel") the question does not name."""
        qualifier = re.search(r"\b(?:met|with)\s+(\w+)", fold(row.label))
        return qualifier is not None and qualifier.group(1)[:5] not in fold(self.intent.question)

    def _sum_with_complements(self, parts: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel UWV-klanten stonden in Sonar' over rows split 'met' and 'zonder profiel': the
        question names neither part, so each gemeente counts both (its 'met' row plus its 'zonder' row)."""
        if not self._qualifier_unnamed(parts[0]):
            return None
        pairs = []
        for part in parts:
            complement = self._complement(part)
            if complement is None:
                return None
            pairs.append((part, complement))
        totals = [self.compute("p + q", {"p": a.id, "q": b.id}) for a, b in pairs]
        whole = self.compute(
            " + ".join(f"x{i}" for i in range(len(totals))), {f"x{i}": t for i, t in enumerate(totals)}
        )
        formula = " + ".join(f"({fmt(a.value or 0)} + {fmt(b.value or 0)})" for a, b in pairs)
        joined = "plus" if self.intent.language == "en" else "en"
        text = (
            f"{_short(parts[0])} {joined} {_short(pairs[0][1])} ({_scope_list(parts)}): {formula} = "
            f"{' + '.join(fmt(t) for t in totals)} = {fmt(whole)} {parts[0].unit}."
        )
        return FigurePlan(statement=text, rows=[r for pair in pairs for r in pair], stated=True)

    def _sum(self, parts: list[IndicatorRow], check: IndicatorRow | None = None) -> FigurePlan | None:
        if len(parts) < 2:
            return None
        total = self.add_up(parts)
        unit = parts[0].unit
        formula = " + ".join(fmt(r.value or 0) for r in parts)
        english = self.intent.language == "en"
        text = f"{_series_name(parts[0])}, {'added up' if english else 'opgeteld'} ({_scope_list(parts)}): {formula} = {fmt(total)} {unit}."
        used = list(parts)
        if check is not None and check.value is not None:
            itself = "The table itself gives" if english else "De tabel noemt zelf"
            if abs(check.value - total) < 0.5:
                text += f" {itself} {fmt(check.value)}."
            else:
                # The gap as a positive number, with which side is larger said in words.
                more = check.value > total
                expression = "t - s" if more else "s - t"
                diff = self.compute(expression, {"s": total, "t": check.id})
                hi, lo = (check.value, total) if more else (total, check.value)
                side = (
                    ("more than the sum" if more else "less than the sum")
                    if english
                    else ("meer dan de optelling" if more else "minder dan de optelling")
                )
                text += f" {itself} {fmt(check.value)}, {fmt(diff)} {side}: {fmt(hi)} − {fmt(lo)} = {fmt(diff)} {unit}."
            used.append(check)
        if AnswerType.SHARE in self.intent.also:
            text += self._share_of_sum(parts, total)
            used += [r for r in parts if r not in used]
        return FigurePlan(statement=text, rows=used, stated=True)

    def _share_of_sum(self, parts: list[IndicatorRow], total: float) -> str:
        """'and what share of them is X': X's series in the same table, as a share of the total."""
        later = tuple(t for t in self.intent.focus if t not in self.intent.lead_focus)
        family = self.family_rows(parts[0])
        areas = {p.area for p in parts}
        others = [
            r for r in family
            if series_key(r) != series_key(parts[0]) and not is_total(r) and r.unit == parts[0].unit and r.area in areas
        ]  # fmt: skip
        if self.intent.share_of_total:
            return self._share_of_total_column(parts, total, others)
        if asks.OF_REGION.search(fold(self.intent.question)):
            # "Weesp en Wijdemeren samen, en welk deel van de regio is dat?": over the series' regional total.
            region = next(
                (
                    r
                    for r in self.series(parts[0], family)
                    if is_total(r) and r.value and r.period == parts[0].period
                ),
                None,
            )
            if region is not None:
                share = self.compute("round(p / t * 100, 1)", {"p": total, "t": region.id})
                parts.append(region)
                return f" {_series_name(region)} ({region.area}): {fmt(region.value or 0)}; aandeel {fmt(total)} / {fmt(region.value or 0)} = {fmt(share, 1)}%."
        others = [r for r in others if self.polarity_ok(r)]  # "had een profiel" is not "zonder profiel"
        if not others or not later:
            return ""
        best_key = max(
            {series_key(r) for r in others},
            key=lambda k: max(self.topic(r, later) for r in others if series_key(r) == k),
        )
        subset = [r for r in others if series_key(r) == best_key]
        if max(self.topic(r, later) for r in subset) < ANCHOR_MIN:
            return ""
        return self._summed_share(parts, subset, total, added_is_part=True)

    def _summed_share(
        self, parts: list[IndicatorRow], added: list[IndicatorRow], total: float, added_is_part: bool
    ) -> str:
        """The sentence that adds up `added` (another series of the sum's table) and gives the share:
        of the sum when `added` is a part of it, or the sum's share of `added` when it is the whole.
        The added rows join `parts`, the rows the answer cites."""
        added_sum = self.add_up(added)
        part, whole = (added_sum, total) if added_is_part else (total, added_sum)
        share = self.compute("round(p / t * 100, 1)", {"p": part, "t": whole})
        parts.extend(added)
        formula = " + ".join(fmt(r.value or 0) for r in added)
        return (
            f" {_series_name(added[0])}: {formula} = {fmt(added_sum)}; "
            f"aandeel {fmt(part)} / {fmt(whole)} = {fmt(share, 1)}%."
        )

    def _share_of_total_column(
        self, parts: list[IndicatorRow], total: float, others: list[IndicatorRow]
    ) -> str:
        """'en welk percentage van het totaal is dat': the sum as a share of the table's total column
        over the same gemeenten; nothing when the table has no such column for every one of them."""
        whole = [r for r in others if "totaal" in fold(r.label) or "total" in fold(r.label)]
        if {r.area for r in whole} != {p.area for p in parts} or len(whole) != len(parts):
            return ""
        return self._summed_share(parts, whole, total, added_is_part=False)

    def difference(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """Two figures of one kind that measure different things (norm and realised, the country and
        the region): the larger minus the smaller."""
        intent = self.intent
        # Each operand is one side of the comparison (the norm, the realised number): each covers
        # part of the focus, the two together most of it.
        kind = _difference_kind(intent)
        fitting = [r for r in rows if self.fits(r, kind=kind, floor=DIFFERENCE_FLOOR)]
        if intent.national and intent.gemeenten:
            # "hoeveel hoger in Weesp dan landelijk": the country's row is the other side.
            fitting += [
                r for r in rows
                if r.scope == "nederland" and r not in fitting and self.fits(r, kind=kind, scoped=False, floor=DIFFERENCE_FLOOR)
            ]  # fmt: skip
        paired = self._paired_difference(fitting) or self._behind_norm(fitting, rows)
        return paired if paired is not None else self._between_documents(fitting)

    def _behind_norm(self, fitting: list[IndicatorRow], rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Hoeveel liep de regio achter op de norm?': the norm row the question is about, and the
        number realised that its document gives in the same unit for the same area and time."""
        norms = [r for r in fitting[:3] if unit_kind(r) == "count" and self.topic(r) >= ANCHOR_MIN]
        if not norms:
            return None
        norm = norms[0]
        pool = self._with_tables(rows, [norm])
        done = [
            r for r in pool
            if r.id != norm.id and r.unit == norm.unit and r.value is not None and r.area == norm.area
            and r.source.document_id == norm.source.document_id and _REALISED.search(fold(r.label))
            and not _REALISED.search(fold(norm.label)) and row_years(r) and row_years(norm)
            and any(a.overlaps(b) for a in row_years(r) for b in row_years(norm))
        ]  # fmt: skip
        if len(done) != 1:
            return None  # none, or several realised numbers: which one is meant is not certain
        return self._stated_difference(norm, done[0])

    def _adds_focus(self, other: IndicatorRow, first: IndicatorRow) -> bool:
        """Two budget lines are compared only when the question names what the second is about too:
        a line that merely shares the first's programme is no side of the comparison. (Other rows,
        such as a norm and the number realised, are two measures of one topic.)"""
        if not (other.budget_line and first.budget_line and other.budget_line != first.budget_line):
            return True
        return any(
            self.topic(other, (t,)) == 1.0 and self.topic(first, (t,)) < 1.0
            for t in self.intent.lead_focus
            if t.known
        )

    def _between_documents(self, fitting: list[IndicatorRow]) -> FigurePlan | None:
        """'Het voorstel en het plan noemen allebei een bedrag: hoeveel zit daartussen?': the best row
        and the value another document gives for the same measure."""
        if not self.intent.years:  # the whole period's figure, not one year's
            fitting = sorted(fitting, key=lambda r: not _is_range(r))
        if not fitting or self.topic(fitting[0]) < ANCHOR_MIN:
            return None
        first = fitting[0]
        others = self.alternatives(first)
        if len(others) != 1 or first.value is None:
            return None
        big, small, diff = self._larger_minus_smaller(first, others[0])
        text = (
            f"{_short(big)}: {big.source.title} ({big.source.date}) {fmt(big.value or 0)}, {small.source.title} "
            f"({small.source.date}) {fmt(small.value or 0)} {big.unit}; {fmt(big.value or 0)} − "
            f"{fmt(small.value or 0)} = {fmt(diff)} {big.unit}."
        )
        return FigurePlan(statement=text, rows=[big, small], stated=True)

    def _paired_difference(self, fitting: list[IndicatorRow]) -> FigurePlan | None:
        """Two rows of one document that measure different things."""
        intent = self.intent
        if len(fitting) < 2:
            return None
        if intent.national:
            national = next((r for r in fitting if r.scope == "nederland"), None)
            regional = next(
                (
                    r
                    for r in fitting
                    if r.scope != "nederland" and (national is None or unit_kind(r) == unit_kind(national))
                ),
                None,
            )
            if intent.gemeenten and regional is not None:
                # A gemeente against the country: the country's figure of the same measure.
                national = next(
                    (r for r in fitting if r.scope == "nederland" and _same_measure(r, regional)), None
                )
            if national is None or regional is None:
                return None
            first, second = national, regional
        else:
            first = fitting[0]
            other = next(
                (r for r in fitting[1:] if unit_kind(r) == unit_kind(first) and r.measure != first.measure
                 and r.value != first.value and r.scope == first.scope and series_key(r) != series_key(first)
                 and self._adds_focus(r, first)
                 and r.source.document_id == first.source.document_id),
                None,
            )  # fmt: skip
            if other is None:
                return None
            second = other
        if max(self.topic(first), self.topic(second)) < ANCHOR_MIN and not self._together(first, second):
            return None
        return self._difference_with_complements(first, second) or self._stated_difference(first, second)

    def _difference_with_complements(self, first: IndicatorRow, second: IndicatorRow) -> FigurePlan | None:
        """'Hoeveel meer UWV-klanten dan gemeenteklanten?' over rows split 'met' and 'zonder profiel': the
        question names neither part, so each side counts both (as `_sum_with_complements` does)."""
        if not self._qualifier_unnamed(first):
            return None
        sides = [(row, self._complement(row)) for row in (first, second)]
        if any(other is None for _, other in sides):
            return None
        totals = [self.compute("p + q", {"p": row.id, "q": other.id}) for row, other in sides if other]
        big, small = (0, 1) if totals[0] >= totals[1] else (1, 0)
        diff = self.compute("x - y", {"x": totals[big], "y": totals[small]})
        joined = "plus" if self.intent.language == "en" else "en"
        named = [
            f"{_short(row)} {joined} {_short(other)} ({row.area}, {row.period}): {fmt(row.value or 0)} + "
            f"{fmt(other.value or 0)} = {fmt(t)}"
            for (row, other), t in zip(sides, totals, strict=True)
            if other is not None
        ]
        text = (
            f"{named[0]}; {named[1]}: {fmt(totals[big])} − {fmt(totals[small])} = {fmt(diff)} {first.unit}."
        )
        rows = [r for pair in sides for r in pair if r is not None]
        return FigurePlan(statement=text, rows=rows, stated=True)

    def _larger_minus_smaller(
        self, first: IndicatorRow, second: IndicatorRow
    ) -> tuple[IndicatorRow, IndicatorRow, float]:
        big, small = sorted((first, second), key=lambda r: -(r.value or 0))
        return big, small, self.compute("a - b", {"a": big.id, "b": small.id})

    def _stated_difference(self, first: IndicatorRow, second: IndicatorRow) -> FigurePlan:
        big, small, diff = self._larger_minus_smaller(first, second)
        unit = "procentpunt" if big.unit == "procent" else big.unit
        text = (
            f"{_short(big)} ({big.area}, {big.period}) {fmt(big.value or 0)}, {_short(small)} ({small.area}, "
            f"{small.period}) {fmt(small.value or 0)}: {fmt(big.value or 0)} − {fmt(small.value or 0)} = {fmt(diff)} {unit}."
        )
        return FigurePlan(statement=text, rows=[big, small], stated=True)

    def _together(self, a: IndicatorRow, b: IndicatorRow) -> bool:
        """Whether two rows together cover enough of the focus."""
        text = " ".join(
            f"{r.label} {r.family.split(':', 1)[-1].replace('_', ' ')} {r.source.sentence}" for r in (a, b)
        )
        return anchor_texts(self.intent.lead_focus, (frozenset(self.analyze(text)), fold(text))) >= ANCHOR_MIN

    def share(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """A percentage the table states, or a part divided by its table's total for the same period."""
        joined = self._group_share(rows)
        if joined is not None:
            return joined
        direct = [r for r in rows if self.fits(r, kind=AnswerType.SHARE)]
        if direct:
            best = direct[0]
            return self._stated_row(best)
        if self.intent.gemeenten:
            # A part the question names within the gemeente ("welk % van hun p-wetters is
            # statushouder"): of its complement ("met"/"zonder profiel") or of the gemeente's own
            # total line. Otherwise the gemeente's part of the regional total ("het aandeel van
            # Hilversum in alle mensen in Sonar"), counted by the gemeente's own total line.
            named = [r for r in rows if self.fits(r, kind=AnswerType.COUNT)]
            part = next((r for r in named if self._names_part(r)), None)
            if part is not None:
                within = self._part_of_complement(part) or self._part_of_own_total(part)
                if within is not None:
                    return within
            own_total = self._own_total(named[0]) if named and part is None else None
            of_region = self._gemeenten_of_total([own_total, *rows] if own_total else rows)
            if of_region is not None:
                return of_region
        parts = [
            r for r in rows if self.fits(r, kind=AnswerType.COUNT) or self.fits(r, kind=AnswerType.AMOUNT)
        ]
        parts = [r for r in parts if not self._total_line(r)]
        if not parts:
            return None
        ranged = any(y.start < y.end for y in self.intent.years)
        if not self.intent.years or ranged:  # the whole period's figure, not one year's
            parts.sort(key=lambda r: not _is_range(r))
        if not self.intent.gemeenten:  # no gemeente named: the region's own figure
            parts.sort(key=lambda r: r.scope == "gemeente")
        part = parts[0]
        # A part beside its complement ("met" and "zonder profiel"): the whole is the two together,
        # not a total line of another axis (gemeente and UWV clients together).
        complement = self._part_of_complement(part)
        if complement is not None:
            return complement
        whole = self._table_total(part, exclude=[part], above=part.value or 0)
        if whole is None or not whole.value or self.topic(part) <= self.topic(whole):
            # No table total: the question may name the whole itself ("welk deel van de X ... Y").
            return self._part_of_named_whole(rows)
        share = self.compute("round(p / t * 100, 1)", {"p": part.id, "t": whole.id})
        text = f"{_short(part)} ({part.period}): {fmt(part.value or 0)} van {fmt(whole.value)} {part.unit} = {fmt(share, 1)}%."
        return FigurePlan(statement=text, rows=[part, whole], stated=True)

    def _gemeenten_of_total(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Welk deel van de WW-uitkeringen zat in Hilversum (en Huizen)?': the named gemeenten's
        figures in a series, added up, over that series' regional total."""
        wanted = {fold(g) for g in self.intent.gemeenten}
        counts = [
            r for r in rows
            if fold(r.area) in wanted and (self.fits(r, kind=AnswerType.COUNT) or self.fits(r, kind=AnswerType.AMOUNT))
        ]  # fmt: skip
        if not counts:
            return None
        series = self.series(counts[0], self.family_rows(counts[0]))
        parts = [r for r in series if fold(r.area) in wanted and r.scope == "gemeente"]
        total = next((r for r in series if is_total(r)), None)
        if total is None or not total.value or len(parts) != len(wanted):
            return None
        if len(parts) > 1:
            part: float | str = self.add_up(parts)
            part_text = f"{' + '.join(fmt(r.value or 0) for r in parts)} = {fmt(float(part))}"
        else:
            part, part_text = parts[0].id, fmt(parts[0].value or 0)
        share = self.compute("round(p / t * 100, 1)", {"p": part, "t": total.id})
        text = (
            f"{_series_name(total)} ({_scope_list(parts)}, {total.period}): {part_text} van {fmt(total.value)} "
            f"{total.unit} ({total.area}) = {fmt(share, 1)}%."
        )
        return FigurePlan(statement=text, rows=[*parts, total], stated=True)

    def _names_column(self, row: IndicatorRow) -> bool:
        """The question names what sets the row apart from the other figures of its table row in the
        same unit ("twee tot vijf jaar" beside "vijf jaar of langer"), or the row has no such sibling:
        "welk aandeel is vrouw" is not answered by the women's share two to five years in the bijstand."""
        siblings = [
            r for r in self.line_rows(row) if r.id != row.id and r.area == row.area and r.unit == row.unit
        ]
        if not siblings:
            return True
        own = set(self.analyze(row.label))
        distinct = own - set().union(*(set(self.analyze(r.label)) for r in siblings))
        return not distinct or bool(distinct & self._asked_stems())

    def _asked_stems(self) -> set[str]:
        """The stems the reading asks about: the question's own and, for a follow-up, the focus it
        took over ("en bij de mannen?" after "... die 5 jaar of langer?")."""
        stems = set(self.analyze(self.intent.question))
        return stems | {stem for t in self.intent.focus for form in t.forms for stem in form}

    def _table_total(
        self, row: IndicatorRow, exclude: Sequence[IndicatorRow] = (), above: float = 0.0
    ) -> IndicatorRow | None:
        """The total line of the row's table for the same area, unit and period (the largest, when
        the table has several), above `above`; None when there is none."""
        wholes = [
            r for r in self.family_rows(row) if self._total_line(r) and r.unit == row.unit
            and r.area == row.area and r.value and r.value > above and r not in exclude
            and row_years(r) == row_years(row) and _is_range(r) == _is_range(row)
        ]  # fmt: skip
        return max(wholes, key=lambda r: r.value or 0) if wholes else None

    def _total_line(self, row: IndicatorRow) -> bool:
        """A table's total line: "totaal" in what its label says beyond the words every line of its
        table shares ("Totaal aantal in bijstand, totaal" among "Totaal aantal in bijstand, vrouwen")."""
        if "totaal" not in fold(row.label):
            return False
        lines = [
            r for r in self.family_rows(row) if r.unit == row.unit and r.area == row.area and r.id != row.id
        ]
        if not lines:
            return True
        words = re.findall(r"\w+", fold(row.label))
        shared = set(words).intersection(*(set(re.findall(r"\w+", fold(r.label))) for r in lines))
        for word in shared:
            words.remove(word)  # one occurrence each: a second "totaal" is the line's own
        return any(w.startswith("totaal") for w in words)  # "Totaal", "Totaalregel"

    def _names_part(self, row: IndicatorRow) -> bool:
        """The question names what sets the row apart from the other lines of its table for the same
        area ("statushouders" in "Participatiewet-uitkeringen waarvan statushouders")."""
        others = [r for r in self.family_rows(row) if r.area == row.area and r.id != row.id]
        if not others:
            return False

        def stems(r: IndicatorRow) -> set[str]:
            return set(self.analyze(re.sub(r"\([^)]*\)", " ", r.label)))

        own = stems(row)
        shared = own.intersection(*(stems(r) for r in others))
        return bool((own - shared) & set(self.analyze(self.intent.question)))

    def _own_total(self, row: IndicatorRow) -> IndicatorRow | None:
        """The total line of the row's table for the same area, period and unit, or None."""
        return self._table_total(row, exclude=[row], above=row.value or 0)

    def _part_of_own_total(self, part: IndicatorRow) -> FigurePlan | None:
        """A part over its own table's total line for the same area and period."""
        whole = self._own_total(part)
        if whole is None or not whole.value or part.value is None:
            return None
        share = self.compute("round(p / t * 100, 1)", {"p": part.id, "t": whole.id})
        text = (
            f"{_short(part)} ({part.area}, {part.period}): {fmt(part.value)} van {fmt(whole.value)} "
            f"{part.unit} ({_short(whole)}) = {fmt(share, 1)}%."
        )
        return FigurePlan(statement=text, rows=[part, whole], stated=True)

    def _complement(self, part: IndicatorRow) -> IndicatorRow | None:
        """The one row of the part's table that is its complement for the same area, period and unit
        ("zonder profiel" beside "met profiel"), or None."""
        negated = _NEGATION.search(fold(part.label)) is not None
        key = _complement_key(part.label)
        others = [
            r for r in self.family_rows(part)
            if r.id != part.id and r.value is not None and r.area == part.area and r.period == part.period
            and r.unit == part.unit and _complement_key(r.label) == key
            and (_NEGATION.search(fold(r.label)) is not None) != negated
        ]  # fmt: skip
        return others[0] if len(others) == 1 else None

    def _part_of_complement(self, part: IndicatorRow) -> FigurePlan | None:
        """A part whose table also gives its complement for the same area and period ("met profiel"
        beside "zonder profiel"): its share of the two together."""
        other = self._complement(part)
        if other is None or part.value is None:
            return None
        whole = self.compute("p + q", {"p": part.id, "q": other.id})
        share = self.compute("round(p / t * 100, 1)", {"p": part.id, "t": whole})
        text = (
            f"{_short(part)} ({part.area}, {part.period}): {fmt(part.value)} van {fmt(part.value)} + "
            f"{fmt(other.value or 0)} = {fmt(whole)} {part.unit}; {fmt(part.value)} / {fmt(whole)} = {fmt(share, 1)}%."
        )
        return FigurePlan(statement=text, rows=[part, other], stated=True)

    def _part_of_named_whole(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Welk deel van de <whole>, <part>?': the row most about the whole's words and the row most
        about the rest of the question, of one unit, scope and period, the part the smaller."""
        whole_focus = self.intent.whole_focus
        part_focus = tuple(t for t in self.intent.focus if t not in whole_focus)
        if not whole_focus or not part_focus:
            return None
        counts = [r for r in rows if r.value and (self.fits(r, kind=AnswerType.COUNT, floor=DIFFERENCE_FLOOR)
                                                  or self.fits(r, kind=AnswerType.AMOUNT, floor=DIFFERENCE_FLOOR))]  # fmt: skip
        if len(counts) < 2:
            return None
        whole = max(counts, key=lambda r: self.topic(r, whole_focus) - self.topic(r, part_focus))
        parts = [
            r for r in counts
            if r.id != whole.id and unit_kind(r) == unit_kind(whole) and r.area == whole.area
            and row_years(r) == row_years(whole) and (r.value or 0) < (whole.value or 0)
        ]  # fmt: skip
        if not parts:
            return None
        parts = [r for r in parts if r.unit == whole.unit] or parts  # people of people, if the table has them
        part = max(parts, key=lambda r: self.topic(r, part_focus) - self.topic(r, whole_focus))
        if self.topic(whole, whole_focus) < ANCHOR_MIN or self.topic(part, part_focus) < ANCHOR_MIN:
            return None
        share = self.compute("round(p / t * 100, 1)", {"p": part.id, "t": whole.id})
        text = (
            f"{_short(part)} ({part.area}, {part.period}): {fmt(part.value or 0)} {part.unit}; {_short(whole)}: "
            f"{fmt(whole.value or 0)}; {fmt(part.value or 0)} / {fmt(whole.value or 0)} = {fmt(share, 1)}%."
        )
        return FigurePlan(statement=text, rows=[part, whole], stated=True)

    def change(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """From the earlier to the later of two figures in one unit at two points in time."""
        # A percentage moves too ("hoeveel procentpunt lager in 2017"), when a share is asked.
        kinds = [AnswerType.COUNT, AnswerType.AMOUNT]
        if self.intent.answer_type == AnswerType.SHARE:
            kinds.append(AnswerType.SHARE)
        fitting = [r for r in rows if any(self.fits(r, kind=k) for k in kinds) and point_in_time(r)]
        # "van 2017 naar 2018": the two years the question names; silent when either has no row.
        named = self.intent.single_years
        if len(named) >= 2:
            fitting = [r for r in fitting if (point_in_time(r) or (0, 0))[0] in named]
            if len({(point_in_time(r) or (0, 0))[0] for r in fitting}) < 2:
                return None
        if len(fitting) < 2:
            return None
        # The row most about the question (the search's order among equals; a table's total line
        # when "de begroting" names no line of it).
        first = max(
            fitting,
            key=lambda r: (round(self.topic(r, self.intent.lead_focus), 3), "totaal" in fold(r.label)),
        )
        pool = list(fitting)
        if budget_year(first) is not None:
            # The line's other years, which the search may have ranked low or not found.
            pool += [
                r for r in self.series(first, self.family_rows(first)) if r not in pool and point_in_time(r)
            ]
            if len(named) >= 2:
                pool = _at_years(pool, named)
        other = next(
            (
                r
                for r in pool
                if r is not first
                and r.unit == first.unit
                and r.area == first.area
                and point_in_time(r) != point_in_time(first)
                # A budget line's years: the same line, not another line of the same table; otherwise
                # the same measure by its label (not the norm beside the number realised).
                and (series_key(r) == series_key(first) if budget_year(first) else _same_measure(r, first))
            ),
            None,
        )
        if other is None:
            return None
        start, end = sorted((first, other), key=lambda r: point_in_time(r) or (0, 0))
        rising = (end.value or 0) >= (start.value or 0)
        # A fall is told as how much it fell: "8.800 − 4.043 = 4.757 minder (54,1%)".
        a, b = ("a", "b") if not rising else ("b", "a")
        diff = self.compute(f"{a} - {b}", {"a": start.id, "b": end.id})
        pct = self.compute(f"round(({a} - {b}) / a * 100, 1)", {"a": start.id, "b": end.id})
        hi, lo = (end, start) if rising else (start, end)
        if unit_kind(start) == "percent":  # a percentage moves by percentage points
            word = (
                ("percentage points higher" if rising else "percentage points lower")
                if self.intent.language == "en"
                else ("procentpunt hoger" if rising else "procentpunt lager")
            )
        else:
            word = (
                ("more" if rising else "fewer")
                if self.intent.language == "en"
                else ("meer" if rising else "minder")
            )
        change = (
            ("rise" if rising else "fall")
            if self.intent.language == "en"
            else ("stijging" if rising else "daling")
        )
        text = (
            f"{_series_name(start) if budget_year(start) else _short(start)}: {_when(start)} {fmt(start.value or 0)}, {_when(end)} {fmt(end.value or 0)} {end.unit}; "
            f"{fmt(hi.value or 0)} − {fmt(lo.value or 0)} = {fmt(diff)} {word}, "
            f"{fmt(diff)} / {fmt(start.value or 0)} = {fmt(pct, 1)}% {change}."
        )
        return FigurePlan(statement=text, rows=[start, end], stated=True)

    def product(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """A count the question gives times a unit cost (one row, or a cost paid in parts), against
        the budget the table gives for it."""
        n = self.intent.multiplier
        if n is None:
            return None
        amounts = [r for r in rows if self.fits(r, kind=AnswerType.AMOUNT, scoped=False)]
        # What is available (a begroting line, a budget) is not what one unit costs.
        budgets = [r for r in amounts if r.budget_line or "budget" in fold(r.label)]
        costs = [r for r in amounts if _per_unit(r) and r not in budgets]
        if costs:
            unit_cost, used, cost_text = costs[0].value or 0.0, [costs[0]], fmt(costs[0].value or 0)
        else:
            series = [
                [x for x in self.series(r, self.family_rows(r)) if not _is_range(x)]
                for r in amounts
                if r not in budgets and not _is_range(r)
            ]
            series = [s for s in series if len(s) > 1]
            if not series:
                return None
            parts = series[0]
            unit_cost = self.add_up(parts)
            used, cost_text = parts, f"{' + '.join(fmt(r.value or 0) for r in parts)} = {fmt(unit_cost)}"
        product = self.compute("n * c", {"n": n, "c": unit_cost})
        text = f"{_series_name(used[0])}: {cost_text} EUR; {fmt(n)} × {fmt(unit_cost)} = {fmt(product)} EUR."
        per_year = [b for b in budgets if "per jaar" in fold(f"{b.label} {b.unit}")]
        if budgets and (per_year or budgets)[0].value is not None:
            budget = (per_year or budgets)[0]
            rest = self.compute("b - p", {"b": budget.id, "p": product})
            text += f" {_short(budget)}: {fmt(budget.value or 0)} − {fmt(product)} = {fmt(rest)} EUR."
            used = [*used, budget]
        return FigurePlan(statement=text, rows=used, stated=True)

    def _per_unit_lookup(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """A cost per person asked: a row that states it (8.000 per persoon), never a total."""
        found = self.lookup([r for r in rows if _per_unit(r)])
        return found if found is not None and found.rows and _per_unit(found.rows[0]) else None

    def ratio(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        """'Wat kost het per deelnemer?': an amount the source gives over a count it gives for the same
        thing (a budget and its target number), when no row states the cost per unit itself."""
        amounts = [
            r for r in rows if self.fits(r, kind=AnswerType.AMOUNT, scoped=False, floor=DIFFERENCE_FLOOR)
        ]
        if not amounts or _per_unit(amounts[0]):
            return None  # a cost per unit stated outright is a lookup
        amount = next((r for r in amounts if r.value), None)
        if amount is None:
            return None
        yearly = "per jaar" in fold(amount.unit)
        counts = [
            r for r in rows
            if unit_kind(r) == "count" and r.value and r.source.document_id == amount.source.document_id
            and not _per_unit(r) and ("per jaar" in fold(r.unit)) == yearly and r.period == amount.period
            and self.fits(r, kind=AnswerType.COUNT, scoped=False, floor=DIFFERENCE_FLOOR)
            and self._together(amount, r)
        ]  # fmt: skip
        if not counts:
            return None
        count = counts[0]
        value = self.compute("round(a / n, 2)", {"a": amount.id, "n": count.id})
        text = (
            f"{_short(amount)}: {fmt(amount.value or 0)} {amount.unit}; {_short(count)}: {fmt(count.value or 0)} "
            f"{count.unit}; {fmt(amount.value or 0)} / {fmt(count.value or 0)} = {fmt(value)} EUR per "
            f"{_ONE.get(count.unit.split()[0], count.unit.split()[0])}."
        )
        return FigurePlan(statement=text, rows=[amount, count], stated=True)

    def count_times_share(self, rows: list[IndicatorRow]) -> FigurePlan | None:
        intent = self.intent
        shares = [
            r for r in rows if self.fits(r, kind=AnswerType.SHARE) and age_band_of(r) == intent.age_band
        ]
        if not shares:
            return None
        family = self.family_rows(shares[0])
        areas = list(intent.gemeenten) or [next((r.area for r in family if is_total(r)), shares[0].area)]
        used, lines, products = [], [], []
        for area in areas:
            share = next(
                (
                    r
                    for r in family
                    if r.area == area and r.unit == "procent" and age_band_of(r) == intent.age_band
                ),
                None,
            )
            count = next(
                (r for r in family if r.area == area and r.unit in _PEOPLE_UNITS and not age_band_of(r)), None
            )
            if share is None or count is None:
                return None
            value = self.compute("c * p / 100", {"c": count.id, "p": share.id})
            rounded = self.compute("round(v)", {"v": value})
            products.append(value)
            used += [count, share]
            lines.append(
                f"{area}: {fmt(count.value or 0)} × {fmt(share.value or 0)}% = {fmt(value)} ≈ {fmt(rounded)}"
            )
        text = "; ".join(lines)
        if len(products) > 1:
            total = self.compute(
                " + ".join(f"p{i}" for i in range(len(products))),
                {f"p{i}": p for i, p in enumerate(products)},
            )
            rounded = self.compute("round(v)", {"v": total})
            together = "together" if self.intent.language == "en" else "samen"
            text += f"; {together} {' + '.join(fmt(p) for p in products)} = {fmt(total)} ≈ {fmt(rounded)}"
        return FigurePlan(statement=f"{_series_name(shares[0])}: {text}.", rows=used, stated=True)

    def candidates(self, rows: list[IndicatorRow]) -> FigurePlan:
        """Rows on the topic that meet the constraints, shown with provenance; no computation stated."""
        fitting = [
            r for r in rows if r.value is not None and self.topic(r) >= ANCHOR_MIN and self.scope_ok(r)
        ]
        if self.intent.years:
            fitting = [
                r for r in fitting if any(y.overlaps(p) for y in self.intent.years for p in row_years(r))
            ]
        if not fitting or self.intent.operation == Operation.NONE:
            return FigurePlan(tool_calls=self.calls)
        shown = fitting[:3]
        listed = "; ".join(f"{_short(r)} ({r.area}, {r.period}): {fmt(r.value or 0)} {r.unit}" for r in shown)
        op = self.intent.operation.value
        text = (
            f"Gevonden cijfers: {listed}. De berekening ({op}) is niet gemaakt: niet elk cijfer dat "
            "ervoor nodig is staat eenduidig in de tabel."
            if self.intent.language != "en"
            else f"Figures found: {listed}. The computation ({op}) was not done: not every figure it needs "
            "is unambiguous in the table."
        )
        fit = all(
            self.fits(r) or self.fits(r, kind=AnswerType.COUNT) or self.fits(r, kind=AnswerType.AMOUNT)
            for r in shown
        )
        named = self.intent.single_years
        if len(named) >= 2 and self.intent.operation in (Operation.CHANGE, Operation.DIFFERENCE):
            # "van 2017 naar 2018" with no figure for 2018: the figures found do not answer it.
            fit = fit and named <= {y for r in shown for y in range_years(row_years(r))}
        return FigurePlan(statement=text, rows=shown, stated=False, fitting=fit, tool_calls=self.calls)


def _stands_in(term: FocusTerm, text: str) -> bool:
    """The term's own wording or a phrase of it stands in the folded text."""
    words = [term.word, *term.phrases]
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text) for w in words)


def _same_passage(a: IndicatorRow, b: IndicatorRow) -> bool:
    """Two figures of one sentence or table row: same document and line, area and period."""
    return (
        a.source.document_id == b.source.document_id
        and a.source.line == b.source.line
        and a.area == b.area
        and a.period == b.period
    )


def _complement_key(label: str) -> str:
    """A label without its with/without word: "met profiel" and "zonder profiel" share one key."""
    label = re.sub(r"\([^)]*\)", " ", label)  # "(doelgroep banenafspraak)" qualifies, names no other thing
    words = [
        w
        for w in re.findall(r"\w+", fold(label))
        if w not in ("met", "zonder", "geen", "wel", "with", "without", "no")
    ]
    return " ".join(words)


def is_planned(row: IndicatorRow) -> bool:
    """A row that states a target, forecast or budget (what was planned), not a realised figure."""
    if row.budget_line or row.programme:
        return True
    label = fold(row.label)
    return _PLANNED.search(label) is not None and not _REALISED.search(label)


def _unit_fits(kind: AnswerType, row: IndicatorRow, intent: QuestionIntent) -> bool:
    unit = unit_kind(row)
    if kind == AnswerType.AMOUNT:
        return unit == "money"
    if kind == AnswerType.SHARE:
        return unit == "percent"
    if kind == AnswerType.DURATION:  # "uur per week" is hours too, however often they recur
        return unit == "time" or fold(row.unit).split()[0] in TIME_UNITS
    if kind == AnswerType.FREQUENCY:
        return unit == "frequency"
    if kind == AnswerType.COUNT:
        if unit == "percent":
            return False
        if (
            " per " in f" {fold(row.unit)} "
            and intent.operation != Operation.RATIO
            and not re.search(r"\bper\b|\bgemiddeld\b|\baverage\b", fold(intent.question))
        ):
            return False  # "30 werkgevers per adviseur" is a rate, not how many advisers there are
        if intent.counts_people:
            return row.unit in _PEOPLE_UNITS
        return unit == "count" and _counts(intent.counted, row)
    return unit in ("count", "money", "percent")


def _counts(counted: str, row: IndicatorRow) -> bool:
    """A count of banen is a row in banen, not in personen: when the thing counted is one of the
    table's units, the row must be in that unit (other counted words leave it to the topic check)."""
    stem = fold(counted)[:5]
    units = {fold(u)[:5] for u in _COUNT_UNITS}
    return not stem or stem not in units or fold(row.unit).startswith(stem)


def _difference_kind(intent: QuestionIntent) -> AnswerType:
    if (
        intent.answer_type == AnswerType.SHARE
        or "procentpunt" in fold(intent.question)
        or "percentage point" in fold(intent.question)
    ):
        return AnswerType.SHARE
    return intent.answer_type if intent.answer_type != AnswerType.CHANGE else AnswerType.COUNT


def _per_unit(row: IndicatorRow) -> bool:
    """A cost per person, traject or placement (not a budget per year)."""
    text = fold(f"{row.label} {row.unit}")
    match = re.search(r"\bper (\w+)", text)
    return match is not None and match.group(1) not in ("jaar", "maand", "week", "kwartaal", "dag")


def _by_year(parts: list[IndicatorRow]) -> list[IndicatorRow]:
    """Per-year rows of a budget line (a range row such as 2019-2021 left out)."""
    yearly = [r for r in parts if re.fullmatch(r"\d{4}", r.year or "")]
    return yearly if len({r.year for r in yearly}) == len(yearly) else []


def _short(row: IndicatorRow) -> str:
    return row.label.split(":")[-1].strip() if ":" in row.label else row.label


def _series_name(row: IndicatorRow) -> str:
    return re.sub(r"\s*\b(19|20)\d\d(\s*-\s*(19|20)\d\d)?\b", "", row.label).strip()


def _scope_list(rows: list[IndicatorRow]) -> str:
    years = [r.year for r in rows if r.year]
    if len(set(years)) == len(rows):
        return ", ".join(years)
    return ", ".join(dict.fromkeys(r.area for r in rows))


def _typeset(text: str) -> str:
    """ ">=" and "<=" in labels as the signs they stand for, so that "=" only ever means a result."""
    return text.replace(">=", "≥").replace("<=", "≤")


def _row_sentence(row: IndicatorRow, language: str) -> str:
    qualifier = f"{row.qualifier} " if row.qualifier else ""
    where = ", ".join(p for p in (row.area, row.period) if p)
    return f"{row.label} ({where}): {qualifier}{fmt(row.value or 0)} {row.unit}."


def _conflict_sentence(other: IndicatorRow, language: str) -> str:
    if language == "en":
        return f"Note: {other.source.title} ({other.source.date}) gives {fmt(other.value or 0)} {other.unit}."
    return f"Let op: {other.source.title} ({other.source.date}) noemt {fmt(other.value or 0)} {other.unit}."


def range_years(ranges: Sequence[YearRange]) -> set[int]:
    """Every year the ranges span (a range that is open at one end spans none)."""
    return {y for r in ranges if r.end - r.start <= 50 for y in range(r.start, r.end + 1)}


def _at_years(rows: list[IndicatorRow], years: frozenset[int]) -> list[IndicatorRow]:
    """The rows whose point in time falls in one of the years; all of them when none does."""
    return [r for r in rows if (point_in_time(r) or (0, 0))[0] in years] or rows


def _label_words(row: IndicatorRow) -> set[str]:
    return {w for w in re.findall(r"[^\W\d_]+", fold(re.sub(r"\([^)]*\)", " ", row.label))) if len(w) > 2}


def _same_measure(a: IndicatorRow, b: IndicatorRow) -> bool:
    """Two rows measure one thing when most of their label words are shared (years left out)."""
    x, y = _label_words(a), _label_words(b)
    return bool(x | y) and len(x & y) / len(x | y) >= SAME_MEASURE_MIN


def _when(row: IndicatorRow) -> str:
    year = budget_year(row) or label_year(row)
    return str(year) if year is not None else row.period


def _is_range(row: IndicatorRow) -> bool:
    """A line's total over a period (2019-2021) beside its per-year lines."""
    return bool(re.fullmatch(r"\d{4}\s*-\s*\d{4}", row.year or "")) or bool(
        re.search(r"\b(?:19|20)\d\d\s*-\s*(?:19|20)\d\d\b", row.label)
    )
