"""Follow-ups fill slots, never glue text: a question that leans on the previous turn takes from that
turn's reading only what it leaves out (gemeente, period, subject, operation, age band).

A question with a subject of its own starts a new topic. The merged reading keeps the topic's
subject as it was first asked, so turn 30 of a conversation is read like turn 2: nothing grows.
"""

from __future__ import annotations

import re

from assistant.answer import asks
from assistant.answer.intent import AnswerType, Operation, QuestionIntent
from ingest.lexical import fold

_LEADING = re.compile(r"^(?:en|and|maar|but|ook|also|dus|so)\b")
_DATA_WORDS = frozenset(
    [
        "cijfer",
        "cijfers",
        "getal",
        "getallen",
        "gegevens",
        "aantallen",
        "verdeling",
        "uitsplitsing",
        "data",
        "figure",
        "figures",
        "number",
        "numbers",
        "breakdown",
        "split",
    ]
)
_SPECIFIC = 1.0  # weight from which a topic word is specific enough to make a new subject


def is_followup(current: QuestionIntent, previous: QuestionIntent | None) -> bool:
    """Whether the question leans on the previous turn instead of asking about something new."""
    if previous is None:
        return False
    if current.answer_type == AnswerType.SOURCE:
        return True
    topic = {t.word for t in previous.focus[: previous.topic_size]}
    own = [t for t in current.focus if t.known and t.weight >= _SPECIFIC and t.word not in topic]
    if not own:
        return True  # nothing of its own to be about: "En in Huizen?", "Hoeveel van hen?"
    leaning = current.refers_back or _LEADING.search(fold(current.question)) is not None
    return leaning and len(own) <= 2


def merge(current: QuestionIntent, previous: QuestionIntent, history: list[QuestionIntent]) -> QuestionIntent:
    """The follow-up's reading with its empty slots filled from the previous turn."""
    folded = fold(current.question)
    gemeenten = current.gemeenten
    region = current.region
    if not gemeenten and not region:
        if asks.TOGETHER.search(folded):
            gemeenten = _recent_gemeenten(history)
        else:
            gemeenten, region = previous.gemeenten, previous.region
    # "Heb je die cijfers ook voor Hilversum?": words for the figures themselves ask for no new thing.
    topic_focus = tuple(previous.focus[: previous.topic_size])
    own_words = {t.word for t in current.focus if fold(t.word) not in _DATA_WORDS} - {
        t.word for t in topic_focus
    }
    extra = [t for t in current.focus if t.word not in {p.word for p in topic_focus}]
    topic = previous.topic or previous.subject
    subject = " ".join([topic, *(t.word for t in extra if t.word not in topic.split())]).strip()
    answer_type = current.answer_type
    if answer_type in (AnswerType.LOOKUP, AnswerType.YESNO, AnswerType.DEFINITION) and not own_words:
        answer_type = previous.answer_type  # "En in Huizen?" asks what the last turn asked
    operation = current.operation
    if operation == Operation.NONE and answer_type == previous.answer_type:
        operation = previous.operation
    if asks.TOGETHER.search(folded) and current.is_quantity and operation == Operation.NONE:
        operation = Operation.SUM
    return current.model_copy(
        update={
            "subject": subject,
            "topic": topic,
            "topic_size": len(topic_focus),
            "focus": topic_focus + tuple(extra),
            "answer_type": answer_type,
            "operation": operation,
            "counted": current.counted or previous.counted,
            "counts_people": current.counts_people or (not current.counted and previous.counts_people),
            "gemeenten": gemeenten,
            "region": region and not gemeenten,
            "years": current.years or previous.years,
            "age_band": current.age_band or previous.age_band,
            "categories": current.categories or previous.categories,
            "followup": True,
        }
    )


def _recent_gemeenten(history: list[QuestionIntent]) -> tuple[str, ...]:
    """The gemeenten of the last turns, oldest first: what "die twee samen" gathers."""
    out: list[str] = []
    for intent in history[-3:]:
        for g in intent.gemeenten:
            if g not in out:
                out.append(g)
    return tuple(out)


def resolve(current: QuestionIntent, history: list[QuestionIntent]) -> QuestionIntent:
    """The reading to answer: the question's own, or merged with the previous turn when it leans on it."""
    previous = history[-1] if history else None
    if previous is None or not is_followup(current, previous):
        return current
    return merge(current, previous, history)
