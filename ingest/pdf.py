"""Read a PDF's text layer with pdfplumber: lines with their font, bordered tables as grids, and the
running headers and footers of the document found and kept out of the chunks.

pdfplumber was chosen over pypdf and pymupdf by measurement (README, "PDF extraction"): it keeps every
word, finds bordered tables with their cells (merged cells included) and gives each character's font,
which is what bold headings are recognised by. The full text, headers and footers included, is the
document's source text (document view, quote verification); the pages handed to the chunker leave out
the running headers, footers and page numbers.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.models import Page
from ingest.tables import GridCell, render_rows

# A page number on its own, in the forms letters and reports print it.
PAGE_NUMBER = re.compile(
    r"^\s*(?:(?:pagina|page|blz\.?|bladzijde|p\.)\s*\d{1,4}(?:\s*(?:van|of|/)\s*\d{1,4})?"
    r"|\d{1,4}\s*(?:van|of|/)\s*\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4})\s*$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2})*)\.?\s+\S")
_BAND = 0.12  # running headers and footers sit in the top or bottom 12% of the page
_EDGE_LINES = 2  # ... among the first or last two lines there
_HEADING_MAX_CHARS = 120
_HEADING_MAX_WORDS = 14


@dataclass(slots=True)
class _Line:
    text: str
    top: float
    bottom: float
    size: float
    bold: bool
    table: list[str] | None = None  # set for a table: its rendered rows
    table_head: int = 0
    running: bool = False


@dataclass(slots=True)
class _PdfPage:
    number: int
    height: float
    items: list[_Line] = field(default_factory=list)


def load_pdf(path: Path, raw: bytes) -> tuple[list[Page], str]:
    """Pages without running headers/footers (for chunks) and the full text (for the source view)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(raw)) as pdf:
            if not pdf.pages:
                raise IngestError(
                    str(path), "the PDF has no pages; re-export it from the original or remove it"
                )
            pages = [_read_page(page, number) for number, page in enumerate(pdf.pages, start=1)]
    except IngestError:
        raise
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise IngestError(
            str(path), "PDF is encrypted (password-protected); save an unprotected copy"
        ) from None
    except PdfminerException as exc:
        if isinstance(exc.args[0] if exc.args else None, PDFPasswordIncorrect | PDFEncryptionError):
            raise IngestError(
                str(path), "PDF is encrypted (password-protected); save an unprotected copy"
            ) from None
        raise IngestError(str(path), f"corrupt or unreadable PDF ({exc}); re-export or repair it") from None
    except (PDFSyntaxError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(str(path), f"corrupt or unreadable PDF ({exc}); re-export or repair it") from None
    _mark_running(pages)
    levels, body = _heading_levels(pages)
    return [_to_page(p, levels, body) for p in pages], "\n\n".join(_page_text(p) for p in pages)


def _read_page(page: Any, number: int) -> _PdfPage:
    out = _PdfPage(number, float(page.height))
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= mid_x <= x1 and top <= mid_y <= bottom for x0, top, x1, bottom in boxes)

    for line in page.filter(outside).extract_text_lines(return_chars=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars or not line["text"].strip():
            continue
        bold = sum(1 for c in chars if _is_bold(c["fontname"])) >= 0.9 * len(chars)
        size = sum(float(c["size"]) for c in chars) / len(chars)
        out.items.append(_Line(line["text"].strip(), float(line["top"]), float(line["bottom"]), size, bold))
    for table in tables:
        rows, head = _table_rows(table)
        if rows:
            _x0, top, _x1, bottom = table.bbox
            out.items.append(_Line("", float(top), float(bottom), 0.0, False, table=rows, table_head=head))
    out.items.sort(key=lambda item: item.top)
    return out


def _is_bold(fontname: str) -> bool:
    name = fontname.split("+")[-1].lower()  # subset prefix "ABCDEF+Arial-BoldMT"
    return any(k in name for k in ("bold", "black", "heavy", "semibold", "demi"))


def _table_rows(table: Any) -> tuple[list[str], int]:
    """A pdfplumber table as grid cells (spans from the cell boxes), rendered by ingest.tables."""
    texts = table.extract()
    rows = table.rows
    xs = sorted({round(cell[0], 1) for row in rows for cell in row.cells if cell is not None})
    tops = sorted({round(cell[1], 1) for row in rows for cell in row.cells if cell is not None})
    cells: list[GridCell] = []
    for r, row in enumerate(rows):
        for cell, text in zip(row.cells, texts[r], strict=False):
            if cell is None:
                continue
            x0, top, x1, bottom = (round(v, 1) for v in cell)
            col = xs.index(x0)
            colspan = max(1, sum(1 for x in xs if x0 <= x < x1 - 0.5))
            rowspan = max(1, sum(1 for t in tops if top <= t < bottom - 0.5))
            cells.append(GridCell(text or "", tops.index(top), col, rowspan, colspan))
    return render_rows(cells, len(tops), len(xs))


def _norm(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _edge_lines(page: _PdfPage) -> list[_Line]:
    """Text lines in the top or bottom band, among the first or last two: where running lines sit."""
    lines = [item for item in page.items if item.table is None]
    top = [x for x in lines[:_EDGE_LINES] if x.top < _BAND * page.height]
    bottom = [x for x in lines[-_EDGE_LINES:] if x.bottom > (1 - _BAND) * page.height]
    return [*top, *(x for x in bottom if x not in top)]


def _mark_running(pages: list[_PdfPage]) -> None:
    """Running headers/footers: edge lines repeated on half the pages (digits aside), or page numbers."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_norm(x.text) for x in _edge_lines(page)})
    needed = max(2, (len(pages) + 1) // 2)
    for page in pages:
        for line in _edge_lines(page):
            repeated = len(pages) >= 2 and counts[_norm(line.text)] >= needed
            line.running = repeated or PAGE_NUMBER.match(line.text) is not None


def _heading_levels(pages: list[_PdfPage]) -> tuple[dict[float, int], float]:
    """Font size of bold (or larger) stand-alone lines -> heading level (largest is 1); the body size."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for item in page.items:
            if item.table is None and not item.running:
                sizes[round(item.size, 1)] += len(item.text)
    if not sizes:
        return {}, 0.0
    body = sizes.most_common(1)[0][0]
    heading_sizes = sorted(
        {round(item.size, 1) for page in pages for item in page.items if _is_heading(item, body)},
        reverse=True,
    )
    return {size: rank for rank, size in enumerate(heading_sizes, start=1)}, body


def _is_heading(item: _Line, body: float) -> bool:
    if item.table is not None or item.running:
        return False
    text = item.text
    if len(text) > _HEADING_MAX_CHARS or len(text.split()) > _HEADING_MAX_WORDS or text[-1] in ".,;:":
        return False
    if not any(ch.isalpha() for ch in text):
        return False
    return item.bold or item.size >= body + 1.5


def _to_page(page: _PdfPage, levels: dict[float, int], body_size: float) -> Page:
    lines: list[str] = []
    headings: dict[int, int] = {}
    table_rows: set[int] = set()
    table_heads: set[int] = set()
    previous: _Line | None = None
    for item in page.items:
        if item.running:
            continue
        if previous is not None and _breaks(previous, item):
            lines += ["", ""]  # two blank lines: a paragraph ends here (one blank joins wrapped lines)
        if item.table is not None:
            for k, row in enumerate(item.table):
                if k < item.table_head:
                    table_heads.add(len(lines))
                table_rows.add(len(lines))
                lines.append(row)
        else:
            size = round(item.size, 1)
            if size in levels and _is_heading(item, body_size):
                numbered = _NUMBERED.match(item.text)
                depth = len(numbered.group(1).split(".")) if numbered else levels[size]
                headings[len(lines)] = depth
            lines.append(item.text)
        previous = item
    return Page(
        lines=lines,
        page=page.number,
        first_line=1,
        line_numbers=False,
        headings=headings,
        table_rows=frozenset(table_rows),
        table_heads=frozenset(table_heads),
    )


def _breaks(previous: _Line, item: _Line) -> bool:
    """A vertical gap clearly wider than the line spacing, or a table, or a heading, ends a paragraph."""
    if previous.table is not None or item.table is not None:
        return True
    height = max(previous.bottom - previous.top, 1.0)
    return item.top - previous.bottom > 0.45 * height or previous.bold != item.bold


def _page_text(page: _PdfPage) -> str:
    """The page as a reader sees it, running headers and footers included."""
    out: list[str] = []
    for item in page.items:
        out.extend(item.table if item.table is not None else [item.text])
    return "\n".join(out)
