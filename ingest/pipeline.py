"""Incremental, idempotent, crash-safe ingest: corpus files -> chunks -> embeddings -> a new index generation.

A file that fails to load is reported in `failed` and left out of the new generation, also when an
earlier version of it was ingested: the index never serves text that no longer matches its file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from ingest import chunk as chunk_module
from ingest.cache import EmbeddingCache
from ingest.dates import document_date
from ingest.embed import embedder_name, make_embedder
from ingest.errors import IngestError
from ingest.load import load_document
from ingest.lock import ingest_lock
from ingest.manifest import corpus_files, documents_for, manifest_hash
from ingest.models import Chunk, DocumentMeta, IngestReport
from ingest.store import (
    CHUNKS,
    HNSW_CONFIGURATION,
    SOURCES,
    chroma_client,
    index_root,
    read_current,
    read_manifest,
    remove_stale_generations,
    source_key,
    switch_current,
    write_generation,
)

Progress = Callable[[str, int, int], None]  # (stage, done, total)
_EMBED_BATCH = 64


@dataclass(slots=True)
class IngestSummary(IngestReport):
    """IngestReport plus what the generation switch and the indicator table load did."""

    generation: str | None = None
    indicators_loaded: int | None = None  # None: no indicator loader or no indicators.csv
    indicators_failed: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class _Plan:
    reuse: list[str] = field(default_factory=list)  # files whose chunks are carried over
    process: list[str] = field(default_factory=list)  # files to load and chunk
    known_failed: dict[str, str] = field(default_factory=dict)  # unchanged files that failed before


# Modules whose code does not shape chunks or the BM25 index; any other ingest module does.
_NOT_VERSIONED = frozenset(
    {"pipeline.py", "store.py", "index.py", "cache.py", "embed.py", "indicators.py", "readers.py"}
)


def pipeline_version() -> str:
    """Changes whenever the loader, chunker or BM25 analyzer code changes, so their output is rebuilt."""
    digest = hashlib.sha256(getattr(chunk_module, "CHUNKER_VERSION", "").encode())
    digest.update(repr(sorted(HNSW_CONFIGURATION.items())).encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        if module.name not in _NOT_VERSIONED:
            digest.update(module.read_bytes())
    return digest.hexdigest()[:16]


UNREADABLE = "unreadable"  # the hash of a file that cannot be read: a known failure until it can


def _file_sha(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:  # permissions, a broken link: reported for this file, the rest goes on
        return UNREADABLE


def _versions(corpus_dir: Path, embedder_spec: str) -> dict[str, str]:
    return {
        "embedder": embedder_name(embedder_spec),
        "pipeline_version": pipeline_version(),
        "manifest_hash": manifest_hash(corpus_dir),
    }


def _plan(
    old: dict[str, Any] | None, hashes: dict[str, str], scope: set[str], same_versions: bool, rebuild: bool
) -> _Plan:
    """Which files keep their chunks, which are (re)processed, which failed before and did not change."""
    plan = _Plan()
    old_files = old["files"] if old else {}
    old_failed = old.get("failed", {}) if old else {}
    for name, sha in hashes.items():
        if name not in scope and not rebuild and same_versions:
            if name in old_files:
                plan.reuse.append(name)
            elif name in old_failed:
                plan.known_failed[name] = old_failed[name]["reason"]
            # A new file outside `paths` is not looked at in this run.
        elif not rebuild and same_versions and old_files.get(name, {}).get("sha256") == sha:
            plan.reuse.append(name)
        elif not rebuild and same_versions and old_failed.get(name, {}).get("sha256") == sha:
            plan.known_failed[name] = old_failed[name]["reason"]
        else:
            plan.process.append(name)
    return plan


def _scope(corpus_dir: Path, files: list[Path], paths: list[Path] | None) -> set[str]:
    if paths is None:
        return {p.name for p in files}
    corpus = corpus_dir.resolve()
    names = set()
    for p in paths:
        resolved = p.resolve()
        if resolved.parent != corpus:
            raise IngestError(str(p), f"not a file in the corpus directory {corpus_dir}")
        names.add(resolved.name)
    return names


def _source_path(corpus_dir: Path, name: str) -> str:
    """How chunks name their file: relative to the working directory when possible (corpus/...)."""
    path = (corpus_dir / name).resolve()
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return f"{corpus_dir.name}/{name}"


def _sources(data_dir: Path, genid: str, names: list[str]) -> dict[str, str]:
    """Source texts of files in the live generation (as loaded: PDF and Word text, not their bytes)."""
    folder = index_root(data_dir) / genid / SOURCES
    return {n: (folder / n).read_text(encoding="utf-8") for n in names if (folder / n).is_file()}


def _reused(data_dir: Path, genid: str, names: list[str]) -> tuple[dict[str, list[Chunk]], dict[str, str]]:
    """Chunks and source texts of unchanged files, from the live generation."""
    chunks: dict[str, list[Chunk]] = {n: [] for n in names}
    gen_dir = index_root(data_dir) / genid
    with (gen_dir / CHUNKS).open(encoding="utf-8") as fh:
        for line in fh:
            chunk = Chunk.model_validate_json(line)
            name = source_key(chunk.source_path)
            if name in chunks:
                chunks[name].append(chunk)
    return chunks, _sources(data_dir, genid, names)


@dataclass(slots=True)
class _Processed:
    chunks: list[Chunk]
    text: str
    metas: list[DocumentMeta]
    flags: list[dict[str, Any]]


def _process(corpus_dir: Path, name: str, metas: list[DocumentMeta], max_file_mb: float) -> _Processed:
    doc = load_document(corpus_dir / name, max_file_mb=max_file_mb)
    if not metas[0].date and (found := document_date(doc.text)):
        # documents.toml gives no date: the document's own ("Datum: 8 april 2024"), marked estimated
        metas = [metas[0].model_copy(update={"date": found, "date_precision": "estimated"}), *metas[1:]]
    try:
        chunks = chunk_module.chunk_document(doc, metas, _source_path(corpus_dir, name))
    except Exception as exc:  # a chunker bug on one file must not stop the others
        raise IngestError(name, f"chunking failed ({type(exc).__name__}: {exc}); report this bug") from exc
    return _Processed(chunks, doc.text, metas, [dataclasses.asdict(f) for f in doc.flags])


def _embed(
    data_dir: Path, embedder_spec: str, chunks: list[Chunk], progress: Progress | None
) -> tuple[np.ndarray, int, float]:
    """Vectors for all chunks; the model is loaded only when some text is not in the cache."""
    texts = [c.index_text() for c in chunks]
    name = embedder_name(embedder_spec)
    timing = {"seconds": 0.0}

    def compute(missing: list[str]) -> np.ndarray:
        started = time.perf_counter()
        embedder = make_embedder(embedder_spec)
        parts = []
        for i in range(0, len(missing), _EMBED_BATCH):
            parts.append(embedder.embed_passages(missing[i : i + _EMBED_BATCH]))
            if progress:
                progress("embed", min(i + _EMBED_BATCH, len(missing)), len(missing))
        timing["seconds"] = time.perf_counter() - started
        return np.concatenate(parts)

    with EmbeddingCache(data_dir / "embeddings.sqlite") as cache:
        vectors, computed = cache.embed(name, texts, compute)
    return vectors, computed, timing["seconds"]


def _load_indicators(
    run: _Run, report: IngestSummary, documents: dict[str, list[DocumentMeta]], sources: dict[str, str]
) -> None:
    """Load corpus/indicators.csv into SQLite, checking provenance against the loaded document texts.

    Runs before the new generation is switched in: when it fails, the ingest fails and the index stays
    as it was (a no-change re-ingest then simply tries again).
    """
    from ingest.indicators import load_indicator_table

    if not (run.corpus_dir / "indicators.csv").exists():
        return
    metas = [m for ms in documents.values() for m in ms]
    try:
        result = load_indicator_table(run.corpus_dir, run.indicators_db, metas, sources)
    except Exception as exc:  # an unreadable csv, a full disk: the whole run must not switch in
        raise IngestError(
            "indicators.csv",
            f"could not be loaded ({type(exc).__name__}: {exc}); the index was not changed. Fix the file "
            "and run `assistant ingest` again",
        ) from exc
    report.indicators_loaded = int(result.loaded)
    report.indicators_failed = list(result.failed)


@dataclass(frozen=True, slots=True)
class _Run:
    """The settings of one ingest run, passed between its steps."""

    corpus_dir: Path
    data_dir: Path
    embedder_spec: str
    max_file_mb: float
    chroma_host: str | None
    chroma_port: int
    progress: Progress | None
    indicators_db: Path

    def client(self) -> Any:
        return chroma_client(self.data_dir, self.chroma_host, self.chroma_port)


def ingest_corpus(
    corpus_dir: Path,
    data_dir: Path,
    embedder_spec: str = "e5",
    paths: list[Path] | None = None,
    rebuild: bool = False,
    max_file_mb: float = 50.0,
    chroma_host: str | None = None,
    chroma_port: int = 8000,
    progress: Progress | None = None,
    indicators_db: Path | None = None,
) -> IngestSummary:
    """Bring the index in data_dir up to date with corpus_dir; see the module docstring for failures."""
    started = time.perf_counter()
    if not corpus_dir.is_dir():
        raise IngestError(str(corpus_dir), "corpus directory not found; set ASSISTANT_CORPUS_DIR")
    run = _Run(
        corpus_dir,
        data_dir,
        embedder_spec,
        max_file_mb,
        chroma_host,
        chroma_port,
        progress,
        indicators_db or data_dir / "indicators.sqlite",
    )
    with ingest_lock(data_dir):
        report = _ingest_locked(run, paths, rebuild)
    report.seconds = time.perf_counter() - started
    return report


def _ingest_locked(run: _Run, paths: list[Path] | None, rebuild: bool) -> IngestSummary:
    files = corpus_files(run.corpus_dir)
    versions = _versions(run.corpus_dir, run.embedder_spec)
    genid = read_current(run.data_dir)
    old = read_manifest(run.data_dir, genid) if genid else None
    same = old is not None and all(old.get(k) == v for k, v in versions.items())
    hashes = {p.name: _file_sha(p) for p in files}
    plan = _plan(old, hashes, _scope(run.corpus_dir, files, paths), same, rebuild)
    report = IngestSummary(removed=sorted(set(old["files"]) - set(hashes)) if old else [])
    report.failed = sorted(plan.known_failed.items())
    documents = documents_for(run.corpus_dir, files)
    flags: dict[str, list[dict[str, Any]]] = {}
    for name in plan.reuse:  # unchanged files keep what their ingest read (a date from the text, flags)
        if old and name in old["files"]:
            documents[name] = [DocumentMeta(**m) for m in old["files"][name]["documents"]]
            flags[name] = old["files"][name].get("flags", [])
    if genid and old and not plan.process and not report.removed:
        # Nothing changed: no model, no Chroma (unless a killed run left a generation to clean up).
        if _has_orphans(run.data_dir, genid):
            remove_stale_generations(run.data_dir, run.client())
        _load_indicators(run, report, documents, _sources(run.data_dir, genid, plan.reuse))
        report.unchanged, report.chunks, report.generation = sorted(plan.reuse), int(old["chunks"]), genid
        return report
    chunks_by_file, sources = _reused(run.data_dir, genid, plan.reuse) if genid else ({}, {})
    for i, name in enumerate(plan.process):
        if run.progress:
            run.progress("load", i, len(plan.process))
        try:
            done = _process(run.corpus_dir, name, documents[name], run.max_file_mb)
        except IngestError as exc:
            report.failed.append((name, exc.reason))
            continue
        except Exception as exc:  # a loader bug on one file (a PDF pdfplumber chokes on) stops no other
            report.failed.append((name, f"could not be read ({type(exc).__name__}: {exc}); report this bug"))
            continue
        chunks_by_file[name], sources[name], documents[name] = done.chunks, done.text, done.metas
        flags[name] = done.flags
        (report.updated if old and name in old["files"] else report.added).append(name)
    report.unchanged = sorted(set(plan.reuse))
    report.failed.sort()
    _write(run, report, chunks_by_file, sources, documents, hashes, versions, flags)
    return report


def _write(
    run: _Run,
    report: IngestSummary,
    chunks_by_file: dict[str, list[Chunk]],
    sources: dict[str, str],
    documents: dict[str, list[DocumentMeta]],
    hashes: dict[str, str],
    versions: dict[str, str],
    flags: dict[str, list[dict[str, Any]]],
) -> None:
    """Embed, write the new generation, load the indicators, then switch CURRENT and delete old ones."""
    chunks = list({c.chunk_id: c for n in sorted(chunks_by_file) for c in chunks_by_file[n]}.values())
    embed_started = time.perf_counter()
    vectors, report.embedded, _ = _embed(run.data_dir, run.embedder_spec, chunks, run.progress)
    report.embed_seconds = time.perf_counter() - embed_started if report.embedded else 0.0
    manifest = {
        **versions,
        "files": {
            n: {
                "sha256": hashes[n],
                "chunks": len(chunks_by_file[n]),
                "documents": [m.model_dump() for m in documents[n]],
                "flags": flags.get(n, []),
            }
            for n in sorted(chunks_by_file)
        },
        "failed": {n: {"sha256": hashes[n], "reason": r} for n, r in report.failed},
    }
    if run.progress:
        run.progress("store", 0, 1)
    client = run.client()
    genid = write_generation(run.data_dir, client, chunks, vectors, sources, manifest)
    # Indicators are checked against the new generation's texts; only when that succeeded does it go live.
    _load_indicators(run, report, documents, sources)
    switch_current(run.data_dir, genid)
    remove_stale_generations(run.data_dir, client)
    report.chunks, report.generation = len(chunks), genid


def _has_orphans(data_dir: Path, genid: str) -> bool:
    """Generation directories other than the live one: leftovers of a killed run."""
    return any(
        p.is_dir() and p.name != genid and not p.name.startswith(".") for p in index_root(data_dir).iterdir()
    )
