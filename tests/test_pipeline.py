"""The ingest pipeline end to end with the real E5 embedder and a real embedded Chroma."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.errors import IngestLockedError
from ingest.index import open_index
from ingest.pipeline import ingest_corpus, ingest_lock
from ingest.store import index_root

pytestmark = pytest.mark.slow


def _sources(data_dir: Path) -> set[str]:
    return {c.source_path.rsplit("/", 1)[-1] for c in open_index(data_dir).chunks}


def test_add_then_unchanged_without_embedding(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = ingest_corpus(small_corpus, data)
    assert first.added == ["begroting.md", "nazorg.txt", "wsp.txt"]
    assert first.failed == [] and first.chunks > 0 and first.embedded == first.chunks

    again = ingest_corpus(small_corpus, data)
    assert again.unchanged == first.added
    assert not again.changed and again.embedded == 0 and again.embed_seconds == 0.0
    assert again.generation == first.generation  # no new generation for a no-op
    snapshot = open_index(data)
    assert len(snapshot.chunks) == first.chunks
    assert "jobcoach" in snapshot.source_text("corpus/nazorg.txt")


def test_changed_file_is_updated_and_its_old_chunks_are_gone(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_corpus(small_corpus, data)
    (small_corpus / "wsp.txt").write_text("Werkgeversservicepunt\n\nHet WSP helpt statushouders.\n")
    report = ingest_corpus(small_corpus, data)
    assert report.updated == ["wsp.txt"] and report.unchanged == ["begroting.md", "nazorg.txt"]
    assert report.embedded >= 1  # only the new text; the rest came from the cache
    texts = " ".join(c.text for c in open_index(data).chunks)
    assert "statushouders" in texts and "bemiddelt kandidaten" not in texts
    assert len(list(index_root(data).iterdir())) == 2  # CURRENT + one generation: old one deleted


def test_deleted_file_is_removed(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_corpus(small_corpus, data)
    (small_corpus / "begroting.md").unlink()
    report = ingest_corpus(small_corpus, data)
    assert report.removed == ["begroting.md"] and report.embedded == 0
    assert _sources(data) == {"nazorg.txt", "wsp.txt"}


def test_broken_file_fails_with_reason_and_the_rest_is_ingested(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "kapot.pdf").write_bytes(b"%PDF-1.4 this is not a pdf")
    (small_corpus / "leeg.txt").write_text("")
    data = tmp_path / "data"
    report = ingest_corpus(small_corpus, data)
    failed = dict(report.failed)
    assert set(failed) == {"kapot.pdf", "leeg.txt"}
    assert "PDF" in failed["kapot.pdf"] and "empty" in failed["leeg.txt"]
    assert report.added == ["begroting.md", "nazorg.txt", "wsp.txt"]
    assert _sources(data) == {"begroting.md", "nazorg.txt", "wsp.txt"}
    # Unchanged broken files are reported again without a new generation.
    again = ingest_corpus(small_corpus, data)
    assert dict(again.failed) == failed and again.generation == report.generation


def test_dense_search_finds_the_relevant_chunk(small_corpus: Path, tmp_path: Path) -> None:
    from ingest.embed import make_embedder

    data = tmp_path / "data"
    ingest_corpus(small_corpus, data)
    embedder = make_embedder("e5")
    snapshot = open_index(data, embedder)
    hits = snapshot.dense_search(embedder.embed_query("Hoe lang duurt de nazorg?"), k=3)
    best = snapshot.by_id[hits[0][0]]
    assert best.source_path.endswith("nazorg.txt")
    assert 0.0 < hits[-1][1] <= hits[0][1] <= 1.0
    only_md = snapshot.dense_search(
        embedder.embed_query("nazorg"), 5, where={"source_path": best.source_path}
    )
    assert {snapshot.by_id[cid].source_path for cid, _ in only_md} == {best.source_path}


def test_paths_limit_what_is_rechecked(small_corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    ingest_corpus(small_corpus, data)
    (small_corpus / "wsp.txt").write_text("Werkgeversservicepunt\n\nNieuwe tekst over het WSP.\n")
    (small_corpus / "nazorg.txt").write_text("Nazorg\n\nNieuwe tekst over nazorg.\n")
    report = ingest_corpus(small_corpus, data, paths=[small_corpus / "wsp.txt"])
    assert report.updated == ["wsp.txt"]
    assert "nazorg.txt" in report.unchanged  # not rechecked: its old chunks stay
    assert "jobcoach" in " ".join(c.text for c in open_index(data).chunks)


def test_manifest_metadata_reaches_the_chunks(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "documents.toml").write_text(
        '[[document]]\nid = "nz"\nfile = "nazorg.txt"\ntitle = "Nazorgplan"\ntype = "plan"\n'
        'date = "2020-01-01"\ndate_precision = "day"\nstatus = "vastgesteld"\n'
    )
    data = tmp_path / "data"
    ingest_corpus(small_corpus, data)
    snapshot = open_index(data)
    nz = [c for c in snapshot.chunks if c.document_id == "nz"]
    assert nz and all(c.title == "Nazorgplan" and c.doc_type == "plan" for c in nz)
    docs = {d["id"]: d for d in snapshot.documents}
    assert docs["nz"]["chunks"] == len(nz) and docs["wsp"]["doc_type"] == "document"


def test_second_ingest_while_locked_fails_at_once(small_corpus: Path, tmp_path: Path) -> None:
    import os

    data = tmp_path / "data"
    with (
        ingest_lock(data),
        pytest.raises(IngestLockedError, match=rf"another ingest is running \(pid {os.getpid()}\)"),
    ):
        ingest_corpus(small_corpus, data)
