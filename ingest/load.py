"""Load corpus files (.txt, .md, .pdf, .docx) into LoadedDocument, with clear errors for bad input."""

from __future__ import annotations

import codecs
import hashlib
import warnings
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from ingest.errors import IngestError
from ingest.injection import addresses_assistant
from ingest.markup import blank_hidden
from ingest.models import Flag, LoadedDocument, Page

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
    try:
        size_mb = path.stat().st_size / (1024 * 1024)
        if size_mb > max_file_mb:
            raise IngestError(
                str(path),
                f"file is {size_mb:.1f} MB, over the {max_file_mb:g} MB limit; split it or raise "
                "ASSISTANT_MAX_FILE_MB",
            )
        raw = path.read_bytes()
    except PermissionError:
        raise IngestError(str(path), unreadable_reason()) from None
    except OSError as exc:
        raise IngestError(str(path), f"cannot be read ({exc.strerror or exc}); check the file") from None
    if not raw.strip():
        raise IngestError(str(path), "file is empty; add content or remove it from corpus/")
    pages, text = loader(path, raw)
    if not text.strip():
        raise IngestError(str(path), "no text could be extracted (a scanned PDF needs OCR first)")
    pages, flags = keep_out_of_chunks(pages, markdown=path.suffix.lower() == ".md")
    return LoadedDocument(
        path=path, pages=pages, text=text, sha256=hashlib.sha256(raw).hexdigest(), flags=flags
    )


def unreadable_reason() -> str:
    return "cannot be read (permission denied); give the ingest user read access (chmod a+r) or remove it"


def keep_out_of_chunks(pages: list[Page], markdown: bool) -> tuple[list[Page], list[Flag]]:
    """Blank the lines no chunk may hold: hidden markup (Markdown) and lines addressing the assistant.

    Blanked, not removed: every other line keeps its offset, so line numbers, headings and table rows
    still point at the right place. The source text is untouched (document view, quote checks).
    """
    flags: list[Flag] = []
    out: list[Page] = []
    for page in pages:
        lines = page.lines
        if markdown:
            visible, removed = blank_hidden("\n".join(lines))
            lines = visible.split("\n")
            flags += [
                Flag("hidden markup (not shown to readers): not indexed", _short(r), None, page.page)
                for r in removed
            ]
        kept: list[str] = []
        for offset, line in enumerate(lines):
            if addresses_assistant(line):
                number = page.first_line + offset if page.line_numbers else None
                flags.append(
                    Flag("addresses the assistant: kept out of answers", _short(line), number, page.page)
                )
                kept.append("")
            else:
                kept.append(line)
        out.append(replace(page, lines=kept))
    return out, flags


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    return controls / max(len(text), 1)


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_text(path: Path, raw: bytes) -> str:
    """Decode text bytes: by its byte-order mark (UTF-8/16/32) first, then UTF-8, then cp1252."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise IngestError(
                    str(path),
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(byte {exc.start}); save it again as UTF-8",
                ) from None
            return _check_controls(path, text)
    if b"\x00" in raw:
        raise IngestError(
            str(path),
            "contains NUL bytes and no byte-order mark: a binary file (or UTF-16 without BOM), "
            "not text; remove it or save it as UTF-8",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = _decode_legacy(path, raw)
    return _check_controls(path, text)


def _check_controls(path: Path, text: str) -> str:
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(str(path), "mostly control characters: binary data, not text; remove or convert it")
    return text


def _decode_legacy(path: Path, raw: bytes) -> str:
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise IngestError(
            str(path),
            f"neither UTF-8 nor cp1252 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8",
        ) from None
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise IngestError(
            str(path), "not UTF-8 and mostly control characters as cp1252: not text; save it as UTF-8"
        )
    # A warning, not an error: the text is read, but the user should know how.
    warnings.warn(f"{path}: not UTF-8, decoded as cp1252; save it as UTF-8 to be sure", stacklevel=3)
    return text


def _load_text(path: Path, raw: bytes) -> tuple[list[Page], str]:
    text = decode_text(path, raw)
    # splitlines() also splits on \x0b, \x1c.. and U+2028; split on newlines only so that
    # line numbers match what an editor shows.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [Page(lines=lines, page=None, first_line=1, line_numbers=True)], text


def _load_pdf(path: Path, raw: bytes) -> tuple[list[Page], str]:
    from ingest.pdf import load_pdf

    return load_pdf(path, raw)


def _load_docx(path: Path, raw: bytes) -> tuple[list[Page], str]:
    from ingest.docx_loader import load_docx

    return load_docx(path, raw)


_LOADERS: dict[str, Callable[[Path, bytes], tuple[list[Page], str]]] = {
    ".txt": _load_text,
    ".md": _load_text,
    ".pdf": _load_pdf,
    ".docx": _load_docx,
}
