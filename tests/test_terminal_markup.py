"""The terminal prints document text verbatim: '[privacyverklaring]' stays, '[/x]' does not raise."""

from __future__ import annotations

import pytest

from assistant.answer.models import Answer, Citation


def test_answer_and_sources_print_brackets_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.ask_cmds import _render

    text = "Lees de [privacyverklaring] en *artikel 3* [/x] [1]"
    citation = Citation(
        n=1,
        chunk_id="c1",
        document_id="d[/b]",
        title="Titel [/i]",
        date="2024",
        source_path="corpus/a.txt",
        line_start=3,
        line_end=4,
        quote="zie [bijlage] en [/x]",
        text="zie [bijlage] en [/x]",
    )
    _render(Answer(question="q", status="answered", answer=text, citations=[citation], conversation_id="c"))
    out = capsys.readouterr().out
    assert "Lees de [privacyverklaring] en *artikel 3* [/x] [1]" in out
    assert "Titel [/i]" in out and "zie [bijlage] en [/x]" in out


def test_tables_escape_document_text(capsys: pytest.CaptureFixture[str]) -> None:
    from assistant.cli.ingest_cmds import _print_documents

    doc = {
        "id": "d",
        "title": "Over de [privacyverklaring] [/x]",
        "doc_type": "brief",
        "date": "2024",
        "kenmerk": "[/k]",
        "status": "x",
        "chunks": 1,
    }
    _print_documents([doc])
    out = capsys.readouterr().out
    assert "[privacyverklaring]" in out and "[/x]" in out and "[/k]" in out
