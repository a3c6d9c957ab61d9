"""Read corpus/documents.toml into DocumentMeta lists, with defaults for files that have no entry."""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ingest.models import DocumentMeta

MANIFEST_NAME = "documents.toml"
# Metadata files that live in corpus/ but are not documents to ingest.
METADATA_FILES = frozenset({MANIFEST_NAME, "indicators.csv", "glossary.toml"})
_FIELDS = frozenset(DocumentMeta.model_fields) | {"type", "part"}


class ManifestError(Exception):
    """documents.toml cannot be read; the message names the line or the entry and field."""


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "document"


def _meta(raw: dict[str, Any], where: str, **extra: Any) -> DocumentMeta:
    unknown = set(raw) - _FIELDS
    if unknown:
        raise ManifestError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    fields = {k: v for k, v in raw.items() if k not in ("type", "part")}
    if "type" in raw:
        fields["doc_type"] = raw["type"]
    try:
        return DocumentMeta(**fields, **extra)
    except ValidationError as exc:
        err = exc.errors()[0]
        field = ".".join(str(p) for p in err["loc"])
        raise ManifestError(f"{where}: field '{field}': {err['msg']}") from None


def _entry(raw: Any, index: int) -> list[DocumentMeta]:
    """One [[document]] and its [[document.part]]s; the document itself comes first."""
    where = f"{MANIFEST_NAME}: [[document]] #{index + 1}"
    if not isinstance(raw, dict):
        raise ManifestError(f"{where}: expected a table")
    where += f" (id={raw.get('id', '?')!r})"
    doc = _meta(raw, where)
    metas = [doc]
    for j, part in enumerate(raw.get("part", [])):
        pwhere = f"{where} part #{j + 1} (id={part.get('id', '?')!r})"
        if "from_line" not in part:
            raise ManifestError(f"{pwhere}: field 'from_line' is required on a part")
        inherited = {"file": doc.file, "parent_id": doc.id}
        # A part's access groups default to its document's: a bijlage is as restricted as its letter.
        metas.append(_meta({"groups": list(doc.groups), **part, **inherited}, pwhere))
    # The chunker maps a line to the last part starting at or before it: parts must be in line order.
    return [doc, *sorted(metas[1:], key=lambda m: m.from_line)]


def read_manifest(corpus_dir: Path) -> dict[str, list[DocumentMeta]]:
    """file name -> [document, *parts] from documents.toml; empty when there is no manifest."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        # The message already carries "(at line N, column M)".
        raise ManifestError(f"{path}: invalid TOML: {exc}") from None
    out: dict[str, list[DocumentMeta]] = {}
    for i, raw in enumerate(data.get("document", [])):
        metas = _entry(raw, i)
        if metas[0].file in out:
            raise ManifestError(f"{path}: [[document]] #{i + 1}: file {metas[0].file!r} is listed twice")
        out[metas[0].file] = metas
    return out


def default_meta(path: Path) -> DocumentMeta:
    """Metadata for a file without a manifest entry, taken from its name. No date: the ingest reads it
    from the document's text (ingest.dates), never from the file's modification time."""
    return DocumentMeta(
        id=_slug(path.stem),
        file=path.name,
        title=path.stem.replace("-", " ").replace("_", " ").strip().capitalize(),
        doc_type="document",
        status="informerend",
    )


def corpus_files(corpus_dir: Path) -> list[Path]:
    """The document files in corpus/, sorted; skips hidden files and the metadata files."""
    return sorted(
        p
        for p in corpus_dir.iterdir()
        if p.is_file() and not p.name.startswith(".") and p.name not in METADATA_FILES
    )


def documents_for(corpus_dir: Path, files: list[Path]) -> dict[str, list[DocumentMeta]]:
    """file name -> [document, *parts] for each file: its manifest entry or the defaults."""
    manifest = read_manifest(corpus_dir)
    return {p.name: manifest.get(p.name) or [default_meta(p)] for p in files}


def manifest_hash(corpus_dir: Path) -> str:
    """Hash of documents.toml: a metadata change must re-chunk even when no document changed."""
    path = corpus_dir / MANIFEST_NAME
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else ""
