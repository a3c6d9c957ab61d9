"""The data directory's write lock: one ingest or indicator import at a time.

An ingest rebuilds indicators.sqlite in a new file, copies the imported tables over and switches
the file in; an import that wrote to the old file in between would be lost. Both take this lock.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ingest.errors import IngestLockedError


@contextmanager
def ingest_lock(data_dir: Path, timeout: float = 0.0) -> Iterator[None]:
    """Hold the lock of data_dir; wait up to `timeout` seconds for it (0: fail at once)."""
    from filelock import FileLock, Timeout

    data_dir.mkdir(parents=True, exist_ok=True)
    pid_file = data_dir / "ingest.pid"
    path = str(data_dir / "ingest.lock")
    lock = FileLock(path, timeout=timeout) if timeout > 0 else FileLock(path, blocking=False)
    try:
        lock.acquire()
    except Timeout:
        pid = pid_file.read_text().strip() if pid_file.exists() else "?"
        raise IngestLockedError(f"another ingest is running (pid {pid}); wait for it to finish") from None
    try:
        pid_file.write_text(str(os.getpid()))
        yield
    finally:
        pid_file.unlink(missing_ok=True)
        lock.release()
