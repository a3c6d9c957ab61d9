"""One verification for both modes: every [n] supports its sentence, every number comes from a source.

An answer proposal (from the extractive composer or from the model) is text citing numbered
passages as [n]. Per sentence, each [n] must have been shown and one sentence of passage n must
support it: it holds most of the sentence's content words and its numbers. The supporting sentence
is located verbatim in the source file and becomes the citation's quote. A marker that was never
shown, or that supports nothing, is removed and the sentence reported unsupported. Markers are
renumbered per sentence in order of first use. Every number the text states, in digits or in
words, must stand in a tool result or a cited quote; the others are reported and flagged in the text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.answer.evidence import Analyze, strip_glued_label
from assistant.answer.models import Citation
from assistant.answer.numbers import numbers_in
from assistant.answer.quotes import collapse, locate_quote, split_sentences
from ingest.models import Chunk

# Share of an answer sentence's content words a quote must hold to support it (a fitted parameter:
# "GEHACKT [1]" shares nothing with any passage, a paraphrase shares most of its words).
SUPPORT_MIN = 0.5
_MARK = re.compile(r"\s*\[(\d{1,3})\]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s+")  # a list item's bullet or number, not its text


@dataclass(slots=True)
class Draft:
    """Citations numbered in order of first use; the same quote of the same passage keeps its number."""

    citations: list[Citation] = field(default_factory=list)

    def cite(self, chunk: Chunk, quote: str, line_start: int | None, line_end: int | None) -> int:
        for c in self.citations:
            if c.chunk_id == chunk.chunk_id and c.quote == quote:
                return c.n
        n = len(self.citations) + 1
        self.citations.append(
            Citation(
                n=n,
                chunk_id=chunk.chunk_id,
                document_id=chunk.document_id,
                title=chunk.title,
                date=chunk.date,
                date_precision=chunk.date_precision,
                status=chunk.status,
                section=chunk.section,
                page=chunk.page,
                source_path=chunk.source_path,
                line_start=line_start,
                line_end=line_end,
                quote=quote,
                text=chunk.text,
            )
        )
        return n


@dataclass(slots=True)
class Verified:
    text: str
    citations: list[Citation]
    unsupported: list[str]
    supported_sentences: int  # sentences with at least one verified citation
    loose_numbers: list[str]  # numbers in no tool result and no cited quote


def _content(text: str, analyze: Analyze) -> set[str]:
    return {t for t in analyze(text) if not t.isdigit()}


def support(sentence: str, quote: str, analyze: Analyze) -> float:
    """How well a quote supports an answer sentence: the share of the sentence's content words and
    numbers that the quote holds (a sentence of only numbers is judged by its numbers)."""
    words, numbers = _content(sentence, analyze), numbers_in(sentence)
    have_words, have_numbers = set(analyze(quote)), numbers_in(quote)
    total = len(words) + len(numbers)
    if not total:
        return 0.0
    got = sum(
        1 for w in words if w in have_words or any(len(w) >= 5 and h.startswith(w[:5]) for h in have_words)
    )
    got += len(numbers & have_numbers)
    return got / total


def best_quote(
    sentence: str,
    chunk: Chunk,
    source: str,
    analyze: Analyze,
    tool_numbers: set[str],
    hints: Sequence[str] = (),
) -> tuple[float, str, int, int] | None:
    """The passage sentence that best supports `sentence`, located verbatim: (support, quote, lines).

    A hint that holds the sentence (the stretch of a procedure, list or paragraph it belongs to) is
    tried first; then a sentence that itself stands in the passage (an extractive quote) is its own
    support; then the other hints (the table a figure was read from) before the other sentences.
    """
    numbers = numbers_in(sentence)
    # A hint that holds the sentence (the stretch of a procedure it is a step of) is its quote.
    holding = [h for h in hints if collapse(sentence) and collapse(sentence) in collapse(h)]
    for candidate in (*holding, sentence, *hints):
        verbatim = len(collapse(candidate)) >= 12 and collapse(candidate) in collapse(chunk.text)
        backs = (
            candidate is sentence
            or numbers & numbers_in(candidate)
            or support(sentence, candidate, analyze) >= SUPPORT_MIN
        )
        if verbatim and backs:
            located = locate_quote(candidate, source, chunk.line_start, chunk.line_end)
            if located is not None:
                return 1.0, located.quote, located.line_start, located.line_end
    scored = []
    for candidate in split_sentences(chunk.text):
        candidate = strip_glued_label(candidate)
        score = support(sentence, candidate, analyze)
        # A figure sentence computed by a tool is backed by the tool; its quote is the row it read.
        if numbers and numbers <= tool_numbers | numbers_in(candidate) and numbers & numbers_in(candidate):
            score = max(score, SUPPORT_MIN)
        scored.append((score, candidate))
    for score, candidate in sorted(scored, key=lambda sc: -sc[0])[:3]:
        if score < SUPPORT_MIN:
            break
        located = locate_quote(candidate, source, chunk.line_start, chunk.line_end)
        if located is not None:
            return score, located.quote, located.line_start, located.line_end
    return None


def verify(
    text: str,
    shown: Mapping[int, Chunk],
    source_text: Callable[[str], str],
    analyze: Analyze,
    tool_numbers: set[str],
    draft: Draft | None = None,
    hints: Mapping[int, Sequence[str]] | None = None,
    drop_unsupported: bool = False,
) -> Verified:
    """Verify a proposal's citations and numbers; see the module docstring. `drop_unsupported`: an
    extractive proposal is made of quotes, so a quote that cannot be located in its source is left
    out of the text (and reported), never shown as if the source said it."""
    draft = draft or Draft()
    unsupported: list[str] = []
    supported = 0
    lines_out = []
    for line in text.split("\n"):
        pieces = []
        for sentence in _claims(line, shown) if line.strip() else []:
            verified_sentence, ok = _verify_sentence(
                sentence, shown, source_text, analyze, tool_numbers, draft, hints or {}
            )
            supported += ok
            if not ok and _MARK.search(sentence):
                unsupported.append(_MARK.sub("", sentence).strip())
                if drop_unsupported:
                    continue
            pieces.append(verified_sentence)
        if pieces or not (drop_unsupported and _MARK.search(line)):
            lines_out.append(" ".join(pieces) if pieces else line)
    out = "\n".join(lines_out).strip()
    known = set(tool_numbers).union(*(numbers_in(c.quote) for c in draft.citations))
    shown_numbers = numbers_in(_MARK.sub(" ", strip_list_marks(out)))
    loose = sorted(shown_numbers - known)
    return Verified(out, draft.citations, unsupported, supported, loose)


def _verify_sentence(
    sentence: str,
    shown: Mapping[int, Chunk],
    source_text: Callable[[str], str],
    analyze: Analyze,
    tool_numbers: set[str],
    draft: Draft,
    hints: Mapping[int, Sequence[str]],
) -> tuple[str, bool]:
    claim = _MARK.sub("", sentence).strip()
    new_numbers: list[int] = []
    for n in dict.fromkeys(int(m) for m in _MARK.findall(sentence)):
        chunk = shown.get(n)
        if chunk is None:
            continue  # never shown to the reader: removed
        found = best_quote(
            strip_list_marks(claim),
            chunk,
            source_text(chunk.source_path),
            analyze,
            tool_numbers,
            hints.get(n, ()),
        )
        if found is None:
            continue  # supports nothing: removed
        _, quote, start, end = found
        new = draft.cite(chunk, quote, start, end)
        if new not in new_numbers:
            new_numbers.append(new)
    if not new_numbers:
        return claim, False
    marks = "".join(f"[{n}]" for n in new_numbers)
    stop = re.search(r"[.!?:;]$", claim)
    body = claim[:-1] if stop else claim
    return f"{body} {marks}{stop.group(0) if stop else ''}", True


def _claims(line: str, shown: Mapping[int, Chunk]) -> list[str]:
    """The claims of a line, each with the markers that cite it: its sentences, except that
    sentences quoted together (a passage's consecutive sentences ending in one [n]) stay one claim."""
    out: list[str] = []
    pending: list[str] = []
    for sentence in split_sentences(line):
        pending.append(sentence)
        marks = [int(m) for m in _MARK.findall(sentence)]
        if not marks:
            continue
        together = _MARK.sub("", " ".join(pending)).strip()
        if len(pending) > 1 and any(
            n in shown and collapse(strip_list_marks(together)) in collapse(shown[n].text) for n in marks
        ):
            out.append(" ".join(pending))
        else:
            out.extend(pending)
        pending = []
    return out + pending


def strip_list_marks(text: str) -> str:
    """The text without the list bullets or item numbers its lines start with."""
    return "\n".join(_LIST_MARK.sub("", line) for line in text.split("\n"))
