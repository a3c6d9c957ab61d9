"""Turns plain typed Python callables into langchain tools, and numbers search passages for citation."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from langchain_core.tools import StructuredTool
from langchain_core.tools.base import create_schema_from_function
from pydantic_core import to_jsonable_python

from assistant.answer.llm.prompts import load_sections, load_tool_descriptions

MAX_K = 10  # the model asks for k; cap it so one call cannot flood the context window
_SPACE = re.compile(r"\s+")


def to_jsonable(value: Any) -> Any:
    """A JSON-able copy of a tool result (pydantic models, dataclasses, dates); unknown types become str."""
    return to_jsonable_python(value, fallback=str)


def _docstring_summary(func: Callable[..., Any]) -> str:
    doc = (func.__doc__ or "").strip()
    return doc.split("\n\n", 1)[0].strip()


def make_tool(
    func: Callable[..., Any],
    *,
    name: str | None = None,
    description: str | None = None,
) -> StructuredTool:
    """Wrap a typed callable as a StructuredTool whose args schema comes from its type hints.

    The description is, in order: `description`, the `## name` section of prompts/tool_descriptions.md,
    the docstring's first paragraph. A Google-style "Args:" docstring section describes the arguments.
    The tool returns (content, artifact): the model reads `content` (the result as text or JSON) and
    the loop logs `artifact` (the result as JSON-able data).
    """
    tool_name = name or func.__name__
    text = description or load_tool_descriptions().get(tool_name) or _docstring_summary(func)
    if not text:
        raise ValueError(
            f"Tool {tool_name!r} has no description: add a `## {tool_name}` section to "
            "prompts/tool_descriptions.md or a docstring, so the model knows when to call it."
        )
    schema = create_schema_from_function(tool_name, func, parse_docstring=True)

    def run(**kwargs: Any) -> tuple[str, Any]:
        result = func(**kwargs)
        data = to_jsonable(result)
        content = result if isinstance(result, str) else json.dumps(data, ensure_ascii=False)
        return content, data

    return StructuredTool.from_function(
        run,
        name=tool_name,
        description=text,
        args_schema=schema,
        infer_schema=False,
        response_format="content_and_artifact",
    )


class Passage(Protocol):
    """What a search hit must offer; any retrieval implementation's result objects fit."""

    chunk_id: str
    title: str
    date: str
    section: str
    text: str


class PassageRegistry:
    """Numbers passages [1], [2], ... for one answer; a chunk found again keeps its first number."""

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._passages: list[Passage] = []

    def register(self, passages: Sequence[Passage]) -> list[int]:
        """Return the citation number of each passage, assigning new numbers to unseen chunks."""
        out: list[int] = []
        for passage in passages:
            n = self._numbers.get(passage.chunk_id)
            if n is None:
                self._passages.append(passage)
                n = self._numbers[passage.chunk_id] = len(self._passages)
            out.append(n)
        return out

    def lookup(self, n: int) -> str:
        """Chunk id behind citation [n]; KeyError for a number that was never shown to the model."""
        if not 1 <= n <= len(self._passages):
            raise KeyError(f"citation [{n}] was never shown to the model")
        return self._passages[n - 1].chunk_id

    def passage(self, n: int) -> Passage:
        """The passage object behind citation [n] (KeyError as lookup)."""
        self.lookup(n)
        return self._passages[n - 1]

    def numbers(self) -> dict[int, str]:
        """All citation numbers shown so far, mapped to chunk ids."""
        return {n: p.chunk_id for n, p in enumerate(self._passages, start=1)}

    def __len__(self) -> int:
        return len(self._passages)


def format_passage(n: int, passage: Passage) -> str:
    """One line per passage, "[n] title (date), section: text", so the model can cite it by number."""
    text = _SPACE.sub(" ", passage.text).strip()
    head = f"[{n}] {passage.title}"
    if passage.date:
        # a date read from the document's text, not declared in documents.toml, is said to be one
        estimated = getattr(passage, "date_precision", "") == "estimated"
        head += f" ({passage.date}, geschat)" if estimated else f" ({passage.date})"
    if passage.section:
        head += f", {passage.section}"
    return f"{head}: {text}"


def make_search_tool(
    search: Callable[[str, int], Sequence[Passage]],
    registry: PassageRegistry,
    *,
    name: str = "search_documents",
    description: str | None = None,
) -> StructuredTool:
    """The search_documents tool: runs `search(query, k)`, numbers the hits in `registry`.

    The model gets numbered passage lines; the logged artifact is [{n, chunk_id, title, date, section}]
    so the engine can map the model's [n] citations back to chunks.
    """
    text = description or load_tool_descriptions().get(name) or ""
    empty = load_sections("tool_messages")["no_passages"]

    def search_documents(query: str, k: int = 5) -> tuple[str, list[dict[str, Any]]]:
        hits = list(search(query, max(1, min(k, MAX_K))))
        if not hits:
            return empty, []
        numbers = registry.register(hits)
        lines = [format_passage(n, p) for n, p in zip(numbers, hits, strict=True)]
        artifact = [
            {"n": n, "chunk_id": p.chunk_id, "title": p.title, "date": p.date, "section": p.section}
            for n, p in zip(numbers, hits, strict=True)
        ]
        return "\n\n".join(lines), artifact

    return StructuredTool.from_function(
        search_documents,
        name=name,
        description=text,
        args_schema=create_schema_from_function(name, search_documents),
        infer_schema=False,
        response_format="content_and_artifact",
    )
