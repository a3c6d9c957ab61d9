"""The answer as an Adaptive Card, and the Teams app manifest."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answer.models import Answer, Citation, Figure
from assistant.bots.core import Reply
from assistant.bots.teams_cards import answer_card

ROOT = Path(__file__).resolve().parent.parent


def test_the_card_has_numbered_linked_sources_figures_and_feedback_actions() -> None:
    citation = Citation(
        n=1,
        chunk_id="c/1",
        document_id="doc",
        title="Plan [concept]",
        date="2023",
        section="2 Doelen",
        source_path="corpus/doc.txt",
        quote="Het *budget* is krap.",
        text="Het *budget* is krap.",
    )
    figure = Figure(
        indicator_id="f", label="Scholing: begroot", value=200000, unit="EUR", period="2023", scope="regio"
    )
    answer = Answer(
        question="q",
        status="answered",
        answer="Het budget is krap [1].",
        citations=[citation],
        figures=[figure],
    )
    card = answer_card(Reply("answer", answer.answer, answer, "b" * 32), "https://wp.example")
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    texts = [b.get("text", "") for b in card["body"]]
    assert "**[1]** [Plan \\[concept\\]](https://wp.example/#bron=c%2F1) — 2023 · 2 Doelen" in texts
    assert "“Het \\*budget\\* is krap.”" in texts  # document text shown literally, not as Markdown
    facts = next(b for b in card["body"] if b["type"] == "FactSet")["facts"]
    assert facts == [{"title": "Scholing: begroot", "value": "€ 200.000 (2023, regio)"}]
    assert [a["data"] for a in card["actions"]] == [
        {"wp_feedback": "up", "answer_id": "b" * 32},
        {"wp_feedback": "down", "answer_id": "b" * 32},
    ]


def test_a_notice_is_a_card_without_actions() -> None:
    card = answer_card(Reply("notice", "Ik zie geen vraag."), "https://wp.example")
    assert card["body"] == [{"type": "TextBlock", "text": "Ik zie geen vraag.", "wrap": True}]
    assert "actions" not in card


def test_the_manifest_names_the_bot_its_scopes_and_icons() -> None:
    manifest = json.loads((ROOT / "teams/manifest.json").read_text(encoding="utf-8"))
    (bot,) = manifest["bots"]
    assert set(bot["scopes"]) >= {"personal", "team"}  # personal chat and channel @mentions
    assert bot["supportsFiles"] is False  # the bot says it does not read attachments
    for icon in manifest["icons"].values():
        data = (ROOT / "teams" / icon).read_bytes()
        assert data.startswith(b"\x89PNG")
