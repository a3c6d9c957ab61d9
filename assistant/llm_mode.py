"""LLM mode: the model answers with tools; the engine then verifies every citation and every number.

The model cites passages as [n]. For each [n] the quote is the sentence of passage n that best
matches the answer sentence citing it, located verbatim in the source; a citation that cannot be
located is dropped and its sentence reported as unsupported. A number in the answer that appears
in no tool result and no cited quote is reported too, and the answer says so.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from assistant.answer_models import Answer, ToolCall
from assistant.citations import locate_quote, split_sentences
from assistant.extractive import query_terms, sentence_score
from ingest.models import Chunk

_CITE = re.compile(r"\[(\d{1,3})\]")
_NUMBER = re.compile(r"(?<![\w.,])\d{1,3}(?:[.]\d{3})+(?:,\d+)?|(?<![\w.,])\d+(?:[.,]\d+)?")


def _norm_number(token: str) -> str:
    """'2.000.000' and '2000000' compare equal; '5,6' and '5.6' too."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        token = token.replace(".", "").replace(",", ".")
    return token.replace(",", ".").rstrip("0").rstrip(".") if "." in token.replace(",", ".") else token


def numbers_in(text: str) -> set[str]:
    return {_norm_number(t) for t in _NUMBER.findall(text)}


def answer_with_llm(
    engine: Any, question: str, history: list[tuple[str, str]], language: str, model: Any
) -> Answer:
    """Run the tool loop and turn its text into a verified Answer."""
    from assistant.indicators.langchain_tools import indicator_tools
    from assistant.llm import PassageRegistry, load_prompt, make_search_tool, run_tool_loop

    registry = PassageRegistry()
    found: dict[str, Chunk] = {}

    def search(query: str, k: int) -> list[Chunk]:
        chunks = [chunk for chunk, _ in engine.backend.search(query, k)]
        found.update({c.chunk_id: c for c in chunks})
        return chunks

    tools = [make_search_tool(search, registry)]
    db_path: Path = engine.settings.indicators_db
    if db_path.exists():
        tools += indicator_tools(db_path)
    result = run_tool_loop(
        model, load_prompt("system"), history, question, tools, engine.settings.llm_max_steps
    )
    return _verify(engine, question, language, result, registry, found)


def _verify(
    engine: Any, question: str, language: str, result: Any, registry: Any, found: dict[str, Chunk]
) -> Answer:
    from assistant.engine import Draft

    draft = Draft([])
    unsupported: list[str] = []
    text = result.text
    for sentence in split_sentences(text) or [text]:
        for n in _CITE.findall(sentence):
            chunk = _chunk_for(registry, int(n), found)
            if chunk is None:
                unsupported.append(sentence)
                continue
            quote = _best_quote(engine, chunk, sentence)
            if quote is None:
                unsupported.append(sentence)
                continue
            new_n = draft.cite(chunk, *quote)
            text = text.replace(f"[{n}]", f"[#{new_n}]")
    text = re.sub(r"\[#(\d+)\]", r"[\1]", text)
    known = (
        set().union(*(numbers_in(json.dumps(c.result, ensure_ascii=False)) for c in result.tool_calls))
        if result.tool_calls
        else set()
    )
    known |= set().union(*(numbers_in(c.quote) for c in draft.citations)) if draft.citations else set()
    loose = sorted(n for n in numbers_in(text) - known if not re.fullmatch(r"\d", n))
    loose = [n for n in loose if not any(n == str(c.n) for c in draft.citations)]
    if loose:
        unsupported.append("Getallen zonder bron: " + ", ".join(loose))
        text += (
            "\n\nLet op: deze getallen staan niet in een bron of toolresultaat: " + ", ".join(loose)
            if language != "en"
            else "\n\nNote: these numbers are not in any source or tool result: " + ", ".join(loose)
        )
    # Answered means backed: a verified citation or a figure from the indicator tools. Text the model
    # wrote without either (a refusal, or a model that followed instructions found in a document)
    # is not passed off as an answer.
    figures_used = any(c.name != "search_documents" for c in result.tool_calls)
    status: Literal["answered", "no_answer"] = "answered" if draft.citations or figures_used else "no_answer"
    return Answer(
        question=question,
        status=status,
        answer=text,
        language="en" if language == "en" else "nl",
        mode="llm",
        citations=draft.citations,
        unsupported=unsupported,
        tool_calls=[ToolCall(name=c.name, arguments=c.arguments, result=c.result) for c in result.tool_calls],
    )


def _chunk_for(registry: Any, n: int, found: dict[str, Chunk]) -> Chunk | None:
    try:
        return found.get(registry.lookup(n))
    except KeyError:
        return None


def _best_quote(engine: Any, chunk: Chunk, sentence: str) -> tuple[str, int | None, int | None] | None:
    """The sentence of the passage that best supports the answer sentence, located verbatim."""
    terms = query_terms(_CITE.sub("", sentence))
    candidates = sorted(
        split_sentences(chunk.text), key=lambda s: -sentence_score(s, terms, engine.backend.idf)
    )
    source = engine.backend.source_text(chunk.source_path)
    for candidate in candidates[:3]:
        located = locate_quote(candidate, source, chunk.line_start, chunk.line_end)
        if located is not None:
            return located.quote, located.line_start, located.line_end
    return None
