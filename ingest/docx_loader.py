"""Read a Word (.docx) file in document order: heading styles as the section path, lists with their
markers and depth, tables as grids (merged cells once, a merged header flattened).

The lines written here are also the document's source text: a reader of the document view sees the
list markers ("- ", "3. ") that Word draws but does not store in the paragraph text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from ingest.errors import IngestError
from ingest.models import Page
from ingest.tables import GridCell, render_rows

_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(\d)$", re.IGNORECASE)
_TITLE_STYLES = frozenset({"title", "titel"})
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def load_docx(path: Path, raw: bytes) -> tuple[list[Page], str]:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
        lines, headings, table_rows, table_heads = _read(document)
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, AttributeError) as exc:
        raise IngestError(
            str(path), f"corrupt or unreadable Word file ({exc}); re-save it as .docx"
        ) from None
    except Exception as exc:  # lxml raises XMLSyntaxError for a damaged document.xml
        if type(exc).__name__ != "XMLSyntaxError":
            raise
        raise IngestError(str(path), f"corrupt Word file (bad XML: {exc}); re-save it as .docx") from None
    page = Page(
        lines=lines,
        page=None,
        first_line=1,
        line_numbers=False,
        headings=headings,
        table_rows=frozenset(table_rows),
        table_heads=frozenset(table_heads),
        one_line_paragraphs=True,
    )
    return [page], "\n".join(lines)


def _read(document: Any) -> tuple[list[str], dict[int, int], set[int], set[int]]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    headings: dict[int, int] = {}
    table_rows: set[int] = set()
    table_heads: set[int] = set()
    counters: list[int] = []  # numbered-list counters per depth of the list being read
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            text = " ".join(block.text.replace("\t", " ").split())
            style = (block.style.name if block.style is not None else "") or ""
            level = _heading_level(style)
            depth = _list_depth(block, style)
            if depth is None:
                counters.clear()
            if not text:
                lines.append("")
                continue
            if level:
                headings[len(lines)] = level
                lines.append(text)
            elif depth is not None:
                lines.append(_list_line(text, depth, "number" in style.lower(), counters))
            else:
                lines.append(text)
        elif isinstance(block, Table):
            counters.clear()
            rows, head = _table(block)
            lines.append("")
            for k, row in enumerate(rows):
                if k < head:
                    table_heads.add(len(lines))
                table_rows.add(len(lines))
                lines.append(row)
            lines.append("")
    return lines, headings, table_rows, table_heads


def _heading_level(style: str) -> int:
    match = _HEADING_STYLE.match(style.strip())
    if match:
        return int(match.group(1))
    return 1 if style.strip().lower() in _TITLE_STYLES else 0


def _list_depth(paragraph: Any, style: str) -> int | None:
    """1-based depth of a list paragraph (numbering level or "List Bullet 2"), None when not a list."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    if num_pr is not None and num_pr.ilvl is not None and num_pr.ilvl.val is not None:
        return int(num_pr.ilvl.val) + 1
    if style.lower().startswith("list"):
        match = re.search(r"(\d)\s*$", style)
        return int(match.group(1)) if match else 1
    return 1 if num_pr is not None else None


def _list_line(text: str, depth: int, numbered: bool, counters: list[int]) -> str:
    """The item as Word shows it: indented by depth, with "- " or its number."""
    del counters[depth:]
    while len(counters) < depth:
        counters.append(0)
    counters[depth - 1] += 1
    marker = f"{counters[depth - 1]}." if numbered and counters[depth - 1] < 100 else "-"
    return f"{'  ' * (depth - 1)}{marker} {text}"


def _table(table: Any) -> tuple[list[str], int]:
    """Grid cells from the XML: gridSpan gives column spans, vMerge continuations extend row spans."""
    from docx.table import _Cell

    cells: list[GridCell] = []
    open_cells: dict[int, int] = {}  # column -> index in `cells` of the cell a vMerge may continue
    n_cols = 0
    rows = list(table._tbl.tr_lst)
    for r, tr in enumerate(rows):
        col = 0
        for tc in tr.tc_lst:
            span = int(tc.grid_span or 1)
            merge = tc.vMerge
            if merge == "continue" and col in open_cells:
                prev = cells[open_cells[col]]
                cells[open_cells[col]] = GridCell(
                    prev.text, prev.row, prev.col, prev.rowspan + 1, prev.colspan
                )
            else:
                text = _Cell(tc, table).text
                cells.append(GridCell(text, r, col, 1, span))
                open_cells[col] = len(cells) - 1
            col += span
        n_cols = max(n_cols, col)
    return render_rows(cells, len(rows), n_cols)
