"""An answer as Slack Block Kit: the text, figures, numbered sources linking to the source viewer, 👍/👎.

Slack limits (a section's text to 3,000 characters, a message to 50 blocks) are respected by
splitting long text and listing at most MAX_SOURCES sources.
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answer.models import Answer
from assistant.bots.core import Reply, figure_line, shorten, source_of_figure, viewer_link

FEEDBACK_UP = "wp_feedback_up"
FEEDBACK_DOWN = "wp_feedback_down"
MAX_SOURCES = 10
QUOTE_CHARS = 200
SECTION_CHARS = 2900

Block = dict[str, Any]


def escape(text: str) -> str:
    """Slack's three control characters; document text must never become a link or a mention."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_mrkdwn(text: str) -> str:
    """The engine's Markdown (**bold**) in Slack's mrkdwn (*bold*)."""
    return re.sub(r"\*\*(.+?)\*\*", r"*\1*", escape(text))


def _sections(text: str) -> list[Block]:
    out: list[Block] = []
    while text:
        piece = text[:SECTION_CHARS]
        if len(text) > SECTION_CHARS and "\n" in piece:
            piece = piece.rsplit("\n", 1)[0]
        out.append({"type": "section", "text": {"type": "mrkdwn", "text": piece}})
        text = text[len(piece) :].lstrip("\n")
    return out


def notice_blocks(text: str) -> list[Block]:
    return _sections(escape(text))


def answer_blocks(reply: Reply, viewer_url: str) -> list[Block]:
    answer = reply.answer
    if answer is None:
        return notice_blocks(reply.text)
    blocks = _sections(to_mrkdwn(answer.answer))
    blocks += _figures(answer)
    blocks += _sources(answer, viewer_url)
    if reply.answer_id:
        blocks.append(_feedback(reply.answer_id))
    return blocks


def _figures(answer: Answer) -> list[Block]:
    if not answer.figures:
        return []
    lines = []
    for f in answer.figures:
        line = "• " + escape(figure_line(f.label, f.value, f.unit, f.period, f.scope))
        if f.qualifier:
            line += f" — {escape(f.qualifier)}"
        source = source_of_figure(f.source)
        if source:
            line += f"\n      _bron: {escape(source)}_"
        lines.append(line)
    return [
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Cijfers*\n" + "\n".join(lines)[:SECTION_CHARS]},
        }
    ]


def _sources(answer: Answer, viewer_url: str) -> list[Block]:
    if not answer.citations:
        return []
    heading = "Bronnen" if answer.status == "answered" else "Dichtstbijzijnde passages"
    blocks: list[Block] = [
        {"type": "divider"},
        {"type": "section", "text": {"type": "mrkdwn", "text": f"*{heading}*"}},
    ]
    for c in answer.citations[:MAX_SOURCES]:
        where = " · ".join(p for p in (c.date, c.section, f"p. {c.page}" if c.page else "") if p)
        title = escape(c.title or c.document_id).replace("|", "¦")
        text = f"*[{c.n}]* <{viewer_link(viewer_url, c.chunk_id)}|{title}>"
        if where:
            text += f" — {escape(where)}"
        if c.quote:
            text += f"\n> {escape(shorten(c.quote, QUOTE_CHARS))}"
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": text}})
    return blocks


def _feedback(answer_id: str) -> Block:
    return {
        "type": "actions",
        "block_id": "wp_feedback",
        "elements": [
            {
                "type": "button",
                "action_id": FEEDBACK_UP,
                "value": answer_id,
                "text": {"type": "plain_text", "text": "👍 Klopt"},
            },
            {
                "type": "button",
                "action_id": FEEDBACK_DOWN,
                "value": answer_id,
                "text": {"type": "plain_text", "text": "👎 Klopt niet"},
            },
        ],
    }


def fallback_text(reply: Reply) -> str:
    """The notification / screen-reader text Slack shows with the blocks."""
    return shorten(reply.text, 300)
