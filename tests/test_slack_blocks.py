"""The answer as Block Kit and the app manifest: what Slack is sent and what it must be told."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from assistant.answer.models import Answer, Citation, Figure
from assistant.bots.core import Reply
from assistant.bots.slack_blocks import MAX_SOURCES, SECTION_CHARS, answer_blocks

ROOT = Path(__file__).resolve().parent.parent


def _citation(n: int, quote: str = "Het WSP bemiddelt kandidaten naar werkgevers.") -> Citation:
    return Citation(
        n=n,
        chunk_id=f"chunk{n}",
        document_id="doc",
        title="Begroting <2024> & verder",
        date="2024-01",
        section="3.1 Budget",
        page=4,
        source_path="corpus/doc.txt",
        quote=quote,
        text=quote,
    )


def _reply(answer: Answer) -> Reply:
    return Reply("answer", answer.answer, answer, "a" * 32)


def test_sources_are_numbered_linked_and_escaped() -> None:
    answer = Answer(
        question="q", status="answered", answer="Zie **dit** [1] <@U123>", citations=[_citation(1)]
    )
    blocks = answer_blocks(_reply(answer), "https://wp.example/")
    text = json.dumps(blocks, ensure_ascii=False)
    assert "Zie *dit* [1] &lt;@U123&gt;" in text  # document text never becomes a mention or a link
    assert (
        "*[1]* <https://wp.example/#bron=chunk1|Begroting &lt;2024&gt; &amp; verder> — 2024-01 · 3.1 Budget · p. 4"
        in text
    )
    assert "> Het WSP bemiddelt kandidaten naar werkgevers." in text


def test_figures_show_value_unit_period_scope_and_source() -> None:
    figure = Figure(
        indicator_id="x",
        label="Re-integratie: resterend",
        value=1234567.5,
        unit="EUR",
        period="2024",
        scope="Hilversum",
        qualifier="peildatum 2024-06-30",
        source={"title": "Realisatie Q2", "date": "2024-07-01", "page": 3},
    )
    answer = Answer(
        question="q", status="answered", answer="Er resteert € 1.234.567,50 [1].", figures=[figure]
    )
    text = json.dumps(answer_blocks(_reply(answer), "https://wp.example/"), ensure_ascii=False)
    assert "Re-integratie: resterend: € 1.234.567,5 (2024, Hilversum) — peildatum 2024-06-30" in text
    assert "_bron: Realisatie Q2, 2024-07-01, p. 3_" in text


def test_long_answers_and_many_sources_stay_within_slacks_limits() -> None:
    long_text = "\n".join(f"Zin {i} over het budget en de besteding in de regio." for i in range(400))
    answer = Answer(
        question="q", status="answered", answer=long_text, citations=[_citation(i) for i in range(1, 30)]
    )
    blocks = answer_blocks(_reply(answer), "https://wp.example/")
    assert len(blocks) <= 50
    assert all(len(b["text"]["text"]) <= SECTION_CHARS for b in blocks if b["type"] == "section")
    shown = "".join(b["text"]["text"] for b in blocks if b["type"] == "section")
    assert "Zin 0 " in shown and "Zin 399 " in shown  # split, not cut
    assert f"*[{MAX_SOURCES}]*" in shown and f"*[{MAX_SOURCES + 1}]*" not in shown


def test_a_long_quote_is_shortened_at_a_word_and_stays_verbatim() -> None:
    quote = "De middelen voor re-integratie worden ingezet voor trajecten naar werk, " * 10
    answer = Answer(question="q", status="answered", answer="x [1]", citations=[_citation(1, quote)])
    sections = [b["text"]["text"] for b in answer_blocks(_reply(answer), "u") if b["type"] == "section"]
    text = next(t for t in sections if t.startswith("*[1]*"))
    shown = text.split("\n> ", 1)[1]
    assert shown.endswith(" …") and len(shown) <= 205
    assert shown[:-2] in " ".join(quote.split())


def test_the_manifest_asks_for_what_the_bot_listens_to() -> None:
    manifest = yaml.safe_load((ROOT / "slack/manifest.yaml").read_text(encoding="utf-8"))
    source = (ROOT / "assistant/bots/slack.py").read_text(encoding="utf-8")
    commands = set(re.findall(r'app\.command\("([^"]+)"\)', source))
    assert commands == {c["command"] for c in manifest["features"]["slash_commands"]}
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert {"app_mention", "message.im", "message.channels"} <= events
    scopes = set(manifest["oauth_config"]["scopes"]["bot"])
    assert {
        "app_mentions:read",
        "chat:write",
        "commands",
        "reactions:write",
        "im:history",
        "channels:history",
    } <= scopes
    assert manifest["settings"]["interactivity"]["is_enabled"] is True  # the feedback buttons
    for url in (
        manifest["settings"]["event_subscriptions"]["request_url"],
        manifest["settings"]["interactivity"]["request_url"],
    ):
        assert url.endswith("/slack/events")
