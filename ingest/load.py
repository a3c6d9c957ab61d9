"""Load corpus files (.txt, .md, .pdf, .docx) into LoadedDocument, with clear errors for bad input."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from ingest.errors import IngestError
from ingest.models import LoadedDocument, Page

TEXT_EXTENSIONS = frozenset({".txt", ".md"})
SUPPORTED_EXTENSIONS = frozenset({*TEXT_EXTENSIONS, ".pdf", ".docx"})
# cp1252 decodes almost any byte string, so a decode that "works" can still be junk: above this
# share of control characters the file is treated as binary rather than as text.
_MAX_CONTROL_SHARE = 0.02
_ALLOWED_CONTROLS = frozenset("\t\n\r\f")


def load_document(path: Path, max_file_mb: float = 50.0) -> LoadedDocument:
    """Read one file; raises IngestError(path, reason) when it cannot be ingested."""
    loader = _LOADERS.get(path.suffix.lower())
    if loader is None:
        supported = ", ".join(sorted(SUPPORTED_EXTENSIONS))
        raise IngestError(
            str(path), f"unsupported file type '{path.suffix or '(none)'}'; convert it to one of {supported}"
        )
    size_mb = path.stat().st_size / (1024 * 1024)
    if size_mb > max_file_mb:
        raise IngestError(
            str(path),
            f"file is {size_mb:.1f} MB, over the {max_file_mb:g} MB limit; split it or raise "
            "ASSISTANT_MAX_FILE_MB",
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise IngestError(str(path), "file is empty; add content or remove it from corpus/")
    pages, text = loader(path, raw)
    if not text.strip():
        raise IngestError(str(path), "no text could be extracted (a scanned PDF needs OCR first)")
    return LoadedDocument(path=path, pages=pages, text=text, sha256=hashlib.sha256(raw).hexdigest())


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    return controls / max(len(text), 1)


def decode_text(path: Path, raw: bytes) -> str:
    """Decode text bytes: UTF-8 (with or without BOM), else cp1252/latin-1 when the result looks like text."""
    if b"\x00" in raw:
        raise IngestError(str(path), "contains NUL bytes: a binary file, not text; remove or convert it")
    for encoding in ("utf-8-sig", "utf-8"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        text = _decode_legacy(path, raw)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(str(path), "mostly control characters: binary data, not text; remove or convert it")
    return text


def _decode_legacy(path: Path, raw: bytes) -> str:
    for encoding in ("cp1252", "latin-1"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _control_share(text) <= _MAX_CONTROL_SHARE:
            # A warning, not an error: the text is read, but the user should know how.
            import warnings

            warnings.warn(
                f"{path}: not UTF-8, decoded as {encoding}; save it as UTF-8 to be sure",
                stacklevel=3,
            )
            return text
    raise IngestError(str(path), "not valid UTF-8 and not readable as cp1252/latin-1 text; save it as UTF-8")


def _load_text(path: Path, raw: bytes) -> tuple[list[Page], str]:
    text = decode_text(path, raw)
    # splitlines() also splits on \x0b, \x1c.. and U+2028; split on newlines only so that
    # line numbers match what an editor shows.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [Page(lines=lines, page=None, first_line=1, line_numbers=True)], text


def _load_pdf(path: Path, raw: bytes) -> tuple[list[Page], str]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise IngestError(str(path), "PDF is encrypted (password-protected); save an unprotected copy")
        texts = [page.extract_text() or "" for page in reader.pages]
    except IngestError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(str(path), f"corrupt or unreadable PDF ({exc}); re-export or repair it") from None
    pages = [
        Page(lines=t.splitlines(), page=number, first_line=1, line_numbers=False)
        for number, t in enumerate(texts, start=1)
    ]
    return pages, "\n\n".join(texts)


def _load_docx(path: Path, raw: bytes) -> tuple[list[Page], str]:
    import zipfile

    import docx
    from docx.document import Document

    try:
        document: Document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise IngestError(str(path), f"corrupt or unreadable Word file ({exc}); re-save as .docx") from None
    lines = _docx_lines(document)
    return [Page(lines=lines, page=None, first_line=1, line_numbers=False)], "\n".join(lines)


def _docx_lines(document: object) -> list[str]:
    """Paragraphs and tables in document order; a table row becomes one tab-separated line."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for block in document.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.append("")
            lines.extend("\t".join(cell.text.strip() for cell in row.cells) for row in block.rows)
            lines.append("")
    return lines


_LOADERS: dict[str, Callable[[Path, bytes], tuple[list[Page], str]]] = {
    ".txt": _load_text,
    ".md": _load_text,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}
