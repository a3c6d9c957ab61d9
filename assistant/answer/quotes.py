"""Quotes that stand verbatim in the source: locate a candidate sentence in the original file text.

Chunk text is cleaned (markup removed, wrapped lines joined), so a sentence taken from a chunk is
looked up in the raw source with a pattern that skips whitespace and the markup the cleaner
removed. What is returned is the raw source span itself (with its whitespace collapsed), so a
reader finds it with Ctrl-F in the original and a checker finds it after collapsing whitespace.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_SENTENCE = re.compile(r"(?<=[.!?])[\"”’')]*\s+(?=[A-Z0-9‘'“(€])")
_ENUMERATOR = re.compile(r"^(\(?\d{1,2}[.)]|[a-z][.)])$")
MIN_QUOTE_CHARS = 20  # shorter quotes are too weak to verify (the scorer rejects under 12)
MAX_QUOTE_CHARS = 400


@dataclass(frozen=True, slots=True)
class LocatedQuote:
    quote: str  # the verbatim source span, whitespace collapsed to single spaces
    line_start: int
    line_end: int


def collapse(text: str) -> str:
    """The text with all whitespace removed: the comparison key for 'stands verbatim'."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def split_sentences(text: str) -> list[str]:
    """Sentences and list items of a chunk text (lines stay separate: table rows, list items)."""
    out: list[str] = []
    for line in text.split("\n"):
        pieces = [s.strip() for s in _SENTENCE.split(line) if s.strip()]
        for piece in pieces:
            if out and _ENUMERATOR.match(out[-1]) and line.startswith(out[-1]):
                out[-1] = f"{out[-1]} {piece}"  # "2." + "Nog een stap.": a numbered item, not two sentences
            else:
                out.append(piece)
    return out


_MARKUP = re.compile(r"<sup>\d+</sup>|</?b>|</?sup>|\]\([^)\s]*\)|[*\\|\[]|\s+")


@lru_cache(maxsize=32)
def _index(source: str) -> tuple[str, tuple[int, ...]]:
    """The source without whitespace and markup, with each kept character's offset in the source."""
    kept: list[str] = []
    offsets: list[int] = []
    position = 0
    for match in _MARKUP.finditer(source):
        for i in range(position, match.start()):
            kept.append(source[i])
            offsets.append(i)
        position = match.end()
    for i in range(position, len(source)):
        kept.append(source[i])
        offsets.append(i)
    return "".join(kept), tuple(offsets)


def _key(text: str) -> str:
    return _MARKUP.sub("", text)


def match_key(text: str) -> str:
    """The comparison key of a quote against chunk text: whitespace and the markup the chunker
    keeps or drops (table pipes, bold, footnote marks) removed."""
    return _key(unicodedata.normalize("NFKC", text))


def locate_quote(
    candidate: str, source: str, line_start: int | None = None, line_end: int | None = None
) -> LocatedQuote | None:
    """Find `candidate` in the source (preferring the given line range); None when it is not there."""
    candidate = candidate.strip()
    if len(candidate) < MIN_QUOTE_CHARS:
        return None
    if len(candidate) > MAX_QUOTE_CHARS:
        candidate = _trim(candidate)
    key = _key(candidate)
    if not key:
        return None
    flat, offsets = _index(source)
    begin = 0
    if line_start is not None:
        line_offset = _line_offset(source, line_start)
        begin = bisect.bisect_left(offsets, line_offset)
    found = flat.find(key, begin)
    if found < 0:
        found = flat.find(key)
    if found < 0:
        return None
    start, end = offsets[found], offsets[found + len(key) - 1] + 1
    raw = source[start:end]
    first = source.count("\n", 0, start) + 1
    return LocatedQuote(" ".join(raw.split()), first, first + raw.count("\n"))


def span_of(text: str, first: str, last: str) -> str | None:
    """The stretch of `text` from where `first` starts to where `last` ends (both matched ignoring
    whitespace and markup, `last` after `first`), whitespace collapsed; None when either is absent."""
    flat, offsets = _index(text)
    head, tail = _key(first), _key(last)
    start = flat.find(head) if head else -1
    end = flat.find(tail, start) if start >= 0 and tail else -1
    if end < 0:
        return None
    raw = text[offsets[start] : offsets[end + len(tail) - 1] + 1]
    return " ".join(raw.split())


def _line_offset(source: str, line: int) -> int:
    offset = 0
    for _ in range(max(0, line - 1)):
        offset = source.find("\n", offset) + 1
        if offset == 0:
            return 0
    return offset


def _trim(candidate: str) -> str:
    """Cut an over-long quote at a word bound; the rest stays readable in the cited passage."""
    cut = candidate[:MAX_QUOTE_CHARS]
    return cut[: cut.rfind(" ")] if " " in cut else cut


def stands_in(quote: str, source: str) -> bool:
    """True when the quote stands verbatim in the source, ignoring only whitespace."""
    key = collapse(quote)
    return len(key) >= 12 and key in collapse(source)
