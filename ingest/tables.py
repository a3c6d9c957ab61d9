"""Render a table grid (from PDF or Word) as text rows: a merged header flattened, merged cells once.

Both loaders describe a table as cells with their row/column position and span; this module alone
decides how that reads as text, so PDF and Word tables come out the same way: one header line whose
column labels join the labels above them ("Begroot 2025"), then one tab-separated line per body row
in which a merged cell's text appears once (the cells it covers are left empty).
"""

from __future__ import annotations

from dataclasses import dataclass

_MAX_HEADER_ROWS = 3


@dataclass(frozen=True, slots=True)
class GridCell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1


def header_rows(cells: list[GridCell], n_rows: int) -> int:
    """How many top rows form the header: one, or more when a merged header cell spans rows below it."""
    top = [c for c in cells if c.row == 0]
    if not any(c.colspan > 1 for c in top):
        return 1 if n_rows > 1 else 0
    depth = max((c.row + c.rowspan for c in top), default=1)
    if depth == 1:
        depth = 2  # "Begroot" over "2025 | 2026": the row below the merged cell belongs to the header
    changed = True
    while changed:  # a header cell may itself span further down
        changed = False
        for c in cells:
            if c.row < depth and c.row + c.rowspan > depth:
                depth, changed = c.row + c.rowspan, True
    depth = min(depth, _MAX_HEADER_ROWS)
    return depth if depth < n_rows else 1


def render_rows(cells: list[GridCell], n_rows: int, n_cols: int) -> tuple[list[str], int]:
    """Text lines of the table (cells joined by tabs) and how many of them are header lines (0 or 1)."""
    if n_rows == 0 or n_cols == 0:
        return [], 0
    heads = header_rows(cells, n_rows)
    lines: list[str] = []
    if heads:
        labels: list[str] = []
        for col in range(n_cols):
            parts: list[str] = []
            for c in sorted(cells, key=lambda c: c.row):
                covers = c.row < heads and c.col <= col < c.col + c.colspan
                text = _clean(c.text)
                if covers and text and (not parts or parts[-1] != text):
                    parts.append(text)
            labels.append(" ".join(parts))
        lines.append(_join(_once(labels, cells, heads)))
    for row in range(heads, n_rows):
        values = [""] * n_cols
        for c in cells:
            if c.row == row:
                values[c.col] = _clean(c.text)
        # A horizontally merged cell leaves the columns it covers empty: its text stands once.
        lines.append(_join(values))
    return [line for line in lines if line.strip("\t ")], 1 if heads else 0


def _once(labels: list[str], cells: list[GridCell], heads: int) -> list[str]:
    """A header cell spanning columns with nothing under it ("Bron" over two columns) reads once."""
    out = list(labels)
    for c in cells:
        if c.row == 0 and c.colspan > 1 and c.rowspan >= heads:
            for col in range(c.col + 1, min(c.col + c.colspan, len(out))):
                out[col] = ""
    return out


def _clean(text: str) -> str:
    return " ".join((text or "").split())


def _join(values: list[str]) -> str:
    # Trailing empty cells carry nothing; leading ones are kept so columns stay in place.
    while values and not values[-1]:
        values = values[:-1]
    return "\t".join(values)
