"""A document as the source viewer shows it: metadata, its text, and where each chunk and page lies."""

from __future__ import annotations

from typing import Any

from assistant.api.services import _public_meta


def document_view(index: Any, meta: dict[str, Any]) -> dict[str, Any]:
    """Metadata, the text of the (sub-)document's lines, chunk anchors (line ranges) and page markers.

    `text` holds source lines `first_line`..`last_line` of the file (1-based, as citations count
    them); each anchor says which lines a chunk covers, so a viewer can highlight a cited passage and
    link to `#chunk-<id>`. For formats without line numbers (PDF, Word) anchors carry the page only.
    """
    chunks = [c for c in index.chunks if c.document_id == meta["id"] or c.parent_document_id == meta["id"]]
    own = chunks if meta.get("parent_id") is None else [c for c in chunks if c.document_id == meta["id"]]
    source_path = own[0].source_path if own else ""
    text = index.source_text(source_path) if source_path else ""
    # Newlines only, as ingest numbers lines: splitlines() also breaks on U+2028 and \x0c, which
    # shifted every later line of a document holding one (found by the web page test).
    lines = text.split("\n")
    first = int(meta.get("from_line") or 1)
    spans = [(c.line_start, c.line_end) for c in own if c.line_start is not None and c.line_end is not None]
    # A part runs until the next part of the same file starts; a whole document to the end of the file.
    last = len(lines)
    if meta.get("parent_id") is not None and spans:
        last = max(end for _, end in spans)
    pages: dict[int, list[str]] = {}
    for c in own:
        if c.page is not None:
            pages.setdefault(c.page, []).append(c.chunk_id)
    return {
        "document": _public_meta(meta),
        "source_path": source_path,
        "first_line": first,
        "last_line": last,
        "text": "\n".join(lines[first - 1 : last]),
        "anchors": [
            {
                "chunk_id": c.chunk_id,
                "document_id": c.document_id,
                "section": c.section,
                "page": c.page,
                "line_start": c.line_start,
                "line_end": c.line_end,
                "chunk_type": c.chunk_type,
            }
            for c in sorted(own, key=lambda c: (c.page or 0, c.line_start or 0))
        ],
        "pages": [{"page": p, "chunk_ids": ids} for p, ids in sorted(pages.items())],
        "generation": str(getattr(index, "generation", "")),
    }
