"""Follow-ups fill slots from the previous reading and never glue text; a new subject starts anew."""

from __future__ import annotations

from answer_fixtures import vocabulary

from assistant.answer.followup import resolve
from assistant.answer.intent import AnswerType, QuestionIntent, read_question

CORPUS = vocabulary()


def _conversation(*questions: str) -> list[QuestionIntent]:
    history: list[QuestionIntent] = []
    for question in questions:
        history.append(resolve(read_question(question, CORPUS, CORPUS.expand), history))
    return history


def test_a_gemeente_follow_up_takes_the_subject_and_swaps_the_gemeente() -> None:
    first, second = _conversation("Hoeveel personen in Hilversum hebben een WW-uitkering?", "En in Huizen?")
    assert second.followup and second.gemeenten == ("Huizen",)
    assert second.answer_type == AnswerType.COUNT
    assert {t.word for t in first.focus} <= {t.word for t in second.focus}


def test_die_twee_samen_gathers_the_gemeenten_of_the_last_turns() -> None:
    *_, third = _conversation(
        "Hoeveel personen in Hilversum hebben een WW-uitkering?",
        "En in Huizen?",
        "Hoeveel zijn dat er samen?",
    )
    assert third.gemeenten == ("Hilversum", "Huizen")


def test_a_question_with_its_own_subject_starts_a_new_topic() -> None:
    # A topic switch right after a figure question: five words of its own are enough.
    _, second = _conversation(
        "Hoeveel personen in Hilversum hebben een WW-uitkering?", "Hoe werkt de nazorg?"
    )
    assert not second.followup and second.gemeenten == () and second.answer_type == AnswerType.PROCEDURE


def test_turn_thirty_is_read_like_turn_two() -> None:
    questions = ["Hoeveel personen in Hilversum hebben een WW-uitkering?"]
    questions += ["En in Huizen?", "En in Hilversum?"] * 15  # 31 turns
    history = _conversation(*questions)
    assert history[-1].query_text() == history[2].query_text()
    assert len(history[-1].focus) == len(history[2].focus)


def test_asking_for_the_same_figures_elsewhere_asks_what_the_last_turn_asked() -> None:
    # "die cijfers" names nothing new: the count is asked again, for Huizen,
    # so the figure must be Huizen's (a passage about the region no longer answers a yes/no).
    _, second = _conversation(
        "Hoeveel personen in Hilversum hebben een WW-uitkering?", "Heb je die cijfers ook voor Huizen?"
    )
    assert second.followup and second.gemeenten == ("Huizen",) and second.answer_type == AnswerType.COUNT
