"""The indicator tools as langchain StructuredTools for the LLM mode, built from the plain typed functions."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.tools import StructuredTool

from assistant.errors import AssistantError
from assistant.indicators import tools


def _safe(fn: Any) -> Any:
    """Return errors as text so the model can correct itself, instead of ending the tool loop."""

    def run(**kwargs: Any) -> Any:
        try:
            result = fn(**kwargs)
        except AssistantError as exc:
            return {"error": str(exc)}
        if isinstance(result, list):
            return [r.model_dump() for r in result]
        return result.model_dump()

    return run


def indicator_tools(db_path: Path | None = None) -> list[StructuredTool]:
    """find_indicators, get_indicator, compute and budget_status, bound to one database."""

    def find_indicators(query: str, scope: str | None = None, period: str | None = None) -> Any:
        """Find figures (counts, percentages, budgets) by question words; scope: gemeente/regio/nederland
        or a place name; period: a year. Returns ranked rows with value, unit and source sentence."""
        return _safe(tools.find_indicators)(query=query, scope=scope, period=period, limit=8, db_path=db_path)

    def get_indicator(indicator_id: str, scope: str | None = None, period: str | None = None) -> Any:
        """The value(s) of an indicator id with provenance; other documents' differing values come along."""
        return _safe(tools.get_indicator)(
            indicator_id=indicator_id, scope=scope, period=period, db_path=db_path
        )

    def compute(expression: str, variables: dict[str, str | float] | None = None) -> Any:
        """Arithmetic over numbers and indicator ids: + - * / and sum, round, pct(part, whole), ratio,
        abs, min, max. Variables map names to numbers or indicator ids. Returns result, formula, inputs."""
        return _safe(tools.compute)(expression=expression, variables=variables or {}, db_path=db_path)

    def budget_status(programme: str, line: str | None = None, year: str | None = None) -> Any:
        """Begroot, besteed and resterend per budget line and year of a programme (e.g. Perspectief op
        Werk, Werken aan Werk; line: a begrotingspost such as Innovatiefonds), each with its source (the
        imported file and row, or the document) and peildatum; resterend only when begroot and besteed
        are both known; says plainly when no realisation data is known."""
        return _safe(tools.budget_status)(programme=programme, line=line, year=year, db_path=db_path)

    return [StructuredTool.from_function(f) for f in (find_indicators, get_indicator, compute, budget_status)]
