"""Retriever with a fake embedder: glossary, typos, fusion, dedupe, filters, validation, scores."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import InvalidQueryError, UnknownFilterError
from assistant.retrieval import SearchFilters, validate_query
from assistant.retrieval.dedupe import collapse
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.hybrid import Retriever
from assistant.retrieval.memory import MemoryIndex
from ingest.models import Chunk

ROOT = Path(__file__).resolve().parent.parent


class HashEmbedder:
    """Bag-of-words hashing: deterministic, no model; enough to exercise the dense path."""

    dim = 64

    def embed_query(self, text: str) -> np.ndarray:
        v = np.zeros(self.dim, dtype=np.float32)
        for w in text.lower().split():
            v[zlib.crc32(w.encode()) % self.dim] += 1  # str hash() is salted per process: flaky
        return v / max(np.linalg.norm(v), 1e-9)

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def chunk(i: int, text: str, doc: str = "plan", date: str = "2019", doc_type: str = "programmaplan") -> Chunk:
    parent = doc.split("/")[0]
    return Chunk(
        chunk_id=f"c{i}",
        document_id=doc,
        parent_document_id=parent,
        title=doc,
        doc_type=doc_type,
        date=date,
        status="vastgesteld",
        source_path=f"corpus/{parent}.txt",
        text=text,
    )


CHUNKS = [
    chunk(0, "De accountmanager biedt nazorg aan werkgever en werknemer na de plaatsing."),
    chunk(
        1, "De accountmanager biedt nazorg aan werkgever en werknemer na de plaatsing.", "voorstel", "2019-06"
    ),
    chunk(2, "Het budget voor taal is 100.000 euro per jaar in de arbeidsmarktregio.", "plan/bijlage-1"),
    chunk(
        3,
        "Het budget voor taal is 300.000 euro per jaar in de arbeidsmarktregio.",
        "voorstel",
        "2019-06",
        "voorstel",
    ),
    chunk(
        4, "De Banenafspraak: 608 extra banen gerealiseerd in Wijdemeren en de regio.", "rib", "2024-03-15"
    ),
]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    emb = HashEmbedder()
    vecs = np.stack([emb.embed_query(c.index_text()) for c in CHUNKS])
    return Retriever(MemoryIndex(CHUNKS, vecs, emb), Glossary.load(ROOT / "corpus/glossary.toml"))


def test_glossary_expands_abbreviations_english_and_variants() -> None:
    g = Glossary.load(ROOT / "corpus/glossary.toml")
    assert "nazorg" in g.expand("aftercare by the employer service point").text
    assert "werkgeversservicepunt" in g.expand("wat doet het WSP").text
    assert "wsp" in g.expand("werkgeversservicepunt").text  # both ways
    assert "banenafspraak" in g.expand("Banenafpraak").text
    assert "wijdemeren" in g.expand("Wijdmeren").text
    assert "directie-overleg" not in g.expand("do we do it").text  # DO only in capitals


def test_search_ranks_and_collapses_duplicates(retriever: Retriever) -> None:
    resp = retriever.search("nazorg na plaatsing", k=5)
    ids = [h.chunk.chunk_id for h in resp.results]
    assert ids[0] in {"c0", "c1"} and not {"c0", "c1"} <= set(ids)
    assert resp.results[0].duplicates


def test_near_duplicates_with_different_figures_both_stay(retriever: Retriever) -> None:
    ids = [h.chunk.chunk_id for h in retriever.search("budget taal", k=5).results]
    assert {"c2", "c3"} <= set(ids)


def test_typo_and_variant_are_normalised(retriever: Retriever) -> None:
    resp = retriever.search("banenafpraak wijdmeren", k=1)
    assert resp.results[0].chunk.chunk_id == "c4"
    assert "banenafspraak" in resp.normalized_query


def test_dense_query_takes_expansions_only_within_its_token_budget(retriever: Retriever) -> None:
    from assistant.retrieval.hybrid import DENSE_TOKEN_BUDGET

    short = retriever.prepare("wat doet het WSP")
    assert "werkgeversservicepunt" in short.dense and short.dense == short.normalized
    padding = " ".join(["en"] * DENSE_TOKEN_BUDGET)
    long = retriever.prepare(f"wat doet het WSP {padding}")
    # The question itself is never cut; the expansions stay out of E5's input, not out of BM25's.
    assert long.dense == f"wat doet het wsp {padding}"
    assert "werkgeversservicepunt" in long.normalized
    assert any("werkgeversservicepunt" in concept for concept in long.concepts)


def test_common_dutch_words_are_not_typos() -> None:
    from assistant.retrieval.typos import TypoCorrector
    from ingest.lexical import Analyzer

    typos = TypoCorrector(Analyzer(["lager", "banenafspraak", "kandidaten", "wijdemeren"]))
    # "later" is a real word the corpus lacks; it must not become "lager" (lower).
    assert (
        typos.correct("komen ze later weer terug in de bijstand")
        == "komen ze later weer terug in de bijstand"
    )
    assert "banenafspraak" in typos.correct("hoe staat het met de banenafspaak")
    # In an English question the correction maps a cognate onto the corpus word.
    assert "kandidaten" in typos.correct("how many candidates had a profile in the system")


def test_scores_in_range_and_non_increasing(retriever: Retriever) -> None:
    scores = [h.score for h in retriever.search("budget taal arbeidsmarktregio", k=5).results]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores == sorted(scores, reverse=True)


def test_filters(retriever: Retriever) -> None:
    only_plan = retriever.search("budget taal", 5, SearchFilters(document="plan")).results
    assert {h.chunk.document_id for h in only_plan} <= {"plan", "plan/bijlage-1"}
    typed = retriever.search("budget taal", 5, SearchFilters(doc_type="voorstel")).results
    assert [h.chunk.chunk_id for h in typed] == ["c3"]
    dated = retriever.search("banenafspraak", 5, SearchFilters(date_from="2024")).results
    assert {h.chunk.chunk_id for h in dated} == {"c4"}


def test_unknown_filter_lists_valid_ids(retriever: Retriever) -> None:
    with pytest.raises(UnknownFilterError, match="plan/bijlage-1"):
        retriever.search("budget", 5, SearchFilters(document="nope"))
    with pytest.raises(UnknownFilterError):
        retriever.search("budget", 5, SearchFilters(date_from="gisteren"))


@pytest.mark.parametrize("bad", ["", "   ", "x" * 10_000, "de het een en", "🙂🙂", "?!"])
def test_validate_query_rejects_bad_input(bad: str) -> None:
    with pytest.raises(InvalidQueryError):
        validate_query(bad)


def test_collapse_keeps_order() -> None:
    kept, absorbed = collapse(["a b c d", "a b c d", "x y z w"], 5)
    assert kept == [0, 2] and absorbed == {0: [1]}


def test_a_repeated_query_is_embedded_once() -> None:
    class CountingEmbedder(HashEmbedder):
        calls = 0

        def embed_query(self, text: str) -> np.ndarray:
            CountingEmbedder.calls += 1
            return super().embed_query(text)

    emb = CountingEmbedder()
    vecs = np.stack([HashEmbedder().embed_query(c.index_text()) for c in CHUNKS])
    retriever = Retriever(MemoryIndex(CHUNKS, vecs, emb), Glossary({}))
    first = retriever.search("nazorg na plaatsing", k=3)
    again = retriever.search("nazorg na plaatsing", k=10)  # the engine's deeper look asks again
    assert CountingEmbedder.calls == 1
    assert [h.chunk.chunk_id for h in again.results[:3]] == [h.chunk.chunk_id for h in first.results]
    retriever.search("budget taal", k=3)
    assert CountingEmbedder.calls == 2
