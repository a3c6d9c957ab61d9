"""The answer engine end to end on the real corpus and index (built by `assistant ingest`): the
mechanisms and the bad input of the answer pipeline, with questions in users' own words."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from assistant.answer.quotes import stands_in
from assistant.config import Settings
from assistant.errors import InvalidQueryError, NotFoundError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DATA / "index" / "CURRENT").exists(), reason="run `assistant ingest` first"),
]


@pytest.fixture(scope="module")
def engine():  # type: ignore[no-untyped-def]
    from assistant.service import get_engine

    return get_engine(Settings(data_dir=DATA, corpus_dir=ROOT / "corpus"))


def _assert_verbatim(answer) -> None:  # type: ignore[no-untyped-def]
    assert answer.citations, "an answer must cite its sources"
    for c in answer.citations:
        source = (ROOT / c.source_path).read_text(encoding="utf-8")
        assert stands_in(c.quote, source), c.quote
        assert c.line_start is not None and c.line_start <= c.line_end


def test_a_procedure_gives_the_steps_of_one_passage_in_order(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("wat doet de accountmanager allemaal na een plaatsing bij de werkgever?")
    assert answer.status == "answered"
    _assert_verbatim(answer)
    steps = [line for line in answer.answer.splitlines() if re.match(r"\d+\. ", line)]
    assert len(steps) >= 2
    assert len({c.chunk_id for c in answer.citations}) == 1  # one procedure passage, all its steps
    assert not any(c.quote.startswith(("Nazorg werkgever ", "Afspraak ")) for c in answer.citations)


def test_a_difference_is_computed_by_the_tools_and_cites_its_rows(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("hoeveel extra banen kwamen we eind 2020 tekort ten opzichte van de norm?")
    assert answer.status == "answered"
    assert any(call.name == "compute" for call in answer.tool_calls)
    assert "900 − 608 = 292" in answer.answer
    _assert_verbatim(answer)


def test_a_regional_total_is_never_added_to_its_own_gemeenten(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel mensen hadden in totaal een WW-uitkering in januari 2019?")
    assert "12.007" not in answer.answer and "8.086" not in answer.answer
    if answer.figures:
        assert {f.scope for f in answer.figures} == {"Gooi en Vechtstreek"}


def test_a_place_outside_the_region_is_refused_with_the_reason(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel WW-uitkeringen had Amsterdam in januari 2019?")
    assert answer.status == "no_answer" and "Amsterdam" in answer.answer and not answer.figures
    _assert_verbatim(answer)  # the closest passages are still shown


def test_a_year_range_question_is_read_as_a_range(engine) -> None:  # type: ignore[no-untyped-def]
    inside = engine.ask("Hoeveel geld was er tussen 2019 en 2021 voor Perspectief op Werk?")
    assert inside.status == "answered"
    outside = engine.ask("Hoeveel geld krijgt Werken aan Werk in 2026?")
    assert outside.status == "no_answer"


def test_near_misses_topic_present_fact_absent_are_no_answer(engine) -> None:  # type: ignore[no-untyped-def]
    for question in (
        "Wat verdient een jobcoach per uur?",
        "Wie is op dit moment de voorzitter van de Werkkamer?",
        "Hoeveel is er tot nu toe uitgegeven aan de scholingsmakelaar?",
    ):
        answer = engine.ask(question)
        assert answer.status == "no_answer", question
        assert "geen antwoord" in answer.answer


def test_answers_lead_with_the_answer_and_stay_short(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Sinds wanneer is de wijziging van het Besluit SUWI van kracht?")
    assert answer.status == "answered"
    assert len(answer.answer.split()) <= 120 and len(answer.citations) <= 3
    assert "1 januari 2021" in answer.answer.splitlines()[0]


def test_english_question_gets_an_english_frame(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("How does the WSP report to the municipalities about candidates?")
    assert answer.language == "en"
    assert answer.answer.startswith(("From the documents", "The documents do not answer"))


def test_a_topic_switch_after_a_figure_question_is_answered_on_its_own(engine) -> None:  # type: ignore[no-untyped-def]
    first = engine.ask("Hoeveel mensen in Hilversum zaten eind januari 2019 in de WW?")
    switch = engine.ask("Wat doet het RMT eigenlijk?", first.conversation_id)
    assert switch.status == "answered"
    assert not switch.figures and any(
        "RMT" in c.quote or "Mobiliteitsteam" in c.quote for c in switch.citations
    )
    audit = engine.conversations.audit(first.conversation_id)
    assert "hilversum" not in audit[1]["resolved_question"].lower()


def test_a_follow_up_fills_its_slots_from_the_previous_turn(engine) -> None:  # type: ignore[no-untyped-def]
    first = engine.ask("Hoeveel mensen in Hilversum zaten eind januari 2019 in de WW?")
    second = engine.ask("Hoeveel van hen waren jonger dan 27?", first.conversation_id)
    assert "1.451 × 5% = 72,55" in second.answer and not second.unsupported
    audit = engine.conversations.audit(first.conversation_id)
    assert [row["n"] for row in audit] == [1, 2]
    assert audit[1]["index_generation"] == engine.backend.generation


def test_a_thirty_turn_conversation_stays_bounded(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Hoeveel werkzoekenden met een uitkering heeft Eemnes?")
    conversation = answer.conversation_id
    follow_ups = ["En Blaricum?", "en in Laren?", "En Huizen?"]
    for turn in range(29):
        answer = engine.ask(follow_ups[turn % 3], conversation)
        assert answer.status in ("answered", "no_answer")
    audit = engine.conversations.audit(conversation)
    assert len(audit) == 30
    lengths = [len(str(row["resolved_question"])) for row in audit[1:]]
    assert max(lengths) == min(lengths) or max(lengths) - min(lengths) < 20  # nothing grows
    assert answer.status == "answered" and "Huizen" in answer.answer


@pytest.mark.parametrize(
    ("question", "needle"),
    [("   ", "leeg"), ("x" * 20_000, "maximum"), ("😀🎉🙈", "geen woorden")],
)
def test_bad_questions_get_a_clear_error(engine, question: str, needle: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidQueryError, match=needle):
        engine.ask(question)


def test_german_question_asks_for_dutch_or_english(engine) -> None:  # type: ignore[no-untyped-def]
    answer = engine.ask("Wie viele Arbeitsuchende gibt es in Hilversum und wann beginnt das Werkcentrum?")
    assert answer.status == "clarify"
    assert "Nederlands of het Engels" in answer.answer


def test_unknown_conversation_id_is_a_clear_error(engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError, match="Onbekend gesprek"):
        engine.ask("En in Huizen?", "does-not-exist")


def test_cli_prints_each_quote_once(tmp_path: Path) -> None:
    proc = subprocess.run(
        [str(ROOT / ".venv/bin/assistant"), "ask", "Wat doet het RMT?"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "COLUMNS": "400", "ASSISTANT_DATA_DIR": str(DATA)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    first_quote = proc.stdout.split("[1]")[0].split()[:6]  # the opening words of the lead quote
    assert " ".join(proc.stdout.split()).count(" ".join(first_quote)) == 1


def test_cli_without_an_index_says_run_ingest_first(tmp_path: Path) -> None:
    env = {"ASSISTANT_DATA_DIR": str(tmp_path / "empty"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.run(
        [str(ROOT / ".venv/bin/assistant"), "ask", "--json", "Wat is het WSP?"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "assistant ingest" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_cited_list_item_is_judged_as_itself_even_quoted_with_the_next(engine) -> None:  # type: ignore[no-untyped-def]
    # The quote drops the item's bullet and takes the next item along; the check must still weigh
    # the item that holds the answer ("36 uur"), not only the next one ("flexibel aantal uur").
    answer = engine.ask("Hoeveel uur per week werkt de programma coördinator Werk & Participatie?")
    assert answer.status == "answered" and "36 uur" in answer.answer
    _assert_verbatim(answer)


def test_the_warm_up_answer_is_recorded_nowhere(engine) -> None:  # type: ignore[no-untyped-def]
    # A server warms up every process before it is ready; no turn or audit record may come of it.
    def turns() -> int:
        _, rows = engine.conversations._read("SELECT count(*) FROM turns", ())
        return int(rows[0][0])

    before = turns()
    engine.warm_up()
    assert turns() == before
    assert engine.ask("Hoeveel budget heeft Perspectief op Werk voor het WerkgeversServicepunt?").answer
    assert turns() == before + 1  # the count does move when an answer is recorded
