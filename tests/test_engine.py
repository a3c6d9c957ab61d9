"""The answer engine in extractive mode, on the real corpus and index (built by `assistant ingest`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from assistant.citations import stands_in
from assistant.config import Settings
from assistant.errors import InvalidQueryError, NotFoundError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / ".data"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (DATA / "index" / "CURRENT").exists(), reason="run `assistant ingest` first"),
]


@pytest.fixture(scope="module")
def engine():
    from assistant.service import get_engine

    return get_engine(Settings(data_dir=DATA, corpus_dir=ROOT / "corpus"))


def _assert_verbatim(answer) -> None:
    assert answer.citations, "an answer must cite its sources"
    for c in answer.citations:
        source = (ROOT / c.source_path).read_text(encoding="utf-8")
        assert stands_in(c.quote, source), c.quote
        assert c.line_start is not None and c.line_start <= c.line_end


def test_procedure_answer_quotes_the_steps_verbatim(engine) -> None:
    answer = engine.ask(
        "Hoe ziet de nazorg van het WSP eruit als een kandidaat van de gemeente geplaatst is?"
    )
    assert answer.status == "answered" and answer.mode == "extractive"
    _assert_verbatim(answer)
    assert any("binnen een week de consulent" in c.text for c in answer.citations)


def test_figure_question_is_computed_by_the_tools(engine) -> None:
    answer = engine.ask("Hoeveel banen liepen we eind 2020 achter op de norm van de banenafspraak?")
    assert answer.status == "answered"
    assert "292" in answer.answer
    assert {"banenafspraak_gv_norm_eind_2020", "banenafspraak_gv_extra_banen_q4_2020"} <= {
        f.indicator_id for f in answer.figures
    }
    assert any(call.name == "compute" for call in answer.tool_calls)


def test_a_change_between_two_dates_is_computed_from_the_earlier_one(engine) -> None:
    answer = engine.ask("Met hoeveel procent is het aantal WW-uitkeringen gedaald sinds de piek in 2016?")
    assert answer.status == "answered"
    assert "maart 2016 → januari 2019" in answer.answer and "-54,1%" in answer.answer
    assert any(c.name == "compute" and c.result["result"] == -54.1 for c in answer.tool_calls)


def test_budget_sum_uses_the_tables_own_totals(engine) -> None:
    answer = engine.ask(
        "Tel de begroting van Perspectief op Werk eens op: komen we precies op 2 miljoen uit?"
    )
    assert "469.100 + 827.550 + 703.350 = 2.000.000" in answer.answer


def test_question_about_a_gemeente_the_sources_do_not_cover_is_refused(engine) -> None:
    answer = engine.ask(
        "Hoeveel krijgt Eemnes precies uit de 'impuls lokale initiatieven' van Perspectief op Werk?"
    )
    assert answer.status == "no_answer"
    assert "Eemnes" in answer.answer
    _assert_verbatim(answer)  # the closest passages are still shown


def test_on_topic_passages_without_the_asked_figure_are_no_answer(engine) -> None:
    # The project exists in the sources, how many take part does not; the 2019 benefit tables that
    # mention statushouders are for another year.
    count = engine.ask("hoeveel statushouders staan nu in 2024 voor de klas?")
    assert count.status == "no_answer" and "statushouders" in count.answer
    assert not count.figures
    wage = engine.ask("Wat is het uurloon van een accountmanager van het WSP?")
    assert wage.status == "no_answer" and "bedrag" in wage.answer
    _assert_verbatim(wage)


def test_a_count_or_date_of_another_kind_is_no_answer(engine) -> None:
    # The sources say the plan awaits the ministry's approval, never on which day it came.
    date = engine.ask("Op welke datum keurde het ministerie van SZW het plan Perspectief op Werk goed?")
    assert date.status == "no_answer" and "een datum" in date.answer
    adopted = engine.ask("Op welke datum heeft de Werkkamer Perspectief op Werk vastgesteld?")
    assert adopted.status == "answered" and any("21 juni" in c.quote for c in adopted.citations)
    # A number of projects or certificates is not a number of people.
    people = engine.ask("Hoeveel mensen zijn eind 2023 begonnen bij Ik in de kinderopvang?")
    assert people.status == "no_answer" and "het aantal mensen" in people.answer


def test_results_of_a_later_evaluation_are_not_read_from_the_plan_that_announces_it(engine) -> None:
    # The 2019 plan describes how the WSP will be evaluated in 2020; no document reports the outcome.
    answer = engine.ask("What were the results of the 2020 evaluation of the employer service point?")
    assert answer.status == "no_answer"
    assert "outcome in 2020" in answer.answer
    _assert_verbatim(answer)


def test_a_gemeente_named_only_deeper_in_the_results_is_found(engine) -> None:
    answer = engine.ask("How does Weesp handle the job agreement after the merger with Amsterdam?")
    assert answer.status == "answered"
    assert any("Weesp" in c.quote for c in answer.citations)
    _assert_verbatim(answer)


def test_english_question_gets_an_english_frame(engine) -> None:
    answer = engine.ask("How does the WSP report to the municipalities about candidates?")
    assert answer.language == "en"
    assert "According to" in answer.answer or "documents do not answer" in answer.answer


def test_follow_up_resolves_against_the_previous_turn(engine) -> None:
    first = engine.ask("Hoeveel mensen in Hilversum zaten eind januari 2019 in de WW?")
    second = engine.ask("Hoeveel van hen waren jonger dan 27?", first.conversation_id)
    assert second.conversation_id == first.conversation_id
    assert "1.451 × 5% = 72,55 ≈ 73" in second.answer
    audit = engine.conversations.audit(first.conversation_id)
    assert [row["n"] for row in audit] == [1, 2]
    assert audit[1]["resolved_question"].startswith("Hoeveel mensen in Hilversum")
    assert audit[1]["index_generation"] == engine.backend.generation


@pytest.mark.parametrize(
    ("question", "needle"),
    [("   ", "leeg"), ("x" * 20_000, "maximum"), ("😀🎉🙈", "geen woorden")],
)
def test_bad_questions_get_a_clear_error(engine, question: str, needle: str) -> None:
    with pytest.raises(InvalidQueryError, match=needle):
        engine.ask(question)


def test_german_question_asks_for_dutch_or_english(engine) -> None:
    answer = engine.ask("Wie viele Arbeitsuchende gibt es in Hilversum und wann beginnt das Werkcentrum?")
    assert answer.status == "clarify"
    assert "Nederlands of het Engels" in answer.answer


def test_unknown_conversation_id_is_a_clear_error(engine) -> None:
    with pytest.raises(NotFoundError, match="Onbekend gesprek"):
        engine.ask("En in Huizen?", "does-not-exist")


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
