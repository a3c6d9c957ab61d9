"""Budget questions end to end: the post found from the question's focus terms, begroot, besteed and
resterend from imported realisations as figures with source and peildatum, and a plain no_answer
when no realisation is known. The real index, with an indicators table that has an import."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import openpyxl
import pytest

from assistant.answer.budget import match_lines
from assistant.answer.intent import FocusTerm
from assistant.answer.numbers import numbers_in
from assistant.config import Settings
from ingest.indicator_import import import_file
from ingest.lexical import fold

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
PAIRS = [
    ("Perspectief op Werk", "Pilot scholingsmakelaar"),
    ("Perspectief op Werk", "Impuls lokale initiatieven"),
    ("Perspectief op Werk", "Totaal"),
    ("Werken aan Werk", "Impuls lokale initiatieven"),
    ("Werken aan Werk", "Innovatiefonds"),
    ("Werken aan Werk", "Totaal"),
]


def _analyze(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(text))


def _term(word: str, weight: float = 2.0, phrases: tuple[str, ...] = ()) -> FocusTerm:
    return FocusTerm(word=word, forms=((word,),), phrases=phrases, weight=weight, known=True)


def test_the_line_the_focus_names_is_matched() -> None:
    assert match_lines((_term("scholingsmakelaar"), _term("pilot")), PAIRS, _analyze) == [
        ("Perspectief op Werk", "Pilot scholingsmakelaar")
    ]


def test_a_line_in_two_programmes_gives_both_unless_the_programme_is_named() -> None:
    focus = (_term("lokale", 0.6), _term("initiatieven"))
    assert match_lines(focus, PAIRS, _analyze) == [
        ("Perspectief op Werk", "Impuls lokale initiatieven"),
        ("Werken aan Werk", "Impuls lokale initiatieven"),
    ]
    waw = _term("waw", phrases=("werken aan werk",))
    assert match_lines((*focus, waw), PAIRS, _analyze) == [("Werken aan Werk", "Impuls lokale initiatieven")]


def test_a_programme_alone_gives_its_total_and_an_unrelated_focus_nothing() -> None:
    pow_ = _term("pow", phrases=("perspectief op werk",))
    assert match_lines((pow_,), PAIRS, _analyze) == [("Perspectief op Werk", "Totaal")]
    assert match_lines((_term("jobcoach"), _term("nazorg")), PAIRS, _analyze) == []


# --- the engine on the real index -----------------------------------------------------------------
pytestmark_engine = pytest.mark.skipif(
    not (DATA / "index" / "CURRENT").exists(), reason="run `assistant ingest` first"
)
SHEET = [
    ["Perspectief op Werk", "Pilot scholingsmakelaar", 2020, "82.800,00", "61.250,50", dt.date(2020, 12, 31)],
    ["Werken aan Werk", "Gezamenlijk monitoren", 2020, None, "16.000", "31-12-2020"],
    ["Werken aan Werk", "Matching versterken", 2020, "59.000", "n.v.t.", "31-12-2020"],
    ["Werken aan Werk", "Innovatiefonds", 2021, "200.000", "120.000", "30-06-2021"],
]


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from assistant.service import get_engine

    data = tmp_path_factory.mktemp("budget") / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("conversations.sqlite*", "ingest.*"))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Realisatie"
    ws.append(["Programma", "Begrotingspost", "Jaar", "Begroot", "Besteed", "Peildatum"])
    for row in SHEET:
        ws.append(row)
    sheet = data.parent / "fin.xlsx"
    wb.save(sheet)
    assert import_file(sheet, data / "indicators.sqlite").realisations_added == 4
    return get_engine(Settings(data_dir=data, corpus_dir=ROOT / "corpus"))


def _no_loose_numbers(answer) -> None:  # type: ignore[no-untyped-def]
    assert not any(u.startswith("Getallen zonder bron") for u in answer.unsupported), answer.unsupported


@pytestmark_engine
@pytest.mark.slow
def test_what_was_spent_answers_with_begroot_besteed_resterend_and_their_source(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel is er in 2020 besteed aan de pilot scholingsmakelaar?")
    assert answer.status == "answered"
    figures = {f.kind: f for f in answer.figures}
    assert {k: f.value for k, f in figures.items()} == {
        "begroot": 82800.0, "besteed": 61250.5, "resterend": 21549.5
    }  # fmt: skip
    assert (
        figures["besteed"].source["file"] == "fin.xlsx [Realisatie]"
        and figures["besteed"].source["line"] == 2
    )
    assert figures["besteed"].peildatum == "2020-12-31" and figures["resterend"].source["kind"] == "computed"
    assert "besteed € 61.250,50" in answer.answer and "resterend € 21.549,50" in answer.answer
    assert "peildatum 31 december 2020" in answer.answer and "fin.xlsx [Realisatie], regel 2" in answer.answer
    assert [c.name for c in answer.tool_calls] == ["budget_status"]
    _no_loose_numbers(answer)


@pytestmark_engine
@pytest.mark.slow
def test_the_stand_of_a_line_uses_the_documents_begroot_when_the_import_has_none(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Wat is de stand van Gezamenlijk monitoren in 2020?")
    assert answer.status == "answered"
    begroot = next(f for f in answer.figures if f.kind == "begroot")
    assert begroot.value == 16000.0 and begroot.source["kind"] == "document"
    assert begroot.source["sentence"] and "resterend € 0" in answer.answer
    _no_loose_numbers(answer)


@pytestmark_engine
@pytest.mark.slow
def test_what_is_left_this_year_reads_the_year_from_today(engine) -> None:  # type: ignore[no-untyped-def]
    engine.today = dt.date(2021, 9, 1)
    try:
        answer = engine.ask("Hoeveel is er nog over van het Innovatiefonds dit jaar?")
    finally:
        engine.today = None
    assert answer.status == "answered"
    assert {f.kind: f.value for f in answer.figures}["resterend"] == 80000.0
    assert "peildatum 30 juni 2021" in answer.answer


@pytestmark_engine
@pytest.mark.slow
def test_no_realisation_is_said_plainly_and_no_remainder_from_the_budget_alone(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel is er in 2020 besteed aan het Innovatiefonds?")
    assert answer.status == "no_answer" and not answer.figures
    assert "realisatiecijfers" in answer.answer
    assert "Geen realisatie bekend voor Innovatiefonds (Werken aan Werk) 2020" in answer.answer
    assert "assistant indicators import" in answer.answer
    assert "resterend €" not in answer.answer
    assert "budget_status" in [c.name for c in answer.tool_calls]


@pytestmark_engine
@pytest.mark.slow
def test_a_besteed_of_nvt_is_no_realisation(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel is er nog over van Matching versterken in 2020?")
    assert answer.status == "no_answer"
    assert "noemt geen besteed bedrag (n.v.t. of leeg)" in answer.answer


@pytestmark_engine
@pytest.mark.slow
def test_an_english_budget_question_gets_an_english_answer(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("How much was spent on the pilot scholingsmakelaar in 2020?")
    assert answer.status == "answered" and answer.language == "en"
    assert "spent € 61.250,50" in answer.answer and "as of 31 December 2020" in answer.answer


@pytestmark_engine
@pytest.mark.slow
def test_every_number_of_a_budget_answer_is_in_its_tool_result(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Wat is er in 2020 uitgegeven aan de scholingsmakelaar?")
    assert answer.status == "answered"
    results = " ".join(str(c.result) for c in answer.tool_calls)
    assert numbers_in(answer.answer) <= numbers_in(results)


@pytestmark_engine
@pytest.mark.slow
def test_a_programme_without_an_imported_total_lists_its_imported_lines(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel is er in 2020 besteed aan Perspectief op Werk?")
    assert answer.status == "answered"
    assert {f.budget_line for f in answer.figures} == {"Pilot scholingsmakelaar"}
    assert "Totaal" not in answer.answer  # never a total the administration did not state
