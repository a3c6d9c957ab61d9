"""An indicator import under the ingest lock: an ingest rebuilds indicators.sqlite and replaces the
file, so an import that ran meanwhile would write into the file about to be replaced and be lost."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.config import Settings

if TYPE_CHECKING:
    from ingest.indicator_import import ImportReport


def locked_import(settings: Settings, path: Path, partial: bool = False) -> ImportReport:
    """The one way the CLI and the API import: with the data directory's lock and the upload limit of
    these settings. Raises IndicatorImportError for a bad file, and IngestLockedError for an ingest
    that still holds the lock when import_file's wait (LOCK_WAIT_S) is over (the API answers 409)."""
    from ingest.indicator_import import import_file

    # import_file takes the ingest lock itself (lock_dir), waiting a while for a running ingest.
    return import_file(
        path,
        settings.indicators_db,
        partial=partial,
        max_bytes=int(settings.max_file_mb * 1024 * 1024),
        lock_dir=settings.data_dir,
    )
