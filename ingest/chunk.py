"""Structure-aware chunking: blocks are packed into chunks that never cross a heading or a sub-document.

Every chunk carries its heading path, its line range in the source file and the metadata of the
(sub-)document it falls in. Tables and lists stay whole (split only when huge, with the table's
caption and header repeated); prose is packed up to a target size at paragraph or sentence bounds.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass

from ingest.blocks import _LIST_ITEM as LIST_MARKER
from ingest.blocks import Block, normalise_title, page_units, toc_titles
from ingest.grouping import Layout, build_blocks
from ingest.models import Chunk, DocumentMeta, LoadedDocument, Page
from ingest.noise import ocr_noise, page_number

CHUNKER_VERSION = "structure-v1"
TARGET_CHARS = 900  # prose chunks are packed up to about this size
MAX_CHARS = 2400  # tables and lists are split beyond this, repeating their header
_CONJUNCTION = re.compile(r"^(en|of|tot|noch)\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9‘'“(])")


def part_for_line(parts: list[DocumentMeta], line: int) -> DocumentMeta:
    """The (sub-)document a source line belongs to: the last part starting at or before it."""
    chosen = parts[0]
    for part in parts:
        if part.from_line <= line:
            chosen = part
    return chosen


def clean_text(text: str) -> str:
    """Markup out, words kept: emphasis, footnote markers, HTML bold, escaped characters, dead links."""
    text = re.sub(r"<sup>(\d+)</sup>", "", text)
    text = re.sub(r"</?(?:sup|b|i|u|br)\s*/?>", "", text)
    text = re.sub(r"\[([^\]]+)\]\((?:#|[^)]*)\)", r"\1", text)
    text = re.sub(r"\*\*(.+?)\*\*", r"\1", text)
    text = re.sub(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])", r"\1", text)
    text = text.replace("\\_", "_").replace("\\&", "&").replace("\\", "")
    text = re.sub(r"^#{1,6}\s+", "", text)
    return re.sub(r"[ \u00a0]+", " ", text).strip()


def block_text(block: Block) -> str:
    """Readable text of a block: wrapped lines joined, table rows one per line with cells marked."""
    lines = block.raw_lines()
    if block.kind == "table":
        rows = [clean_text(line.replace("\t", " | ")).strip(" |") for line in lines]
        return "\n".join(r for r in rows if r)
    if block.kind == "list":
        items: list[str] = []
        for index, line in enumerate(lines):
            text = clean_text(line)
            if index == 0 or LIST_MARKER.match(line) or items[-1].endswith(":"):
                items.append(text)
            else:
                items[-1] = f"{items[-1]} {text}"  # the wrapped tail of the item above
        return "\n".join(i for i in items if i)
    joined = ""
    for line in lines:
        line = clean_text(line)
        if (
            joined.endswith("-")
            and not joined.endswith(" -")
            and line[:1].islower()
            and not _CONJUNCTION.match(line)
        ):
            joined += line  # "WW-" + "uitkeringen": a hyphenated compound cut by the wrap
            # ("werkgevers-" + "en werknemers..." is a suspended hyphen and keeps its space)
        else:
            joined = f"{joined} {line}" if joined else line
    return joined


@dataclass(slots=True)
class _Piece:
    text: str
    kind: str
    line_start: int
    line_end: int
    head: int = 0  # lines repeated at the top of each part when the piece is split (a table's header)


@dataclass(slots=True)
class _Section:
    path: list[str]
    part: DocumentMeta
    page: int | None
    pieces: list[_Piece]


def chunk_document(doc: LoadedDocument, parts: list[DocumentMeta], source_path: str) -> list[Chunk]:
    """Split a loaded document into chunks; `parts[0]` is the document itself, the rest its sub-documents."""
    all_units = [u for p in doc.pages for u in page_units(p.lines, p.first_line)]
    toc = toc_titles(all_units)
    sections: list[_Section] = []
    stack: list[tuple[int, str]] = []  # the heading path carries over page breaks
    bare: list[_Bare] = []  # the last heading while no text has followed it yet
    for page in doc.pages:
        page_map = _page_numbers(page.lines, page.first_line) if page.page is None else {}
        layout = _layout(page)
        for lines, first_line in _split_at_parts(page.lines, page.first_line, parts):
            blocks = build_blocks(page_units(lines, first_line), toc, layout)
            _sectionise(blocks, parts, page.page, page_map, sections, stack, bare)
    _flush_bare(bare, None, sections)
    chunks: list[Chunk] = []
    line_numbers = all(p.line_numbers for p in doc.pages)
    for section in sections:
        for piece_group in _pack(section.pieces):
            chunks.append(_make_chunk(section, piece_group, parts[0].id, source_path, line_numbers))
    return chunks


def _layout(page: Page) -> Layout | None:
    """The loader's structure of a page keyed by source line number, or None for plain text."""
    if page.headings is None:
        return None
    at = page.first_line
    return Layout(
        headings={at + offset: level for offset, level in page.headings.items()},
        table_rows=frozenset(at + offset for offset in page.table_rows),
        table_heads=frozenset(at + offset for offset in page.table_heads),
        one_line_paragraphs=page.one_line_paragraphs,
    )


def _split_at_parts(
    lines: list[str], first_line: int, parts: list[DocumentMeta]
) -> list[tuple[list[str], int]]:
    """Cut a page where a sub-document starts, so no block (and no chunk) spans two of them."""
    cuts = sorted({p.from_line for p in parts if first_line < p.from_line < first_line + len(lines)})
    segments, start = [], first_line
    for cut in [*cuts, first_line + len(lines)]:
        segments.append((lines[start - first_line : cut - first_line], start))
        start = cut
    return [(seg, at) for seg, at in segments if seg]


def _page_numbers(lines: list[str], first_line: int) -> dict[int, int]:
    """Source line -> page, where a text file marks pages with page-number lines (between markers only)."""
    markers = [(first_line + i, n) for i, line in enumerate(lines) if (n := page_number(line)) is not None]
    pages: dict[int, int] = {}
    for (line, number), (next_line, next_number) in itertools.pairwise(markers):
        if next_number == number + 1:
            for no in range(line, next_line):
                pages[no] = number
    return pages


@dataclass(slots=True)
class _Bare:
    """A heading no text has followed yet: if the next heading is its sibling (or the document ends),
    its words would reach no chunk, so it becomes a line of text in its parent section."""

    level: int
    path: list[str]
    part: DocumentMeta
    page: int | None
    piece: _Piece


def _flush_bare(bare: list[_Bare], next_level: int | None, sections: list[_Section]) -> None:
    if bare and (next_level is None or next_level <= bare[0].level):
        b = bare[0]
        sections.append(_Section(b.path, b.part, b.page, [b.piece]))
    bare.clear()


def _sectionise(
    blocks: list[Block],
    parts: list[DocumentMeta],
    pdf_page: int | None,
    page_map: dict[int, int],
    sections: list[_Section],
    stack: list[tuple[int, str]],
    bare: list[_Bare],
) -> None:
    current: _Section | None = None
    for block in blocks:
        part = part_for_line(parts, block.line_start)
        page = pdf_page if pdf_page is not None else page_map.get(block.line_start)
        if current is not None and part.id != current.part.id:
            stack.clear()  # a sub-document starts its own heading path
        if block.kind == "heading":
            title = clean_text(block.units[0].text)
            _flush_bare(bare, block.level, sections)
            stack[:] = [(lvl, t) for lvl, t in stack if lvl < block.level]
            piece = _Piece(title, "prose", block.line_start, block.line_end)
            bare.append(_Bare(block.level, [t for _, t in stack], part, page, piece))
            stack.append((block.level, title))
            current = None
            continue
        bare.clear()
        path = [t for _, t in stack]
        if current is None or current.path != path or current.part.id != part.id or current.page != page:
            current = _Section(path, part, page, [])
            sections.append(current)
        text = block_text(block)
        if text:
            current.pieces.append(_Piece(text, block.kind, block.line_start, block.line_end, _head(block)))


def _head(block: Block) -> int:
    """Lines to repeat when a block is split: a grid table's header; two lines (caption, header) of a
    table read from text; nothing for a list, whose lines each stand once."""
    if block.kind != "table":
        return 0
    return 2 if block.head_rows is None else block.head_rows


def _pack(pieces: list[_Piece]) -> list[list[_Piece]]:
    """Group a section's pieces into chunks of about TARGET_CHARS; big tables/lists alone, split if huge."""
    groups: list[list[_Piece]] = []
    current: list[_Piece] = []
    size = 0
    for piece in _split_long(pieces):
        whole = piece.kind in ("table", "list")
        if current and (size + len(piece.text) > TARGET_CHARS or whole or current[-1].kind in ("table",)):
            groups.append(current)
            current, size = [], 0
        current.append(piece)
        size += len(piece.text)
    if current:
        groups.append(current)
    return groups


def _split_long(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    for piece in pieces:
        if len(piece.text) <= (MAX_CHARS if piece.kind in ("table", "list") else TARGET_CHARS * 1.6):
            out.append(piece)
        elif piece.kind in ("table", "list"):
            out.extend(_split_rows(piece))
        else:
            out.extend(_split_sentences(piece))
    return out


def _split_rows(piece: _Piece) -> list[_Piece]:
    """Split a huge table or list at row bounds; a table repeats its header lines in every part."""
    rows = piece.text.split("\n")
    head = rows[: piece.head]
    body = [part for row in rows[piece.head :] for part in split_on_spaces(row, MAX_CHARS)]
    out, current = [], list(head)
    for row in body:
        if sum(len(r) for r in current) + len(row) > MAX_CHARS and len(current) > len(head):
            out.append(_Piece("\n".join(current), piece.kind, piece.line_start, piece.line_end))
            current = list(head)
        current.append(row)
    out.append(_Piece("\n".join(current), piece.kind, piece.line_start, piece.line_end))
    return out


def _split_sentences(piece: _Piece) -> list[_Piece]:
    out, current = [], ""
    sentences = (part for s in _SENTENCE_SPLIT.split(piece.text) for part in split_on_spaces(s, TARGET_CHARS))
    for sentence in sentences:
        if current and len(current) + len(sentence) > TARGET_CHARS:
            out.append(_Piece(current, piece.kind, piece.line_start, piece.line_end))
            current = ""
        current = f"{current} {sentence}".strip()
    if current:
        out.append(_Piece(current, piece.kind, piece.line_start, piece.line_end))
    return out


def split_on_spaces(text: str, limit: int) -> list[str]:
    """Text cut at spaces into parts of at most `limit` characters (a word longer than that is cut).

    One pass over the text: a 5 MiB line without a sentence end costs time and memory linear in its size.
    """
    if len(text) <= limit:
        return [text]
    parts: list[str] = []
    start, n = 0, len(text)
    while start < n:
        end = min(start + limit, n)
        if end < n:
            cut = text.rfind(" ", start + 1, end + 1)
            end = cut if cut > start else end
        part = text[start:end].strip()
        if part:
            parts.append(part)
        start = end
    return parts


def _make_chunk(
    section: _Section, pieces: list[_Piece], parent_id: str, source_path: str, line_numbers: bool
) -> Chunk:
    text = "\n".join(p.text for p in pieces)
    meta = section.part
    line_start, line_end = pieces[0].line_start, max(p.line_end for p in pieces)
    kinds = {p.kind for p in pieces}
    chunk_type = "table" if "table" in kinds else "list" if kinds == {"list"} else "prose"
    digest = hashlib.sha256(f"{meta.id}|{line_start}|{line_end}|{text}".encode()).hexdigest()[:20]
    return Chunk(
        chunk_id=digest,
        document_id=meta.id,
        parent_document_id=parent_id,
        title=meta.title,
        doc_type=meta.doc_type,
        date=meta.date,
        date_precision=meta.date_precision,
        status=meta.status,
        kenmerk=meta.kenmerk,
        section=" > ".join(section.path),
        page=section.page,
        source_path=source_path,
        line_start=line_start if line_numbers else None,
        line_end=line_end if line_numbers else None,
        chunk_type=chunk_type,
        text=text,
        ocr_noise=ocr_noise(text),
    )


__all__ = ["CHUNKER_VERSION", "chunk_document", "clean_text", "normalise_title", "part_for_line"]
