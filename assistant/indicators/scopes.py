"""Which figures in a passage are the country's: the indicators table records each figure's scope, so
a sentence that gives only national numbers ("407.000 inwoners ontvingen een bijstandsuitkering") is
known to be about the Netherlands even when it does not say so."""

from __future__ import annotations

from pathlib import Path

from assistant.answer.evidence import Unit
from assistant.answer.numbers import number_key, numbers_in
from assistant.errors import AssistantError
from assistant.indicators.store import IndicatorRow, open_store


class NationalFigures:
    """`national(unit)`: the unit states figures, every one the table knows from its passage is national."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self._seen: dict[tuple[int, str, int, int], tuple[set[str], set[str]]] = {}

    def _values(self, source_path: str, first: int, last: int) -> tuple[set[str], set[str]]:
        """The values of the table's rows from these lines: (national, all other scopes)."""
        try:
            store = open_store(self.db_path)  # cached per file version
        except (AssistantError, OSError):
            return set(), set()
        key = (id(store), source_path, first, last)
        if key not in self._seen:
            if len(self._seen) > 4096:  # a new store version, or a long-running process: start over
                self._seen.clear()
            self._seen[key] = self._read(store.rows, source_path, first, last)
        return self._seen[key]

    @staticmethod
    def _read(rows: list[IndicatorRow], source_path: str, first: int, last: int) -> tuple[set[str], set[str]]:
        national: set[str] = set()
        other: set[str] = set()
        for row in rows:
            line = row.source.line
            if row.value is None or line is None or row.source.source_path != source_path:
                continue
            if first <= line <= last:
                (national if row.scope == "nederland" else other).add(number_key(row.value))
        return national, other

    def __call__(self, unit: Unit) -> bool:
        chunk = unit.chunk
        stated = {n for n in numbers_in(unit.text) if not (len(n) == 4 and n[:2] in ("19", "20"))}
        if not stated:
            return False
        national, other = self._values(chunk.source_path, chunk.line_start or 0, chunk.line_end or 0)
        return bool(stated & national) and not stated & other
