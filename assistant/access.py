"""Access groups: which documents (and so which chunks) a caller may see.

`groups=None` means an unrestricted, trusted caller (the CLI, an admin key without groups). A
frozenset is a caller's groups: a document with `groups = [...]` in corpus/documents.toml is visible
only when they share one; a document without groups is visible to everyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from ingest.models import Chunk

Groups = frozenset[str] | None


def document_groups(documents: Iterable[Mapping[str, Any]]) -> dict[str, frozenset[str]]:
    """document id -> its groups, from the generation's manifest entries (a part inherits its parent's)."""
    docs = list(documents)
    own = {d["id"]: frozenset(d.get("groups") or ()) for d in docs}
    out: dict[str, frozenset[str]] = {}
    for d in docs:
        groups = own[d["id"]]
        if not groups and d.get("parent_id"):
            groups = own.get(d["parent_id"], frozenset())
        out[d["id"]] = groups
    return out


def may_see(required: Iterable[str], groups: Groups) -> bool:
    """One document's groups against a caller's."""
    needed = frozenset(required)
    return groups is None or not needed or bool(needed & groups)


class AccessMap:
    """Per index generation: each document's groups and, per caller group set, the chunk mask."""

    def __init__(self, chunks: list[Chunk], documents: Iterable[Mapping[str, Any]]) -> None:
        self.chunks = chunks
        self.by_document = document_groups(documents)
        self.restricted = any(self.by_document.values())
        self._masks: dict[frozenset[str], np.ndarray] = {}

    def groups_of(self, document_id: str) -> frozenset[str]:
        return self.by_document.get(document_id, frozenset())

    def visible(self, document_id: str, groups: Groups) -> bool:
        return may_see(self.groups_of(document_id), groups)

    def chunk_mask(self, groups: Groups) -> np.ndarray | None:
        """Boolean mask over chunk positions, or None when the caller sees everything."""
        if groups is None or not self.restricted:
            return None
        if groups not in self._masks:  # derived from the immutable generation: safe to share
            self._masks[groups] = np.fromiter(
                (self.visible(c.document_id, groups) for c in self.chunks), dtype=bool, count=len(self.chunks)
            )
        return self._masks[groups]
