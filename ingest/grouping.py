"""Group classified lines into blocks: tables whole, lists whole, wrapped lines re-joined."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.blocks import (
    _FORM_LABELS,
    _LIST_ITEM,
    _MD_HEADING,
    _SENTENCE_END,
    Block,
    Unit,
    classify,
    heading_level,
    is_interleaved,
    is_markdown,
    is_numeric_row,
    looks_like_heading,
)

_EMPHASIS_HEADING = re.compile(r"^\s*(?:[a-p]\)\s*)?(\*{1,2})([^*]+)\1\s*$|^\s*[a-p]\)\s+\*[^*]+\*\s*$")
_BRON = re.compile(r"^\s*(Bron|Bronnen)\s*:", re.IGNORECASE)
_CAPTION_MAX = 140
_LETTERED = 5
_WRAP_SHORT = 0.6  # a wrapped line shorter than this share of the page width ends its paragraph


@dataclass(frozen=True, slots=True)
class Layout:
    """What a structure-aware loader (PDF fonts and grids, Word styles) knows of a page, by line number.

    With a layout, headings and tables come only from it: no text rule guesses them, so a running
    header, a page number or a bold-less short line never becomes a section or a table row.
    """

    headings: dict[int, int]  # line number -> heading level
    table_rows: frozenset[int]
    table_heads: frozenset[int]
    one_line_paragraphs: bool  # Word: each line is a whole paragraph


def build_blocks(units: list[Unit], toc: set[str], layout: Layout | None = None) -> list[Block]:
    """The blocks of one page, in reading order."""
    if layout is not None:
        return _join_split_sentences(_structured_blocks(units, layout))
    markdown = is_markdown(units)
    wrapped = is_interleaved(units) or not markdown
    kinds = [classify(u, markdown) for u in units]
    width = max((len(u.text) for u in units), default=100)
    blocks: list[Block] = []
    i = 0
    while i < len(units):
        kind = kinds[i]
        if kind in ("tab_row", "pipe_row", "numeric_row"):
            i = _take_table(units, kinds, i, blocks)
        elif markdown and _EMPHASIS_HEADING.match(units[i].raw) and len(units[i].text) < 160:
            # "c) *Bijstandsbestand ...*": a lettered theme title set in italics instead of a heading
            level = _LETTERED if re.match(r"^\s*[a-p]\)", units[i].raw) else _LETTERED + 1
            blocks.append(Block("heading", [units[i]], level=level))
            i += 1
        elif kind == "list_item" and not (markdown or not _numbered_heading(units, kinds, i, wrapped, toc)):
            level = heading_level(units[i].text, toc)
            blocks.append(Block("heading", [units[i]], level=level))
            i += 1
        elif kind == "list_item":
            i = _take_list(units, kinds, i, blocks, markdown, toc)
        elif kind == "footnote":
            blocks.append(Block("footnote", [units[i]]))
            i += 1
        elif kind == "md_heading":
            level = _markdown_level(units[i].raw)
            blocks.append(Block("heading", [units[i]], level=level))
            i += 1
        elif not markdown and looks_like_heading(units, i, wrapped, toc):
            blocks.append(Block("heading", [units[i]], level=heading_level(units[i].text, toc)))
            i += 1
        else:
            i = _take_paragraph(units, kinds, i, blocks, wrapped, width)
    return _join_split_sentences(blocks)


def _markdown_level(raw: str) -> int:
    """Section numbers ("3.2.1") say the depth better than the export's # count, which drifts."""
    match = _MD_HEADING.match(raw)
    if not match:
        return 4
    title = re.sub(r"[*_]", "", match.group(2)).strip()
    if re.match(r"^[a-p]\)", title):
        return _LETTERED  # lettered themes are siblings whatever their # count
    number = re.match(r"^(\d+(?:\.\d+)*)\.?\s", title)
    return len(number.group(1).split(".")) if number else len(match.group(1))


def _numbered_heading(units: list[Unit], kinds: list[str], i: int, wrapped: bool, toc: set[str]) -> bool:
    """A short numbered line ("1. Inleiding") that heads text rather than starting a list."""
    nxt = kinds[i + 1] if i + 1 < len(kinds) else None
    return nxt != "list_item" and looks_like_heading(units, i, wrapped, toc)


def _take_table(units: list[Unit], kinds: list[str], i: int, blocks: list[Block]) -> int:
    start_kind = kinds[i]
    rows = [units[i]]
    j = i + 1
    while j < len(units):
        kind, unit = kinds[j], units[j]
        if kind == start_kind or (start_kind != "tab_row" and kind in ("numeric_row", "pipe_row")):
            rows.append(unit)
        elif start_kind == "pipe_row" and kind == "text" and len(unit.text) < 40 and unit.gap == 0:
            rows.append(unit)  # a wrapped label cell of the row above
        elif kind == "text" and len(unit.text) < 30 and _row_follows(kinds, j):
            rows.append(unit)  # a header cell wrapped onto its own line ("status", "houders")
        elif unit.text.lower().startswith("totaal") and len(unit.text) < 60:
            rows.append(unit)  # an empty or garbled total row
        elif _BRON.match(unit.text) and unit.gap <= 4:
            rows.append(unit)
            j += 1
            break
        else:
            break
        j += 1
    caption = _caption_lines(units, kinds, i, blocks)
    blocks.append(Block("table", caption + rows))
    return j


def _row_follows(kinds: list[str], j: int) -> bool:
    return any(k in ("numeric_row", "pipe_row") for k in kinds[j + 1 : j + 4])


def _caption_lines(units: list[Unit], kinds: list[str], i: int, blocks: list[Block]) -> list[Unit]:
    """Short lines just above a table (caption, multi-line header) taken from the paragraph before."""
    taken: list[Unit] = []
    while blocks and blocks[-1].kind in ("paragraph", "heading") and len(taken) < 8:
        previous = blocks[-1]
        if previous.kind == "heading" and (previous.level < 4 or "\t" in units[i].raw):
            break  # a real section heading, not a caption
        while previous.units and len(taken) < 8:
            unit = previous.units[-1]
            if len(unit.text) > _CAPTION_MAX or unit.text.endswith((".", ":")):
                return taken
            taken.insert(0, previous.units.pop())
            if unit.gap >= 2 and previous.units:
                return taken
        if previous.units:
            break  # eight lines taken: the rest of the paragraph stays a paragraph (never dropped)
        blocks.pop()
        if previous.kind == "heading":
            break
    return taken


def _take_list(
    units: list[Unit], kinds: list[str], i: int, blocks: list[Block], markdown: bool, toc: set[str]
) -> int:
    items = [units[i]]
    j = i + 1
    while j < len(units):
        kind, unit = kinds[j], units[j]
        if kind == "list_item" and (unit.gap <= 2 or markdown):
            if unit.gap > 2 or (not markdown and _numbered_heading(units, kinds, j, True, toc)):
                break
            items.append(unit)
        elif kind == "text" and not markdown and unit.gap <= 1 and not unit.text.startswith(_FORM_LABELS):
            items.append(unit)  # wrapped continuation of the item above
        else:
            break
        j += 1
    lead = []
    if blocks and blocks[-1].kind == "paragraph" and blocks[-1].units[-1].text.rstrip().endswith(":"):
        lead = blocks.pop().units  # keep a list with the sentence that introduces it
    blocks.append(Block("list", lead + items))
    return j


def _take_paragraph(
    units: list[Unit], kinds: list[str], i: int, blocks: list[Block], wrapped: bool, width: int
) -> int:
    lines = [units[i]]
    j = i + 1
    if wrapped:
        while j < len(units) and kinds[j] == "text" and units[j].gap <= 1:
            previous = lines[-1].text
            ends = _SENTENCE_END.search(previous) is not None
            if ends and (len(previous) < _WRAP_SHORT * width or units[j].text.startswith(_FORM_LABELS)):
                break
            if looks_like_heading(units, j, wrapped=True):
                break
            lines.append(units[j])
            j += 1
    blocks.append(Block("paragraph", lines))
    return j


def _join_split_sentences(blocks: list[Block]) -> list[Block]:
    """Re-join a paragraph that a page break cut mid-sentence ("... zoals uit" / "figuur 1 blijkt")."""
    out: list[Block] = []
    for block in blocks:
        # footnotes printed at the page bottom may sit between the two halves
        previous = next((b for b in reversed(out) if b.kind != "footnote"), None)
        if (
            previous is not None
            and previous.kind == "paragraph"
            and block.kind == "paragraph"
            and not _SENTENCE_END.search(previous.units[-1].text)
            and block.units[0].text[:1].islower()
        ):
            previous.units.extend(block.units)
            continue
        out.append(block)
    return out


def _structured_blocks(units: list[Unit], layout: Layout) -> list[Block]:
    """Blocks of a page whose headings and tables the loader marked; lists and paragraphs by their lines."""
    blocks: list[Block] = []
    i = 0

    def kind_of(unit: Unit) -> str:
        if unit.no in layout.headings:
            return "heading"
        if unit.no in layout.table_rows:
            return "table"
        if _LIST_ITEM.match(unit.raw):
            return "list"
        if not layout.one_line_paragraphs and is_numeric_row(unit.text):
            return "numeric"  # a borderless table: rows of figures, kept together
        return "text"

    kinds = [kind_of(u) for u in units]
    for k in range(1, len(units)):
        previous = units[k - 1].text
        if kinds[k] == "list" and kinds[k - 1] == "text" and units[k].gap == 0 and not previous.endswith(":"):
            kinds[k] = "text"  # "in fase" / "71. Het ...": a wrapped sentence, not a numbered item
    for k, kind in enumerate(kinds):
        lone = (k == 0 or kinds[k - 1] != "numeric") and (k + 1 == len(kinds) or kinds[k + 1] != "numeric")
        if kind == "numeric" and lone:
            kinds[k] = "text"  # one line with figures ("Datum: 8 april 2024") is not a table
    while i < len(units):
        kind, unit = kinds[i], units[i]
        j = i + 1
        if kind == "heading":
            blocks.append(Block("heading", [unit], level=layout.headings[unit.no]))
        elif kind in ("table", "numeric"):
            while j < len(units) and kinds[j] == kind and units[j].gap == 0:
                j += 1
            heads = sum(1 for u in units[i:j] if u.no in layout.table_heads) if kind == "table" else None
            blocks.append(Block("table", units[i:j], head_rows=heads))
        elif kind == "list":
            # items, and (PDF) the wrapped lines of an item; a paragraph break or another kind ends it
            while (
                j < len(units)
                and units[j].gap <= 1
                and (
                    kinds[j] == "list"
                    or (kinds[j] == "text" and not layout.one_line_paragraphs and units[j].gap == 0)
                )
            ):
                j += 1
            lead: list[Unit] = []
            if blocks and blocks[-1].kind == "paragraph" and blocks[-1].units[-1].text.endswith(":"):
                lead = blocks.pop().units  # a list stays with the sentence that introduces it
            blocks.append(Block("list", lead + units[i:j]))
        elif layout.one_line_paragraphs:
            blocks.append(Block("paragraph", [unit]))
        else:
            while j < len(units) and kinds[j] == "text" and units[j].gap <= 1:
                j += 1
            blocks.append(Block("paragraph", units[i:j]))
        i = j
    return blocks
