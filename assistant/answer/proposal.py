"""An answer before verification, from either mode: text citing numbered passages as [n], and what backs it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.answer.evidence import Unit
from assistant.answer.models import Figure, ToolCall
from ingest.models import Chunk


@dataclass(slots=True)
class Proposal:
    """An answer before verification: text citing numbered passages as [n], and what backs it."""

    text: str
    shown: dict[int, Chunk] = field(default_factory=dict)
    tool_calls: list[ToolCall] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    figures_stated: bool = False  # a figure answers the question
    units: list[Unit] = field(default_factory=list)  # the units the text quotes
    hints: dict[int, list[str]] = field(
        default_factory=dict
    )  # passage n -> the quotes a figure was read from


class Shown:
    """Numbers passages for one answer as they are first cited."""

    def __init__(self) -> None:
        self.by_chunk: dict[str, int] = {}
        self.chunks: dict[int, Chunk] = {}

    def number(self, chunk: Chunk) -> int:
        n = self.by_chunk.get(chunk.chunk_id)
        if n is None:
            n = self.by_chunk[chunk.chunk_id] = len(self.by_chunk) + 1
            self.chunks[n] = chunk
        return n
