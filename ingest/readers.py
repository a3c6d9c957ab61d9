"""Reader leases on index generations, so an ingest never deletes the generation a process still reads.

A process that opens a generation writes a lease file `index/.readers/<genid>.<pid>.<token>` and
removes it when it lets the generation go. An ingest that switches CURRENT deletes an old generation
only when no live process holds a lease on it (a lease of a dead process does not count), or when
the generation was superseded more than GRACE_S seconds ago (a reader stuck that long loses it).
A superseded generation that is still held is deleted later: by the next ingest, or by the reader
itself when it lets go (`assistant.live`).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

READERS = ".readers"
GRACE_S = 600.0


def _dir(data_dir: Path) -> Path:
    return data_dir / "index" / READERS


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


class Lease:
    """One process's hold on one generation; release() is idempotent."""

    def __init__(self, data_dir: Path, genid: str) -> None:
        folder = _dir(data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        self.genid = genid
        self.path = folder / f"{genid}.{os.getpid()}.{secrets.token_hex(4)}"
        self.path.touch()

    def release(self) -> None:
        self.path.unlink(missing_ok=True)


def held(data_dir: Path, genid: str) -> bool:
    """Whether a live process holds a lease on this generation (leases of dead ones are cleared)."""
    folder = _dir(data_dir)
    if not folder.is_dir():
        return False
    found = False
    for lease in folder.glob(f"{genid}.*.*"):
        try:
            pid = int(lease.name.split(".")[1])
        except (IndexError, ValueError):
            continue
        if _alive(pid):
            found = True
        else:
            lease.unlink(missing_ok=True)
    return found


def may_delete(data_dir: Path, genid: str, grace_s: float = GRACE_S) -> bool:
    """True when no live reader holds `genid`, or it has been superseded for longer than the grace period.

    The first call that finds it held stamps when it was superseded; the grace period runs from then.
    """
    marker = _dir(data_dir) / f"{genid}.superseded"
    if not held(data_dir, genid):
        marker.unlink(missing_ok=True)
        return True
    if not marker.exists():
        marker.parent.mkdir(parents=True, exist_ok=True)
        marker.write_text(str(time.time()), encoding="utf-8")
        return False
    try:
        since = float(marker.read_text(encoding="utf-8"))
    except ValueError:
        since = marker.stat().st_mtime
    if time.time() - since > grace_s:
        marker.unlink(missing_ok=True)
        return True
    return False


def forget(data_dir: Path, genid: str) -> None:
    """Remove every lease and marker of a deleted generation."""
    folder = _dir(data_dir)
    if folder.is_dir():
        for path in folder.glob(f"{genid}.*"):
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
