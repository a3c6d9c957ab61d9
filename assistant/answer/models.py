"""The public answer contract (`assistant ask --json`, POST /v1/ask): keep it stable."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

Status = Literal["answered", "no_answer", "clarify"]


class Citation(BaseModel):
    n: int
    chunk_id: str
    document_id: str
    title: str
    date: str
    status: str = ""
    section: str = ""
    page: int | None = None
    source_path: str
    # "estimated" when the date was read from the document's text (no date in documents.toml); added
    # after the contract was fixed, so readers that do not know it lose nothing
    date_precision: str = ""
    line_start: int | None = None
    line_end: int | None = None
    quote: str  # verified to stand verbatim (whitespace aside) in the source file
    text: str  # the whole passage, for context


class FigureSource(BaseModel):
    document_id: str
    title: str = ""
    date: str = ""
    source_path: str = ""
    line: int | None = None
    page: int | None = None
    sentence: str = ""


class Figure(BaseModel):
    indicator_id: str
    label: str
    value: float | None
    unit: str
    period: str
    scope: str
    qualifier: str = ""
    source: dict[str, Any] = Field(default_factory=dict)
    # Budget figures (budget_status): begroot | besteed | resterend, the date an imported figure stands
    # at, and the line it belongs to; empty for the documents' other figures.
    kind: str = ""
    peildatum: str = ""
    programme: str = ""
    budget_line: str = ""


class ToolCall(BaseModel):
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    result: Any = None


class Answer(BaseModel):
    question: str
    status: Status
    answer: str
    language: Literal["nl", "en"] = "nl"
    mode: Literal["extractive", "llm"] = "extractive"
    conversation_id: str = ""
    citations: list[Citation] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    unsupported: list[str] = Field(default_factory=list)
    tool_calls: list[ToolCall] = Field(default_factory=list)
