"""Dutch analyzer and BM25 index: folding, stemming, stopwords, compounds, save/load."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.lexical import STOPWORDS, Analyzer, LexicalIndex, fold

TEXTS = [
    "De arbeidsmarkt in de regio is krap.",
    "Het re-integratietraject duurt een jaar; integratie en traject zijn woorden.",
    "Werkgevers krijgen dienstverlening van het WSP.",
    "De coördinatie van nazorg na plaatsing.",
]


def test_fold_removes_accents_and_case() -> None:
    assert fold("Coördinatie Één") == "coordinatie een"


def test_stopwords_include_dutch_and_question_words() -> None:
    assert {"de", "het", "hoeveel", "wanneer"} <= STOPWORDS


def test_compounds_split_into_known_parts() -> None:
    analyzer = Analyzer(Analyzer.vocabulary_of(TEXTS))
    assert {"arbeidsmarkt", "regio"} <= set(analyzer.split_compound("arbeidsmarktregio"))
    assert {"werkgevers", "dienstverlening"} <= set(analyzer.split_compound("werkgeversdienstverlening"))
    terms = analyzer.terms("re-integratietraject")
    assert "reintegratietraject" in terms and "integratie" in terms and "traject" in terms


def test_no_split_into_short_parts() -> None:
    analyzer = Analyzer(["bel", "eid", "beleid"])
    assert analyzer.split_compound("beleid") == []


def test_stemmer_keeps_begeleiding_apart_from_beleid() -> None:
    analyzer = Analyzer([])
    assert analyzer.analyze("begeleiding") != analyzer.analyze("beleid")


def test_search_finds_compound_parts_and_variants() -> None:
    index = LexicalIndex.build(TEXTS)
    assert index.search("arbeidsmarktregio", 1)[0][0] == 0
    assert index.search("werkgeversdienstverlening", 1)[0][0] == 2
    assert index.search("coordinatie", 1)[0][0] == 3
    assert index.search("de het een", 3) == []


def test_coverage_is_a_share(tmp_path: Path) -> None:
    index = LexicalIndex.build(TEXTS)
    cov = index.coverage("nazorg plaatsing")
    assert cov[3] == 1.0 and cov[0] == 0.0


def test_save_load_roundtrip(tmp_path: Path) -> None:
    index = LexicalIndex.build(TEXTS)
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25")
    assert loaded.size == len(TEXTS)
    assert loaded.search("arbeidsmarktregio", 2) == index.search("arbeidsmarktregio", 2)


CONCEPT_TEXTS = [
    "Het WSP, het werkgeversservicepunt voor werkgeversdienstverlening, is er voor werkgevers.",
    "Het WSP realiseerde in 2018 veel plaatsingen.",
    "Nazorg na de plaatsing door de accountmanager.",
    # Unrelated passages, so idf behaves as in a real corpus.
    "De arbeidsmarkt in de regio is krap.",
    "Het budget voor scholing is vastgesteld door de raad.",
    "Jongeren krijgen een voucher voor een opleiding.",
]
WSP = ("wsp", "werkgeversservicepunt", "werkgeversdienstverlening")


def test_a_concept_counts_once_by_its_best_form() -> None:
    index = LexicalIndex.build(CONCEPT_TEXTS)
    summed = index.scores("wsp plaatsingen werkgeversservicepunt werkgeversdienstverlening")
    grouped = index.scores("wsp plaatsingen", [WSP])
    # Adding up three forms of "WSP" lets a passage that only names the WSP beat the one that
    # answers; counted once, the passage with the placements wins.
    assert summed[0] > summed[1]
    assert grouped[1] > grouped[0]
    # The concept still scores: a text with only a long form of it is found.
    assert index.scores("wsp", [WSP])[0] > 0


def test_coverage_counts_a_concept_as_one_unit() -> None:
    index = LexicalIndex.build(CONCEPT_TEXTS)
    cov = index.coverage("aftercare plaatsing", [("aftercare", "nazorg")])
    # "aftercare" is not in the corpus, but its Dutch form is: the passage covers the whole query.
    assert cov[2] == 1.0
    assert 0.0 < cov[1] < 1.0
    assert index.coverage("aftercare plaatsing")[2] < 1.0


def test_profile_share_of_one_sentence() -> None:
    index = LexicalIndex.build(CONCEPT_TEXTS)
    profile = index.profile("nazorg plaatsing")
    assert profile.share(set(index.analyzer.analyze("nazorg en plaatsing"))) == 1.0
    assert profile.share(set(index.analyzer.analyze("alleen nazorg"))) == pytest.approx(0.5, abs=0.2)
    assert profile.share(set()) == 0.0
