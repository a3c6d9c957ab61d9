"""Turn the raw lines of a page into structural blocks: headings, paragraphs, tables, lists, footnotes.

Pure functions over text. Three layouts occur in the corpus and are handled by the same rules:
Markdown exports (headings with #, tab-separated tables, one paragraph per line), hard-wrapped
OCR text, and PDF text where every line is followed by an empty line ("interleaved").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.noise import noise_flags

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_FOOTNOTE = re.compile(r"^\s*<sup>\d+</sup>")
_LIST_ITEM = re.compile(r"^\s*(?:[-•▪●–]\s*|\d{1,2}[.)]\s+|[a-z][.)]\s+)\S")
_NUMBERED_HEADING = re.compile(r"^\s*\d+(?:\.\d+)*\.?\s+[A-Z‘'“]")
_TOC_ENTRY = re.compile(r"^\s*((?:\d+\.\s+|Bijlage \d+:?\s+).+?)\s+\d{1,3}\s*$")
_EMPHASIS_ONLY = re.compile(r"^\s*(?:[a-p]\)\s*)?(\*{1,2})[^*]+\1\s*$")
_NUMERIC_TOKEN = re.compile(r"^[€¢]?[<>]?-?\d[\d.,]*%?\*?[|(]?$|^[-€]$")
_SENTENCE_END = re.compile(r"[.!?:;)\"”’']\s*$")
_FORM_LABELS = (
    "Beschrijving",
    "Voor welke doelgroep",
    "Wat willen we bereiken",
    "Wat gaan we daarvoor doen",
    "Financiering",
    "Uitvoering door",
)


@dataclass(slots=True)
class Unit:
    """A non-blank source line with the number of blank (or noise) lines before it."""

    no: int
    raw: str
    gap: int

    @property
    def text(self) -> str:
        return self.raw.strip()


@dataclass(slots=True)
class Block:
    """A structural piece of a page. `level` is set for headings (1 = top)."""

    kind: str  # heading | paragraph | table | list | footnote
    units: list[Unit] = field(default_factory=list)
    level: int = 0
    head_rows: int | None = None  # tables from a PDF/Word grid: their header lines (None: guess)

    @property
    def line_start(self) -> int:
        return self.units[0].no

    @property
    def line_end(self) -> int:
        return self.units[-1].no

    def raw_lines(self) -> list[str]:
        return [u.text for u in self.units]


def page_units(lines: list[str], first_line: int) -> list[Unit]:
    """Non-noise lines with their source line number and the blank gap before them."""
    units: list[Unit] = []
    gap = 0
    for offset, (line, noisy) in enumerate(zip(lines, noise_flags(lines), strict=True)):
        if noisy:
            gap += 1
            continue
        units.append(Unit(first_line + offset, line.rstrip("\n"), gap))
        gap = 0
    return units


def is_interleaved(units: list[Unit]) -> bool:
    """PDF text where (nearly) every line is followed by an empty line."""
    if len(units) < 20:
        return False
    single_gaps = sum(1 for u in units[1:] if u.gap == 1)
    return single_gaps > 0.6 * (len(units) - 1)


def is_markdown(units: list[Unit]) -> bool:
    return any(_MD_HEADING.match(u.raw) for u in units)


def toc_titles(units: list[Unit]) -> set[str]:
    """Titles listed in a table of contents ("3. Profiel van werkzoekenden 6"), normalised."""
    titles = set()
    for unit in units[: max(60, len(units) // 6)]:
        match = _TOC_ENTRY.match(unit.text)
        if match and "\t" not in unit.raw:
            titles.add(normalise_title(match.group(1)))
    return titles


def normalise_title(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def is_numeric_row(text: str) -> bool:
    """A flattened table row: mostly numbers, not a sentence."""
    tokens = text.replace("|", " | ").split()
    if len(tokens) < 2 or text.rstrip().endswith("."):
        return False
    numeric = sum(1 for t in tokens if _NUMERIC_TOKEN.match(t))
    return numeric >= 2 and numeric >= 0.35 * len(tokens)


def classify(unit: Unit, markdown: bool) -> str:
    raw = unit.raw
    if markdown and _MD_HEADING.match(raw):
        return "md_heading"
    if _FOOTNOTE.match(raw):
        return "footnote"
    if "\t" in raw.strip("\t ") or (markdown and raw.count("\t") >= 1 and len(raw.strip()) > 0):
        return "tab_row"
    if raw.count("|") >= 2:
        return "pipe_row"
    if _LIST_ITEM.match(raw):
        return "list_item"
    if is_numeric_row(unit.text):
        return "numeric_row"
    return "text"


def heading_level(text: str, toc: set[str]) -> int:
    norm = normalise_title(text)
    if norm in toc or re.match(r"^bijlage \d", norm):
        return 1
    if re.match(r"^actielijn \d", norm):
        return 2
    if _NUMBERED_HEADING.match(text):
        return 3
    return 4


def looks_like_heading(units: list[Unit], i: int, wrapped: bool, toc: set[str] | None = None) -> bool:
    """A short stand-alone line that starts a section in plain (non-Markdown) text."""
    text = units[i].text
    words = text.split()
    if not words or len(text) > 70 or len(words) > 10 or text[-1] in ".,;:":
        return False
    if toc and normalise_title(text) in toc:
        return True  # the document's own table of contents names it
    if not (text[0].isupper() or text[0].isdigit() or text[0] in "‘'“"):
        return False
    if text.startswith(_FORM_LABELS) or is_numeric_row(text) or _TOC_ENTRY.match(text):
        return False  # form labels, table rows and table-of-contents entries are not sections
    previous = units[i - 1] if i > 0 else None
    hard_break = units[i].gap >= (2 if wrapped else 1)
    if (
        previous is not None
        and not hard_break
        and not _SENTENCE_END.search(previous.text)
        and not is_numeric_row(previous.text)
    ):
        return False  # the tail of a wrapped sentence, not a heading
    nxt = units[i + 1] if i + 1 < len(units) else None
    return nxt is None or not (nxt.text[:1].islower() or nxt.text[:1] in "(,")
