"""Structure-aware chunking (placeholder: one chunk per blank-line paragraph; being replaced)."""

from __future__ import annotations

import hashlib

from ingest.models import Chunk, DocumentMeta, LoadedDocument


def part_for_line(parts: list[DocumentMeta], line: int) -> DocumentMeta:
    """The (sub-)document a source line belongs to: the last part starting at or before it."""
    chosen = parts[0]
    for part in parts:
        if part.from_line <= line:
            chosen = part
    return chosen


def chunk_document(doc: LoadedDocument, parts: list[DocumentMeta], source_path: str) -> list[Chunk]:
    """Split a loaded document into chunks; `parts[0]` is the document itself, the rest its sub-documents."""
    chunks: list[Chunk] = []
    for page in doc.pages:
        buf: list[str] = []
        start = page.first_line
        for offset, line in enumerate([*page.lines, ""]):
            lineno = page.first_line + offset
            if line.strip():
                if not buf:
                    start = lineno
                buf.append(line.strip())
                continue
            if buf:
                text = " ".join(buf)
                meta = part_for_line(parts, start)
                cid = hashlib.sha256(f"{meta.id}|{start}|{text}".encode()).hexdigest()[:16]
                chunks.append(
                    Chunk(
                        chunk_id=cid,
                        document_id=meta.id,
                        parent_document_id=parts[0].id,
                        title=meta.title,
                        doc_type=meta.doc_type,
                        date=meta.date,
                        status=meta.status,
                        kenmerk=meta.kenmerk,
                        page=page.page,
                        source_path=source_path,
                        line_start=start if page.line_numbers else None,
                        line_end=lineno - 1 if page.line_numbers else None,
                        text=text,
                    )
                )
                buf = []
    return chunks
