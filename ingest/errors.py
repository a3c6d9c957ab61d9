"""Errors raised by ingestion; each carries the file and a reason a user can act on."""

from __future__ import annotations


class IngestError(Exception):
    """A file could not be ingested. `reason` says what is wrong and what to do."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class IndexMissingError(Exception):
    """No index has been built yet."""

    def __init__(self, data_dir: str) -> None:
        super().__init__(
            f"Er is nog geen index in {data_dir}. Draai eerst `assistant ingest` "
            "(no index yet: run `assistant ingest` first)."
        )


class IngestLockedError(Exception):
    """Another ingest holds the lock."""
