"""LLM mode: the model answers with tools and cites passages as [n]; it only proposes.

What it writes goes through the same verification (`assistant.answer.verify`) and the same
answerability check (`assistant.answer.checks`) as an extractive answer: the engine decides the
status, never the model. A figure counts only when the answer states a number a figure tool returned.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.answer.models import Figure, ToolCall
from assistant.answer.numbers import numbers_in
from assistant.answer.proposal import Proposal
from ingest.models import Chunk

FIGURE_TOOLS = frozenset(
    {"find_indicators", "find_indicator_families", "get_indicator", "compute", "budget_status"}
)


def propose_with_llm(
    model: Any,
    question: str,
    history: Sequence[tuple[str, str]],
    search: Callable[[str, int], list[Chunk]],
    indicators_db: Path | None,
    max_steps: int,
) -> Proposal:
    """Run the bounded tool loop; the passages it was shown are numbered as the model saw them."""
    from assistant.answer.llm import PassageRegistry, load_prompt, make_search_tool, run_tool_loop
    from assistant.indicators.langchain_tools import indicator_tools

    registry = PassageRegistry()
    found: dict[str, Chunk] = {}

    def search_tool(query: str, k: int) -> list[Chunk]:
        chunks = search(query, k)
        found.update({c.chunk_id: c for c in chunks})
        return chunks

    tools = [make_search_tool(search_tool, registry)]
    if indicators_db is not None and indicators_db.exists():
        tools += indicator_tools(indicators_db)
    result = run_tool_loop(model, load_prompt("system"), history, question, tools, max_steps)
    shown = {n: found[cid] for n, cid in registry.numbers().items() if cid in found}
    calls = [ToolCall(name=c.name, arguments=c.arguments, result=c.result) for c in result.tool_calls]
    figures, stated = _figures_used(result.text, calls)
    return Proposal(text=result.text, shown=shown, tool_calls=calls, figures=figures, figures_stated=stated)


def _figures_used(text: str, calls: list[ToolCall]) -> tuple[list[Figure], bool]:
    """Figures from the indicator tools that the answer actually states (a number of theirs in the text).

    A model that called find_indicators, found nothing fitting and refused has stated no figure.
    """
    stated = numbers_in(text)
    figures: list[Figure] = []
    used = False
    for call in calls:
        if call.name not in FIGURE_TOOLS or (isinstance(call.result, dict) and "error" in call.result):
            continue
        for row in _rows_in(call.result):
            value = row.get("value")
            if value is not None and numbers_in(str(value)) & stated:
                figures.append(_figure(row))
                used = True
        if (
            call.name == "compute"
            and isinstance(call.result, dict)
            and numbers_in(str(call.result.get("result"))) & stated
        ):
            used = True
    return figures, used


def _rows_in(result: Any) -> list[dict[str, Any]]:
    """Indicator rows anywhere in a tool result (a hit list, a family, get_indicator's rows)."""
    out: list[dict[str, Any]] = []
    if isinstance(result, dict):
        if "id" in result and "value" in result and "unit" in result:
            out.append(result)
        for value in result.values():
            out += _rows_in(value)
    elif isinstance(result, list):
        for item in result:
            out += _rows_in(item)
    return out


def _figure(row: dict[str, Any]) -> Figure:
    return Figure(
        indicator_id=str(row.get("id", "")),
        label=str(row.get("label", "")),
        value=row.get("value"),
        unit=str(row.get("unit", "")),
        period=str(row.get("period", "")),
        scope=str(row.get("area") or row.get("scope") or ""),
        qualifier=str(row.get("qualifier", "")),
        source=row.get("source") or {},
    )
