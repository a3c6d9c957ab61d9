"""Extractive answers: the direct answer first, then at most a few supporting quotes; no generation.

The lead is the computed figure (a sentence with unit, period and source) or the one unit of the
top passages that answers the question (a value of the asked kind, anchored to its focus, meeting
its constraints: the same test the answerability check applies). A procedure is the steps of the
one best procedure passage, all of them, in document order. Every sentence of the body is a quote
from a source and cites it as [n]; the verification step turns each [n] into a located quote.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from assistant.answer.checks import (
    BENEFIT_CATEGORIES,
    HEADING_WEIGHT,
    NationalFigures,
    categories_in,
    unit_gap,
)
from assistant.answer.evidence import Analyze, Unit, anchor, holds, units_of
from assistant.answer.intent import AnswerType, QuestionIntent
from assistant.answer.proposal import Proposal, Shown
from assistant.answer.quotes import MAX_QUOTE_CHARS, collapse, match_key, span_of
from ingest.models import Chunk

MAX_PASSAGES = 6  # passages whose units may lead or support
MAX_SUPPORTS = 1  # supporting quotes after the lead
MAX_STEPS = 12  # a procedure's steps shown
# Retrieval's calibrated score and the unit's own fit both rank a candidate lead: the best passage
# usually answers, but a lower passage that states the asked value in one sentence beats it.
RANK_WEIGHT = 0.5
NARROWER_PENALTY = 0.3
PRECISION_BONUS = 0.2  # "sinds wanneer": a day and month answer better than a year
QUOTE_WORDS = 55  # a sentence is quoted with the next one while both stay within this many words
QUOTE_LIST_WORDS = 80  # a list's lead-in is quoted with its items up to this many words


def _ranked_units(
    intent: QuestionIntent,
    hits: Sequence[tuple[Chunk, float]],
    analyze: Analyze,
    today: date | None,
    national: NationalFigures | None = None,
) -> list[tuple[float, Unit]]:
    """Units of the top passages that answer the question, best first."""
    if not hits:
        return []
    best = max(hits[0][1], 1e-9)
    out = []
    for chunk, score in hits[:MAX_PASSAGES]:
        for unit in units_of(chunk, analyze):
            if unit_gap(intent, unit, analyze, today, national) is None:
                fit = anchor(intent.focus, unit, 1.0 if unit.is_row else HEADING_WEIGHT)
                precise = (
                    PRECISION_BONUS
                    if intent.answer_type == AnswerType.DATE and holds(intent.answer_type, unit, True)
                    else 0.0
                )
                out.append((fit + RANK_WEIGHT * score / best + precise - _narrower(intent, unit), unit))
    return sorted(out, key=lambda su: -su[0])


def _narrower(intent: QuestionIntent, unit: Unit) -> float:
    """A penalty for a unit about some benefit categories when the question names none: a table of
    WW alone does not answer a question about everyone with a benefit."""
    if intent.categories:
        return 0.0
    named = categories_in(f"{unit.text} {unit.context}")
    return NARROWER_PENALTY if named and len(named) < len(BENEFIT_CATEGORIES) else 0.0


def _procedure_passage(
    intent: QuestionIntent, hits: Sequence[tuple[Chunk, float]], analyze: Analyze
) -> tuple[Chunk, list[Unit]] | None:
    """The passage that best lays out the steps: on the focus (text and heading) and with several units."""
    best: tuple[float, Chunk, list[Unit]] | None = None
    top = max(hits[0][1], 1e-9) if hits else 1.0
    for chunk, score in hits[:4]:
        units = [u for u in units_of(chunk, analyze) if not u.is_row]
        if len(units) < 2:
            continue
        whole = Unit(
            text=chunk.text,
            chunk=chunk,
            position=0,
            is_row=False,
            stems=frozenset().union(*(u.stems for u in units)),
            context_stems=units[0].context_stems,
            context=units[0].context,
        )
        value = anchor(intent.focus, whole, 1.0) + RANK_WEIGHT * score / top
        if best is None or value > best[0]:
            best = (value, chunk, units)
    return (best[1], best[2]) if best else None


def quote_text(unit: Unit, analyze: Analyze) -> str:
    """What to quote for a unit, so the reader sees it in its context: a table row with the rows
    around it (and next to the total row); a sentence that introduces a list (":") with the list;
    a short sentence with the one after it, when that continues the same passage."""
    if not unit.is_row:
        return _with_following(unit, analyze)
    rows = [u for u in units_of(unit.chunk, analyze) if u.is_row]
    at = next((i for i, u in enumerate(rows) if u.position == unit.position), None)
    if at is None:
        return unit.text
    return " ".join(u.text for u in rows[max(0, at - 1) : at + 2])


def _with_following(unit: Unit, analyze: Analyze) -> str:
    units = units_of(unit.chunk, analyze)
    at = next((i for i, u in enumerate(units) if u.position == unit.position), None)
    if at is None:
        return unit.text
    parts = [unit.text]
    words = len(unit.text.split())
    last = units[at].position
    for nxt in units[at + 1 :]:
        # The next unit of the passage; a bare list number between them ("1.") is no unit of its own.
        if nxt.is_row or nxt.position > last + 2:
            break
        if nxt.text.rstrip().endswith("?"):
            break  # the document's next field label ("Voor welke doelgroep(en)?") starts another part
        size = len(nxt.text.split())
        # A lead-in (":") or a field label that asks ("Wat willen we bereiken?") introduces what follows.
        introduces = parts[0].rstrip().endswith("?") or parts[-1].rstrip().endswith(":")
        if words + size > (QUOTE_LIST_WORDS if introduces else QUOTE_WORDS) or not (
            introduces or len(parts) == 1
        ):
            break
        parts.append(nxt.text)
        words += size
        last = nxt.position
    return " ".join(parts)


def source_quote(chunk: Chunk, sentence: str, analyze: Analyze) -> str:
    """The quote for a figure read from `sentence` of `chunk` (its table row with its neighbours)."""
    key = collapse(sentence)
    for unit in units_of(chunk, analyze):
        text = collapse(unit.text)
        if key and (key in text or text in key):
            return quote_text(unit, analyze)
    return sentence


def table_span(chunk: Chunk, sentences: Sequence[str]) -> list[str]:
    """The quotes for figures read from rows of one table, best first: the table from its caption
    down to the last row read (the reader sees what each column means), else the rows from the one
    before the first read to the one after the last. Empty when the sentences are not lines of it."""
    if chunk.chunk_type != "table":
        return []
    lines = chunk.text.split("\n")
    keys = [match_key(line) for line in lines]
    read = sorted(
        {
            i
            for s in sentences
            if (k := match_key(s))
            for i, line in enumerate(keys)
            if line and (k in line or line in k)
        }
    )
    if not read:
        return []
    out = []
    with_caption = " ".join(lines[: read[-1] + 1])
    if len(with_caption) <= MAX_QUOTE_CHARS:
        out.append(with_caption)
    rows = " ".join(lines[max(0, read[0] - 1) : read[-1] + 2])
    if len(rows) <= MAX_QUOTE_CHARS and rows not in out:
        out.append(rows)
    return out


def step_spans(chunk: Chunk, steps: Sequence[Unit]) -> list[str]:
    """The quotes for a procedure's steps: consecutive steps quoted together as one stretch of the
    passage while it stays within a quote's length, so the reader checks them in one place, in order."""
    spans: list[str] = []
    group: list[Unit] = []
    for step in [*steps, None]:
        candidate = span_of(chunk.text, group[0].text, step.text) if group and step else None
        if step is not None and (not group or (candidate and len(candidate) <= MAX_QUOTE_CHARS)):
            group.append(step)
            continue
        if len(group) > 1 and (whole := span_of(chunk.text, group[0].text, group[-1].text)):
            spans.append(whole)
        group = [step] if step else []
    return spans


def sentence_window(chunk: Chunk, quoted: str, analyze: Analyze) -> str | None:
    """The quoted sentences with their neighbours in the passage, the one before first (what "deze",
    "zij", "om die redenen" point back to), while the stretch stays within a quote's length."""
    units = [u for u in units_of(chunk, analyze) if not u.is_row]
    key = collapse(quoted)
    inside = [i for i, u in enumerate(units) if collapse(u.text) in key]
    if not inside:
        return None
    lo, hi = inside[0], inside[-1]
    best = span_of(chunk.text, units[lo].text, units[hi].text)
    for step in (-1, 1, -1, 1):  # one sentence before, one after, and once more each way
        a, b = (lo - 1, hi) if step < 0 else (lo, hi + 1)
        if a < 0 or b >= len(units):
            continue
        wider = span_of(chunk.text, units[a].text, units[b].text)
        if wider and len(wider) <= MAX_QUOTE_CHARS:
            best, lo, hi = wider, a, b
    return best if best and collapse(best) != key else None


def compose(
    intent: QuestionIntent,
    hits: Sequence[tuple[Chunk, float]],
    analyze: Analyze,
    figure_text: str = "",
    figure_sources: Sequence[tuple[Chunk, str]] = (),
    today: date | None = None,
    national: NationalFigures | None = None,
) -> Proposal:
    """The extractive proposal for a question, given the retrieval hits and the figure planner's text
    with the (passage, sentence) each of its figures was read from."""
    shown = Shown()
    lines: list[str] = []
    quoted: list[Unit] = []
    hints: dict[int, list[str]] = {}
    if figure_text:
        numbers = []
        read: dict[int, list[str]] = {}
        for chunk, sentence in figure_sources:
            n = shown.number(chunk)
            read.setdefault(n, []).append(sentence)
            if n not in numbers:
                numbers.append(n)
        for n, sentences in read.items():
            chunk = shown.chunks[n]
            quotes = [source_quote(chunk, s, analyze) for s in sentences]
            # A figure read from prose is quoted with its neighbours, like any quoted sentence.
            windows = [
                w for q in quotes if chunk.chunk_type != "table" and (w := sentence_window(chunk, q, analyze))
            ]
            hints[n] = table_span(chunk, sentences) + windows + quotes
        marks = "".join(f"[{n}]" for n in numbers)
        lines.append(f"{figure_text.rstrip('.')} {marks}.".replace(" .", "."))
    if intent.answer_type == AnswerType.PROCEDURE and not figure_text:
        found = _procedure_passage(intent, hits, analyze)
        if found is not None:
            chunk, units = found
            answering = [u for u in units if unit_gap(intent, u, analyze, today, national) is None]
            if answering:
                n = shown.number(chunk)
                steps = units[:MAX_STEPS]
                lines += [f"{i}. {u.text} [{n}]" for i, u in enumerate(steps, start=1)]
                quoted += steps
                hints[n] = step_spans(chunk, steps)
    if not quoted:
        ranked = _ranked_units(intent, hits, analyze, today, national)
        used_chunks: set[str] = set()
        for _, unit in ranked:
            if len(quoted) >= (MAX_SUPPORTS if figure_text else 1 + MAX_SUPPORTS):
                break
            if unit.chunk.chunk_id in used_chunks and quoted:
                continue  # a second quote from the same passage adds less than another passage
            used_chunks.add(unit.chunk.chunk_id)
            quoted.append(unit)
            n, text = shown.number(unit.chunk), quote_text(unit, analyze)
            if unit.chunk.chunk_type == "list":  # an item is cited in its list, with the lead-in
                items = [u for u in units_of(unit.chunk, analyze) if not u.is_row]
                hints.setdefault(n, []).extend(step_spans(unit.chunk, items))
            elif not unit.is_row and (window := sentence_window(unit.chunk, text, analyze)):
                hints.setdefault(n, []).append(window)
            lines.append(f"{text} [{n}]")
    if not lines:
        return Proposal(text="")
    if intent.language == "en":
        lines.insert(0, "From the documents (quoted in Dutch):")
    return Proposal(text="\n".join(lines), shown=dict(shown.chunks), units=quoted, hints=hints)


def closest(
    hits: Sequence[tuple[Chunk, float]], intent: QuestionIntent, analyze: Analyze, n: int = 3
) -> Proposal:
    """The closest passages for a no-answer: each one's unit that covers most of the focus."""
    shown = Shown()
    lines = []
    for chunk, _ in hits[:n]:
        units = units_of(chunk, analyze)
        if not units:
            continue
        unit = max(units, key=lambda u: anchor(intent.focus, u, 1.0))
        lines.append(f"{unit.text} [{shown.number(chunk)}]")
    return Proposal(text="\n".join(lines), shown=dict(shown.chunks))
