"""Metadata filters for search: document (or its sub-documents), type, status and date range."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.errors import UnknownFilterError
from ingest.models import Chunk


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """All optional; dates are ISO prefixes ("2019", "2019-06", "2019-06-21"), bounds inclusive."""

    document: str | None = None  # a document id, or a sub-document id; a parent id covers its parts
    doc_type: str | None = None
    status: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def empty(self) -> bool:
        return not any((self.document, self.doc_type, self.status, self.date_from, self.date_to))


def _date_span(date: str) -> tuple[str, str]:
    # "2019" covers 2019-01-01..2019-12-31: a filter keeps a chunk whose date span overlaps it.
    return (
        date + "-01-01"[len(date) - 4 :] if date else "0000",
        date + "-12-31"[len(date) - 4 :] if date else "9999",
    )


def _check_date(value: str | None, name: str) -> None:
    import re

    if value and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
        raise UnknownFilterError(
            f"Ongeldige datum voor {name}: {value!r}; gebruik JJJJ, JJJJ-MM of JJJJ-MM-DD. / "
            f"Invalid date for {name}: {value!r}; use YYYY, YYYY-MM or YYYY-MM-DD."
        )


def validate_filters(filters: SearchFilters, chunks: Sequence[Chunk]) -> None:
    """Raise UnknownFilterError naming the valid values when a filter can match nothing by name."""
    doc_ids = sorted({c.document_id for c in chunks} | {c.parent_document_id for c in chunks})
    if filters.document and filters.document not in doc_ids:
        raise UnknownFilterError(
            f"Onbekend document {filters.document!r} / unknown document id. Geldige ids / valid ids: "
            + ", ".join(doc_ids)
        )
    types = sorted({c.doc_type for c in chunks})
    if filters.doc_type and filters.doc_type not in types:
        raise UnknownFilterError(
            f"Onbekend documenttype {filters.doc_type!r} / unknown type. Geldig / valid: " + ", ".join(types)
        )
    statuses = sorted({c.status for c in chunks})
    if filters.status and filters.status not in statuses:
        raise UnknownFilterError(
            f"Onbekende status {filters.status!r} / unknown status. Geldig / valid: " + ", ".join(statuses)
        )
    _check_date(filters.date_from, "--from")
    _check_date(filters.date_to, "--to")


def matches(chunk: Chunk, filters: SearchFilters) -> bool:
    if filters.document and not (
        chunk.document_id == filters.document
        or chunk.parent_document_id == filters.document
        or chunk.document_id.startswith(filters.document + "/")
    ):
        return False
    if filters.doc_type and chunk.doc_type != filters.doc_type:
        return False
    if filters.status and chunk.status != filters.status:
        return False
    start, end = _date_span(chunk.date)
    if filters.date_from and end < _date_span(filters.date_from)[0]:
        return False
    return not (filters.date_to and start > _date_span(filters.date_to)[1])


def mask(chunks: Sequence[Chunk], filters: SearchFilters | None) -> np.ndarray | None:
    """Boolean array over chunk positions, or None when nothing is filtered."""
    if filters is None or filters.empty:
        return None
    return np.fromiter((matches(c, filters) for c in chunks), dtype=bool, count=len(chunks))
