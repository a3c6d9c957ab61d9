"""An answer as an Adaptive Card (1.5, what Teams renders): the text, figures, numbered sources that
link to the web source viewer, and 👍/👎 buttons (Action.Submit: Teams sends their data back as a
message activity whose `value` names the vote and the answer)."""

from __future__ import annotations

from typing import Any

from assistant.bots.core import Reply, figure_value, shorten, source_of_figure, viewer_link

CARD_TYPE = "application/vnd.microsoft.card.adaptive"
FEEDBACK_KEY = "wp_feedback"
MAX_SOURCES = 10
QUOTE_CHARS = 200


def _md(text: str) -> str:
    """Document text shown literally: the card's Markdown must not turn it into links or emphasis."""
    for ch in "\\[]*_`":
        text = text.replace(ch, "\\" + ch)
    return text


def _text(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def answer_card(reply: Reply, viewer_url: str) -> dict[str, Any]:
    answer = reply.answer
    body: list[dict[str, Any]] = [_text(_md(reply.text))]
    if answer is not None and answer.figures:
        facts = []
        for f in answer.figures:
            value = figure_value(f.value, f.unit, f.period, f.scope)
            source = source_of_figure(f.source)
            facts.append({"title": f.label, "value": value + (f" — bron: {source}" if source else "")})
        body.append(_text("Cijfers", weight="Bolder", separator=True))
        body.append({"type": "FactSet", "facts": facts})
    if answer is not None and answer.citations:
        heading = "Bronnen" if answer.status == "answered" else "Dichtstbijzijnde passages"
        body.append(_text(heading, weight="Bolder", separator=True))
        for c in answer.citations[:MAX_SOURCES]:
            where = " · ".join(p for p in (c.date, c.section, f"p. {c.page}" if c.page else "") if p)
            link = f"[{_md(c.title or c.document_id)}]({viewer_link(viewer_url, c.chunk_id)})"
            body.append(_text(f"**[{c.n}]** {link}" + (f" — {_md(where)}" if where else ""), spacing="Small"))
            if c.quote:
                body.append(
                    _text(
                        f"“{_md(shorten(c.quote, QUOTE_CHARS))}”", isSubtle=True, size="Small", spacing="None"
                    )
                )
    card: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.5",
        "body": body,
    }
    if reply.answer_id:
        card["actions"] = [
            {
                "type": "Action.Submit",
                "title": "👍 Klopt",
                "data": {FEEDBACK_KEY: "up", "answer_id": reply.answer_id},
            },
            {
                "type": "Action.Submit",
                "title": "👎 Klopt niet",
                "data": {FEEDBACK_KEY: "down", "answer_id": reply.answer_id},
            },
        ]
    return card
