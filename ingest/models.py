"""The data that flows through ingestion: document metadata, loaded pages, chunks, reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict


class DocumentMeta(BaseModel):
    """Metadata of one document or sub-document (a bijlage, an embedded letter)."""

    model_config = ConfigDict(frozen=True)

    id: str
    file: str
    title: str
    doc_type: str = "document"
    date: str = ""
    date_precision: str = ""
    kenmerk: str = ""
    status: str = "informerend"
    author: str = ""
    addressee: str = ""
    source: str = ""
    parent_id: str | None = None  # set on sub-documents: the id of the document they belong to
    from_line: int = 1  # first source line of this (sub-)document
    # Access groups: when set, only API keys (and bot users) in one of these groups see the document.
    # A part without its own groups has its document's.
    groups: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One page (PDF) or the whole file (text formats) as raw lines.

    `first_line` is the 1-based source line number of `lines[0]`, so every line keeps its place in
    the original file; `line_numbers` is False for formats where line numbers mean nothing to a
    reader (PDF, Word), and the chunks of those pages carry no line range.
    """

    lines: list[str]
    page: int | None = None
    first_line: int = 1
    line_numbers: bool = True
    # Set by loaders that know the structure (PDF fonts, Word styles): offset in `lines` -> heading level.
    # None means "infer headings from the text" (plain text, Markdown).
    headings: dict[int, int] | None = None
    table_rows: frozenset[int] = frozenset()  # offsets of lines that are table rows (tab-separated cells)
    table_heads: frozenset[int] = frozenset()  # offsets of a table's (flattened) header row
    one_line_paragraphs: bool = False  # each line is a whole paragraph (Word): never re-join lines


@dataclass(frozen=True, slots=True)
class Flag:
    """A line kept out of the chunks, with why: it addresses the assistant, or readers never see it."""

    reason: str
    text: str
    line: int | None = None
    page: int | None = None


@dataclass(frozen=True, slots=True)
class LoadedDocument:
    """A file read from disk: its pages, its full text (for quote verification) and its hash.

    `text` is the whole source as a reader sees it (document view, quote verification); `pages` hold
    the lines that may reach chunks: running headers/footers, hidden markup and flagged lines are out.
    """

    path: Path
    pages: list[Page]
    text: str
    sha256: str
    flags: list[Flag] = field(default_factory=list)


class Chunk(BaseModel):
    """One retrievable unit with everything a citation needs to point at its exact place."""

    model_config = ConfigDict(frozen=True)

    chunk_id: str
    document_id: str  # the (sub-)document it belongs to
    parent_document_id: str  # the corpus document (file) it comes from
    title: str
    doc_type: str
    date: str
    status: str
    date_precision: str = ""  # day | month | year | estimated (read from the text, not the manifest)
    kenmerk: str = ""
    section: str = ""  # heading path joined with " > "
    page: int | None = None
    source_path: str  # path of the source file relative to the project (corpus/...)
    line_start: int | None = None
    line_end: int | None = None
    chunk_type: str = "prose"  # prose | table | list | form | header
    text: str
    ocr_noise: float = 0.0  # share of tokens that look like OCR garbage
    duplicate_of: str | None = None  # chunk id of a near-identical chunk kept for retrieval
    conflicts_with: tuple[str, ...] = ()  # near-identical chunks whose figures differ

    def index_text(self) -> str:
        """The text that is embedded and indexed: title and heading path give a chunk its context."""
        head = f"{self.title}" + (f" > {self.section}" if self.section else "")
        return f"{head}\n{self.text}"


@dataclass(slots=True)
class IngestReport:
    """What an ingest did, per file."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    chunks: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    embedded: int = 0  # chunks that needed a fresh embedding (not in the cache)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)
