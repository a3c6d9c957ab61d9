"""Sentence-level coverage and year agreement: the signals the calibrated ranking adds to fusion."""

from __future__ import annotations

from assistant.retrieval.passage_signals import best_sentence_coverage, query_years, year_agreement
from ingest.lexical import LexicalIndex

TEXTS = [
    "De nazorg duurt zes maanden. De plaatsing wordt gevolgd door de accountmanager.",
    "Na de plaatsing volgt nazorg door de accountmanager gedurende zes maanden.",
]


def test_best_sentence_rewards_terms_that_meet_in_one_sentence() -> None:
    index = LexicalIndex.build(TEXTS)
    profile = index.profile("nazorg na plaatsing")
    split = best_sentence_coverage(profile, TEXTS[0], index.analyzer)
    together = best_sentence_coverage(profile, TEXTS[1], index.analyzer)
    assert together == 1.0
    assert split < 1.0
    # Whole-passage coverage cannot tell them apart.
    assert index.coverage("nazorg na plaatsing").tolist() == [1.0, 1.0]


def test_table_rows_are_sentences() -> None:
    index = LexicalIndex.build(["Gemeente | Aantal\nWijdemeren | 883\nWeesp | 1.128"])
    profile = index.profile("wijdemeren aantal")
    assert best_sentence_coverage(profile, "Gemeente | Aantal\nWijdemeren | 883", index.analyzer) < 1.0


def test_year_agreement() -> None:
    years = query_years("Hoeveel plaatsingen in 2018 en 2019?")
    assert years == {"2018", "2019"}
    assert year_agreement(years, "In 2018 en 2019 samen 500 plaatsingen.") == 1.0
    assert year_agreement(years, "In 2018: 250 plaatsingen.") == 0.0
    assert year_agreement(years, "Vanaf 2021 geldt het besluit.") == -1.0
    assert year_agreement(query_years("Hoeveel plaatsingen?"), "In 2018.") == 0.0
    # Not a year: part of a longer number or an amount.
    assert query_years("kenmerk 120185 en € 2.018") == frozenset()
