"""Index generations on disk and in Chroma, and the atomic CURRENT pointer that makes ingest crash-safe.

Layout under data_dir/index/: one directory per generation (chunks.jsonl, lexical/, sources/,
manifest.json) plus a file CURRENT naming the live one; its vectors live in the Chroma collection
chunks_<genid>. A generation is written completely before CURRENT moves to it, so a killed ingest
leaves the previous generation intact; the next ingest deletes the leftovers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from ingest import readers
from ingest.lexical import LexicalIndex
from ingest.models import Chunk

CURRENT = "CURRENT"
MANIFEST = "manifest.json"
CHUNKS = "chunks.jsonl"
LEXICAL = "lexical"
SOURCES = "sources"
_ADD_BATCH = 1000  # Chroma rejects batches above ~5k records
# HNSW is approximate: on one index built with Chroma's defaults, the second-nearest chunk for a query
# was missing from the results in some processes and not in others (float noise in the query vector
# takes another path through the graph), which made answers differ between runs. A wider build and
# search makes it effectively exact at corpus scale and still milliseconds at 50,000 chunks (README
# benchmarks). Part of the pipeline version, so a change rebuilds the index.
HNSW_CONFIGURATION = {"space": "cosine", "ef_construction": 200, "ef_search": 400, "max_neighbors": 32}


def index_root(data_dir: Path) -> Path:
    return data_dir / "index"


def collection_name(genid: str) -> str:
    return f"chunks_{genid}"


def new_genid() -> str:
    # Time first so generations sort by age; the random tail keeps two runs in one second apart.
    return f"{time.strftime('%Y%m%d%H%M%S')}-{secrets.token_hex(3)}"


def read_current(data_dir: Path) -> str | None:
    """The live generation id, or None when no ingest has completed yet."""
    try:
        genid = (index_root(data_dir) / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return genid or None


def read_manifest(data_dir: Path, genid: str) -> dict[str, Any]:
    return json.loads((index_root(data_dir) / genid / MANIFEST).read_text(encoding="utf-8"))


def chroma_client(data_dir: Path, host: str | None = None, port: int = 8000) -> Any:
    """The embedded Chroma store in data_dir/chroma, or a Chroma server when a host is configured."""
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    return chromadb.PersistentClient(path=str(data_dir / "chroma"), settings=settings)


def source_key(source_path: str) -> str:
    """File name under sources/ for a document: its corpus file name, which is unique in corpus/."""
    return Path(source_path).name


def chroma_metadata(chunk: Chunk) -> dict[str, str | int | float | bool]:
    """Filterable fields; Chroma accepts only scalar, non-null values."""
    meta: dict[str, str | int | float | bool] = {
        "document_id": chunk.document_id,
        "parent_document_id": chunk.parent_document_id,
        "doc_type": chunk.doc_type,
        "date": chunk.date,
        "status": chunk.status,
        "kenmerk": chunk.kenmerk,
        "chunk_type": chunk.chunk_type,
        "source_path": chunk.source_path,
    }
    if chunk.date[:4].isdigit():
        meta["year"] = int(chunk.date[:4])
    for key in ("page", "line_start", "line_end"):
        value = getattr(chunk, key)
        if value is not None:
            meta[key] = value
    return meta


def write_generation(
    data_dir: Path,
    client: Any,
    chunks: list[Chunk],
    vectors: np.ndarray,
    sources: dict[str, str],
    manifest: dict[str, Any],
) -> str:
    """Write a complete new generation (Chroma collection + directory); returns its id. Does not switch."""
    genid = new_genid()
    gen_dir = index_root(data_dir) / genid
    # The directory exists before the collection, so a run killed in between leaves a trace the
    # next cleanup finds (cleanup only deletes collections of generation directories it sees).
    gen_dir.mkdir(parents=True)
    collection = client.create_collection(
        collection_name(genid), embedding_function=None, configuration={"hnsw": HNSW_CONFIGURATION}
    )
    for i in range(0, len(chunks), _ADD_BATCH):
        batch = chunks[i : i + _ADD_BATCH]
        collection.add(
            ids=[c.chunk_id for c in batch],
            embeddings=vectors[i : i + _ADD_BATCH],
            metadatas=[chroma_metadata(c) for c in batch],
            documents=[c.text for c in batch],
        )
    with (gen_dir / CHUNKS).open("w", encoding="utf-8") as fh:
        fh.writelines(c.model_dump_json() + "\n" for c in chunks)
    if chunks:
        (gen_dir / LEXICAL).mkdir()
        LexicalIndex.build([c.index_text() for c in chunks]).save(gen_dir / LEXICAL)
    (gen_dir / SOURCES).mkdir()
    for name, text in sources.items():
        (gen_dir / SOURCES / source_key(name)).write_text(text, encoding="utf-8")
    manifest = {**manifest, "generation": genid, "chunks": len(chunks)}
    # manifest.json is written last: a generation directory without it is incomplete by definition.
    (gen_dir / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return genid


def switch_current(data_dir: Path, genid: str) -> None:
    """Atomically point CURRENT at `genid` (temp file + fsync + os.replace)."""
    root = index_root(data_dir)
    tmp = root / f".{CURRENT}.{os.getpid()}.tmp"
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write(genid + "\n")
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / CURRENT)
    dir_fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # make the rename itself durable
    finally:
        os.close(dir_fd)


def remove_stale_generations(data_dir: Path, client: Any) -> list[str]:
    """Delete every generation except CURRENT (the one it replaced, orphans of killed runs), except
    those a live reader still holds within the grace period (ingest.readers)."""
    root = index_root(data_dir)
    keep = read_current(data_dir)
    if not root.is_dir():
        return []
    removed: list[str] = []
    for entry in root.iterdir():
        if entry.name == keep or not entry.is_dir() or entry.name == readers.READERS:
            if entry.name.startswith(f".{CURRENT}."):
                entry.unlink(missing_ok=True)  # temp pointer of a killed run
            continue
        if not readers.may_delete(data_dir, entry.name):
            continue
        # The collection may never have been created (run killed before that step).
        with contextlib.suppress(Exception):
            client.delete_collection(collection_name(entry.name))
        shutil.rmtree(entry, ignore_errors=True)
        readers.forget(data_dir, entry.name)
        removed.append(entry.name)
    return removed
