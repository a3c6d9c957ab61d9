"""Budget questions: which budget line a question names, and its begroot, besteed and resterend.

"Hoeveel is er in 2020 besteed aan <post>?", "hoeveel is er nog over van <post> dit jaar?", "wat is
de stand van <post>?": the post is found by matching the question's focus terms against the budget
line and programme names (the same term matching as for passages), the figures come from
`budget_status` over imported realisations, each with its source and peildatum. Without an imported
besteed amount the question is not answered: a remainder is never computed from a budget alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from assistant.answer.evidence import Analyze, term_present
from assistant.answer.intent import AnswerType, FocusTerm, QuestionIntent
from assistant.answer.models import Figure, ToolCall
from assistant.answer.proposal import Proposal
from assistant.indicators.rows import fmt
from assistant.indicators.tools import BudgetLineStatus, BudgetSource, BudgetStatus
from ingest.lexical import DUTCH_MONTHS, fold

# Words that ask for a budget's state once a budget line is named (the realisation flag of the
# reading covers "besteed", "uitgegeven" ...): what is left of it, where it stands.
_STATE = re.compile(
    r"\b(?:nog over|over van|is er over|resterend\w*|restant|overgebleven|nog beschikbaar|(?<!tot )stand|"
    r"left|remaining|remains)\b(?! van zaken)"
)
_THIS_YEAR = re.compile(r"\b(?:dit jaar|het huidige jaar|het lopende jaar|this year|the current year)\b")
LINE_COVER_MIN = 0.5  # share of the focus (beyond the programme's name) a budget line's name must hold
MAX_LINES = 4


@dataclass(slots=True)
class BudgetReading:
    """A question read as a budget question: the lines it names, the year(s), and budget_status's answer."""

    intent: QuestionIntent  # the reading, marked as a realisation question about an amount
    pairs: list[tuple[str, str]]  # (programme, budget line) the question names
    year: str | None
    lines: list[BudgetLineStatus] = field(default_factory=list)
    tool_calls: list[ToolCall] = field(default_factory=list)

    @property
    def known(self) -> bool:
        return any(ln.realisation_known for ln in self.lines)


def _stems(text: str, analyze: Analyze) -> tuple[frozenset[str], str]:
    return frozenset(analyze(text)), fold(text)


def _weight(terms: tuple[FocusTerm, ...], text: tuple[frozenset[str], str]) -> float:
    return sum(t.weight for t in terms if t.known and term_present(t, *text))


def match_lines(
    focus: tuple[FocusTerm, ...], pairs: list[tuple[str, str]], analyze: Analyze
) -> list[tuple[str, str]]:
    """The budget lines the focus names best: a line's name must hold most of the focus that the
    programme's name does not; a question naming only a programme gets its total line."""
    known = tuple(t for t in focus if t.known)
    if not known:
        return []
    scored = []
    for programme, line in pairs:
        in_programme = tuple(t for t in known if term_present(t, *_stems(programme, analyze)))
        rest = tuple(t for t in known if t not in in_programme)
        rest_weight = sum(t.weight for t in rest)
        covered = _weight(rest, _stems(line, analyze))
        prog_weight = sum(t.weight for t in in_programme)
        if rest_weight and covered / rest_weight >= LINE_COVER_MIN:
            scored.append((covered + prog_weight, programme, line))
        elif not rest_weight and fold(line).startswith("totaal"):
            scored.append((prog_weight, programme, line))
    if not scored:
        return []
    best = max(s for s, _, _ in scored)
    return [(p, ln) for s, p, ln in sorted(scored, key=lambda x: (-x[0], x[1], x[2])) if s >= best - 1e-9][
        :MAX_LINES
    ]


def _year(intent: QuestionIntent, today: date | None) -> str | None:
    years = [y for y in intent.years if y.start == y.end]
    if years:
        return str(years[0].start)
    ranges = [y for y in intent.years if y.start > 1900 and y.end < 2100]
    if ranges:
        return ranges[0].label()
    if _THIS_YEAR.search(fold(intent.question)):
        return str((today or date.today()).year)
    return None


def read_budget(
    intent: QuestionIntent, db_path: Path, analyze: Analyze, today: date | None = None
) -> BudgetReading | None:
    """The budget reading of a question, or None when it is no budget question or names no budget line."""
    from assistant.errors import AssistantError
    from assistant.indicators.tools import budget_lines, budget_status

    asks_state = _STATE.search(fold(intent.question)) is not None
    if not (intent.asks_realisation or asks_state) or not db_path.exists():
        return None
    try:
        pairs = match_lines(intent.focus, budget_lines(db_path), analyze)
    except AssistantError:
        return None
    if not pairs or (not intent.asks_realisation and all(fold(ln).startswith("totaal") for _, ln in pairs)):
        return None  # "de stand van <programma>" is about the programme, not its money
    reading = BudgetReading(
        intent=intent.model_copy(update={"asks_realisation": True, "answer_type": AnswerType.AMOUNT}),
        pairs=pairs,
        year=_year(intent, today),
    )
    for programme, line in pairs:
        arguments: dict[str, Any] = {"programme": programme, "line": line, "year": reading.year}
        try:
            status = budget_status(programme, line, reading.year, db_path=db_path)
        except AssistantError as exc:
            reading.tool_calls.append(
                ToolCall(name="budget_status", arguments=arguments, result={"error": str(exc)})
            )
            continue
        reading.tool_calls.append(
            ToolCall(name="budget_status", arguments=arguments, result=status.model_dump())
        )
        reading.lines += _the_lines(status, programme, line, reading.year)
    if not reading.known and all(fold(ln).startswith("totaal") for _, ln in pairs):
        # A programme's total has no import of its own: its lines that have one are what is known
        # (listed, never added up into a total the administration did not state).
        reading.lines += _imported_lines(reading, db_path)
    return reading


def _imported_lines(reading: BudgetReading, db_path: Path) -> list[BudgetLineStatus]:
    from assistant.errors import AssistantError
    from assistant.indicators.tools import budget_status

    out: list[BudgetLineStatus] = []
    for programme in dict.fromkeys(p for p, _ in reading.pairs):
        arguments: dict[str, Any] = {"programme": programme, "year": reading.year}
        try:
            status = budget_status(programme, None, reading.year, db_path=db_path)
        except AssistantError:
            continue
        known = [ln for ln in status.lines if ln.realisation_known and ln.programme == programme]
        if known:
            reading.tool_calls.append(
                ToolCall(name="budget_status", arguments=arguments, result=status.model_dump())
            )
            out += sorted(known, key=lambda ln: (ln.year, ln.budget_line))
    return out


def _the_lines(status: BudgetStatus, programme: str, line: str, year: str | None) -> list[BudgetLineStatus]:
    """The asked line itself (budget_status matches names loosely), each year with an import when no
    year was asked, else every year."""
    own = [ln for ln in status.lines if ln.programme == programme and ln.budget_line == line]
    if year is None and any(ln.realisation_known for ln in own):
        own = [ln for ln in own if ln.realisation_known]
    return sorted(own, key=lambda ln: ln.year)


# --- the answer -----------------------------------------------------------------------------------
_WORDS = {
    "nl": {"begroot": "begroot", "besteed": "besteed", "resterend": "resterend", "per": "peildatum",
           "line": "regel", "from": "uit", "none": "geen bedrag (n.v.t.)", "formula": "begroot − besteed",
           "sources": "Bronnen", "no_rest": "niet te berekenen", "import": "import", "and": "en",
           "missing": "Geen realisatie bekend voor", "how": "Importeer een export uit de financiële "
           "administratie met `assistant indicators import`."},
    "en": {"begroot": "budgeted", "besteed": "spent", "resterend": "remaining", "per": "as of",
           "line": "row", "from": "from", "none": "no amount (n.v.t.)", "formula": "budgeted − spent",
           "sources": "Sources", "no_rest": "cannot be computed", "import": "import", "and": "and",
           "missing": "No realisation known for", "how": "Import an export from the financial "
           "administration with `assistant indicators import`."},
}  # fmt: skip
_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def _date(iso: str, language: str) -> str:
    try:
        y, m, d = (int(p) for p in iso.split("-"))
    except ValueError:
        return iso
    months = _EN_MONTHS if language == "en" else DUTCH_MONTHS
    return f"{d} {months[m - 1]} {y}"


def _money(value: float | None, words: dict[str, str]) -> str:
    if value is None:
        return words["none"]
    if float(value).is_integer():
        return f"€ {fmt(value)}"
    # Cents always as two digits, Dutch notation: 61.250,50.
    return "€ " + f"{value:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")


def _source_text(source: BudgetSource | None, words: dict[str, str]) -> str:
    if source is None:
        return ""
    if source.kind == "import":
        return f"{words['import']} {source.file}, {words['line']} {source.line}"
    return f"{source.title or source.document_id}, {source.file}:{source.line}"


def _figure(
    ln: BudgetLineStatus, kind: str, value: float | None, source: dict[str, Any], peildatum: str
) -> Figure:
    slug = re.sub(r"[^a-z0-9]+", "_", fold(f"{ln.programme} {ln.budget_line} {ln.year}")).strip("_")
    return Figure(
        indicator_id=f"budget:{slug}:{kind}",
        label=f"{ln.budget_line} ({ln.programme}) {ln.year}: {kind}",
        value=value,
        unit="EUR",
        period=ln.year,
        scope=ln.programme,
        source=source,
        kind=kind,
        peildatum=peildatum,
        programme=ln.programme,
        budget_line=ln.budget_line,
    )


def figures_of(ln: BudgetLineStatus) -> list[Figure]:
    """begroot, besteed and resterend of one line as figures, each with its source and peildatum."""
    peildatum = ln.peildatum or ""
    out = []
    if ln.begroot_amount is not None and ln.begroot_source is not None:
        out.append(
            _figure(
                ln, "begroot", ln.begroot_amount, ln.begroot_source.model_dump(), ln.begroot_source.peildatum
            )
        )
    if ln.besteed_source is not None:
        out.append(_figure(ln, "besteed", ln.besteed, ln.besteed_source.model_dump(), peildatum))
    if ln.resterend is not None:
        inputs = [s.model_dump() for s in (ln.begroot_source, ln.besteed_source) if s is not None]
        source = {"kind": "computed", "formula": "begroot - besteed", "inputs": inputs}
        out.append(_figure(ln, "resterend", ln.resterend, source, peildatum))
    return out


def _sentence(ln: BudgetLineStatus, words: dict[str, str], language: str) -> str:
    rest = _money(ln.resterend, words) if ln.resterend is not None else words["no_rest"]
    head = (
        f"{ln.budget_line} ({ln.programme}), {ln.year}: {words['begroot']} {_money(ln.begroot_amount, words)}, "
        f"{words['besteed']} {_money(ln.besteed, words)}, {words['resterend']} {rest}"
    )
    if ln.peildatum:
        head += f" ({words['per']} {_date(ln.peildatum, language)})"
    sources = []
    if ln.begroot_source is not None and ln.begroot_source == ln.besteed_source:
        both = f"{words['begroot']} {words['and']} {words['besteed']}"
        sources.append(f"{both} {words['from']} {_source_text(ln.besteed_source, words)}")
    else:
        for name, source in (("begroot", ln.begroot_source), ("besteed", ln.besteed_source)):
            if source is not None:
                sources.append(f"{words[name]} {words['from']} {_source_text(source, words)}")
    if ln.resterend is not None:
        sources.append(f"{words['resterend']} = {words['formula']}")
    text = f"{head}."
    if sources:
        text += f" {words['sources']}: {'; '.join(sources)}."
    if ln.message and ln.resterend is None:
        text += f" ({ln.message})"
    return text


def propose(reading: BudgetReading) -> Proposal | None:
    """The answer for the lines with an imported realisation; None when none has one."""
    known = [ln for ln in reading.lines if ln.realisation_known]
    if not known:
        return None
    language = "en" if reading.intent.language == "en" else "nl"
    words = _WORDS[language]
    text = "\n".join(_sentence(ln, words, language) for ln in known)
    return Proposal(
        text=text,
        tool_calls=list(reading.tool_calls),
        figures=[f for ln in known for f in figures_of(ln)],
        figures_stated=True,
    )


def missing_realisation(reading: BudgetReading) -> str:
    """The plain statement for a budget question without an imported besteed amount: which lines,
    what budget_status says of each, and how to import one."""
    words = _WORDS["en" if reading.intent.language == "en" else "nl"]
    lines = [ln for ln in reading.lines if not ln.realisation_known][:MAX_LINES]
    if not lines:
        named = ", ".join(f"{line} ({programme})" for programme, line in reading.pairs)
        return f"{words['missing']} {named}{f' {reading.year}' if reading.year else ''}. {words['how']}"
    parts = [f"{ln.budget_line} ({ln.programme}) {ln.year}: {ln.message}" for ln in lines]
    return f"{words['missing']} {'; '.join(parts)}. {words['how']}"
