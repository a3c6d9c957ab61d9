"""Answer-type coverage: the signal the calibrated ranking adds to fusion."""

from __future__ import annotations

import pytest

from assistant.retrieval.passage_signals import AnswerType, answer_coverage, answer_type
from ingest.lexical import LexicalIndex

TEXTS = [
    "Het WSP bemiddelt kandidaten naar werk. In 2018 realiseerde het WSP 250 plaatsingen.",
    "Het WSP bemiddelt kandidaten en realiseert plaatsingen bij werkgevers in de regio.",
    "De Werkkamer stelde het actieplan vast in november 2020.",
    "Jongeren krijgen een voucher voor een opleiding.",
    "De arbeidsmarkt in de regio is krap.",
]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoeveel plaatsingen realiseerde het WSP?", AnswerType.QUANTITY),
        ("hoe veel kost een voucher", AnswerType.QUANTITY),
        ("How many candidates had a profile?", AnswerType.QUANTITY),
        ("Wat kost één jongerenvoucher?", AnswerType.QUANTITY),
        ("Sinds wanneer zit SROI in het WSP?", AnswerType.DATE),
        ("When did the Werkkamer adopt the plan?", AnswerType.DATE),
        ("Hoe werkt de nazorg van het WSP?", AnswerType.NONE),
        ("Welke partijen werken samen?", AnswerType.NONE),
    ],
)
def test_answer_type_of_a_question(question: str, kind: AnswerType) -> None:
    assert answer_type(question) is kind


def test_quantity_needs_a_number_next_to_the_question_words() -> None:
    index = LexicalIndex.build(TEXTS)
    profile = index.profile("plaatsingen wsp")
    with_number = answer_coverage(profile, TEXTS[0], index.analyzer, AnswerType.QUANTITY)
    without = answer_coverage(profile, TEXTS[1], index.analyzer, AnswerType.QUANTITY)
    assert with_number == 1.0
    # Same words, no number: whole-passage coverage would rate it as high.
    assert without == 0.0
    assert index.coverage("plaatsingen wsp")[1] == 1.0
    # No particular kind asked: the signal stays silent.
    assert answer_coverage(profile, TEXTS[0], index.analyzer, AnswerType.NONE) == 0.0


def test_a_year_is_a_date_not_a_quantity() -> None:
    index = LexicalIndex.build(TEXTS)
    profile = index.profile("actieplan werkkamer")
    text = "De Werkkamer stelde het actieplan vast in 2020."
    assert answer_coverage(profile, text, index.analyzer, AnswerType.QUANTITY) == 0.0
    assert answer_coverage(profile, text, index.analyzer, AnswerType.DATE) == 1.0
    assert answer_coverage(profile, TEXTS[2], index.analyzer, AnswerType.DATE) == 1.0  # a month


def test_table_rows_are_sentences() -> None:
    index = LexicalIndex.build(["Gemeente | Aantal\nWijdemeren | 883\nWeesp | 1.128", *TEXTS])
    profile = index.profile("wijdemeren")
    table = "Gemeente | Aantal\nWijdemeren | 883\nWeesp | 1.128"
    assert answer_coverage(profile, table, index.analyzer, AnswerType.QUANTITY) == 1.0
    assert answer_coverage(index.profile("aantal"), table, index.analyzer, AnswerType.QUANTITY) == 0.0
