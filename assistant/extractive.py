"""Extractive answers: the best supporting sentences and list items of the top passages, each cited.

No generation: every sentence of the answer body is a verified quote from a source document, and
the frame around it ("Volgens ... (datum):") is built from metadata only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.citations import locate_quote, split_sentences
from ingest.lexical import DUTCH_MONTHS, analyze
from ingest.models import Chunk

_PROCEDURE = re.compile(
    r"\b(hoe (werkt|loopt|ziet|gaat|verloopt|helpt)|welke (stappen|aanpak)|aanpak|procedure|proces|"
    r"stappen|wat moet er|how (does|do)|steps|process)\b",
    re.I,
)
_MONTHS = DUTCH_MONTHS


@dataclass(frozen=True, slots=True)
class Evidence:
    chunk: Chunk
    sentences: list[str]  # in document order
    score: float


def nl_date(date: str) -> str:
    """'2024-03-15' -> '15 maart 2024'; partial dates stay as far as they are known."""
    parts = date.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2])} {_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return date


def is_procedure(question: str) -> bool:
    return _PROCEDURE.search(question) is not None


def query_terms(question: str) -> set[str]:
    return set(analyze(question))


def sentence_score(sentence: str, terms: set[str], idf: Callable[[str], float]) -> float:
    words = set(analyze(sentence))
    if not words:
        return 0.0
    overlap = sum(idf(t) for t in terms & words)
    return overlap / math.sqrt(len(words) + 4)


def select_evidence(
    question: str,
    hits: Sequence[tuple[Chunk, float]],
    idf: Callable[[str], float],
    max_passages: int = 3,
) -> list[Evidence]:
    """Pick sentences from the strongest passages; procedures keep their steps in order."""
    terms = query_terms(question)
    procedure = is_procedure(question)
    out: list[Evidence] = []
    best_overall = 0.0
    for rank, (chunk, score) in enumerate(hits[: max_passages + 2]):
        sentences = [s for s in split_sentences(chunk.text) if len(s) >= 20]
        if not sentences:
            continue
        scored = [(sentence_score(s, terms, idf), i, s) for i, s in enumerate(sentences)]
        top = max(scored)[0]
        best_overall = max(best_overall, top)
        if rank > 0 and top < 0.45 * best_overall:
            continue  # a passage that shares little with the question adds noise, not support
        if procedure and (chunk.chunk_type == "list" or len(sentences) <= 8) and rank == 0:
            chosen = [s for _, _, s in sorted(scored, key=lambda x: x[1])][:8]
        else:
            keep = 2 if rank == 0 else 1
            picked = sorted(scored, key=lambda x: -x[0])[:keep]
            chosen = [s for _, _, s in sorted(picked, key=lambda x: x[1])]
        out.append(Evidence(chunk, chosen, score))
        if len(out) >= max_passages:
            break
    return out


def quotes_for(evidence: Evidence, source: str) -> list[tuple[str, int | None, int | None]]:
    """Verified quotes (verbatim source spans) for the chosen sentences; unverifiable ones dropped."""
    chunk = evidence.chunk
    out: list[tuple[str, int | None, int | None]] = []
    for sentence in evidence.sentences:
        located = locate_quote(sentence, source, chunk.line_start, chunk.line_end)
        if located is not None:
            out.append((located.quote, located.line_start, located.line_end))
    return out
