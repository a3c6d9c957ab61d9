"""An indicator import under the ingest lock: an ingest rebuilds indicators.sqlite and replaces the
file, so an import that ran meanwhile would write into the file about to be replaced and be lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.config import Settings


def locked_import(settings: Settings, path: Path, partial: bool = False) -> Any:
    """Raises IngestLockedError while an ingest runs, IndicatorImportError for a bad file."""
    from ingest.indicator_import import import_file

    # import_file takes the ingest lock itself (lock_dir), waiting a while for a running ingest.
    return import_file(
        path,
        settings.indicators_db,
        partial=partial,
        max_bytes=int(settings.max_file_mb * 1024 * 1024),
        lock_dir=settings.data_dir,
    )
