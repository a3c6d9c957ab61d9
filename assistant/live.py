"""An engine that follows the index live, for long-running processes (the server, `assistant chat`).

Each request takes the engine of the current generation for its whole duration (`with live.engine()
as engine:`). When an ingest has switched CURRENT, the new generation is loaded once (started by the
watcher thread, or by the first request that sees the switch); new requests wait for it (a few
seconds, at most SWITCH_WAIT_S) and run on it, while requests in flight finish on the old one. The process holds a
reader lease (ingest.readers) on every generation it still uses, so the ingest does not delete it;
when the last request on a superseded generation finishes, the lease goes and the generation is
cleaned up (if no other reader holds it).

What is shared between generations: the embedding model, the conversation store, the figure planner
and the chat model. Per generation: the index snapshot, the retriever and the corpus vocabulary.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.answer.engine import Engine
from assistant.config import Settings
from assistant.conversations import ConversationStore
from assistant.errors import IndexNotReadyError
from ingest.readers import Lease
from ingest.store import read_current

log = logging.getLogger(__name__)
SWITCH_WAIT_S = 30.0  # a request waits at most this long for a new generation, then uses the old one
RETRY_AFTER_S = 5.0  # a generation that failed to load is tried again after this long


@dataclass(slots=True)
class _Held:
    generation: str
    engine: Engine
    lease: Lease
    users: int = 0
    retired: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock)


class LiveEngine:
    """One per process: hands out the engine of the current index generation."""

    def __init__(self, settings: Settings) -> None:
        from assistant.retrieval import _LazyEmbedder
        from assistant.retrieval.glossary import Glossary
        from assistant.service import chat_model_for, figure_planner

        self.settings = settings
        self.embedder = _LazyEmbedder(settings.embedder)  # loaded once, shared by all generations
        self.glossary = Glossary.load(settings.corpus_dir / "glossary.toml")
        self.conversations = ConversationStore(settings.conversations_db)
        self.figures = figure_planner(settings)
        self.chat_model = chat_model_for(settings)
        self._lock = threading.Lock()
        self._first_load = threading.Lock()
        self._current: _Held | None = None
        self._loading: str | None = None  # the generation being loaded in the background
        self._load_done: threading.Event | None = None
        self._failed: dict[str, float] = {}  # generation -> when loading it last failed
        self._watcher: threading.Thread | None = None
        self._closed = threading.Event()
        self.last_load_error: str = ""

    # --- what callers use ---------------------------------------------------------------------
    @contextlib.contextmanager
    def engine(self) -> Iterator[Engine]:
        """The engine of the current generation, held until the block ends."""
        held = self._acquire()
        try:
            yield held.engine
        finally:
            self._release(held)

    @property
    def generation(self) -> str | None:
        current = self._current
        return current.generation if current is not None else None

    def load(self) -> str:
        """Load the current generation now (start-up); returns its id. Raises IndexNotReadyError."""
        with self.engine() as engine:
            return str(engine.backend.generation)

    def refresh(self) -> None:
        """Switch to the current generation synchronously (after an in-process ingest)."""
        genid = read_current(self.settings.data_dir)
        current = self._current
        if genid is not None and (current is None or current.generation != genid):
            self._swap(self._open(genid))

    def watch(self, interval_s: float = 0.5) -> None:
        """Poll CURRENT in a daemon thread, so a switch is picked up without waiting for a request."""
        if self._watcher is not None:
            return

        def loop() -> None:
            while not self._closed.wait(interval_s):
                genid = read_current(self.settings.data_dir)
                current = self._current
                if genid is not None and current is not None and genid != current.generation:
                    self._start_load(genid)

        self._watcher = threading.Thread(target=loop, name="index-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            current, self._current = self._current, None
        if current is not None:
            current.retired = True
            if current.users == 0:
                self._retire(current)

    # --- generations --------------------------------------------------------------------------
    def _acquire(self) -> _Held:
        genid = read_current(self.settings.data_dir)
        if self._current is None:
            with self._first_load:  # the first requests wait for one load, not one each
                if self._current is None:
                    if genid is None:
                        raise IndexNotReadyError(
                            "Er is nog geen index. Draai eerst `assistant ingest` "
                            "(no index yet: run `assistant ingest` first)."
                        )
                    self._swap(self._open(genid))
        current = self._current
        if genid is not None and current is not None and genid != current.generation:
            # A new request waits for the new generation (a few seconds, once): it does not start on
            # one that is already superseded. Waiting threads also leave the loader the CPU (and GIL).
            done = self._start_load(genid)
            if done is not None:
                done.wait(SWITCH_WAIT_S)
        with self._lock:
            held = self._current
            assert held is not None
            held.users += 1
            return held

    def _start_load(self, genid: str) -> threading.Event | None:
        """Start loading `genid` in the background (once); None when it failed moments ago."""
        with self._lock:
            if self._loading == genid and self._load_done is not None:
                return self._load_done
            failed = self._failed.get(genid)
            if failed is not None and time.monotonic() - failed < RETRY_AFTER_S:
                return None
            self._loading, self._load_done = genid, threading.Event()
            done = self._load_done
        threading.Thread(target=self._load_in_background, args=(genid, done), daemon=True).start()
        return done

    def _release(self, held: _Held) -> None:
        with self._lock:
            held.users -= 1
            done = held.retired and held.users == 0
        if done:
            self._retire(held)

    def _load_in_background(self, genid: str, done: threading.Event) -> None:
        try:
            self._swap(self._open(genid))
            self.last_load_error = ""
        except Exception as exc:  # keep serving the old generation; retried after RETRY_AFTER_S
            self.last_load_error = f"{type(exc).__name__}: {exc}"
            self._failed[genid] = time.monotonic()
            log.warning("could not load index generation %s: %s", genid, self.last_load_error)
        finally:
            with self._lock:
                if self._loading == genid:
                    self._loading, self._load_done = None, None
            done.set()

    def _open(self, genid: str) -> _Held:
        from assistant.retrieval.hybrid import Retriever
        from assistant.service import build_engine
        from ingest.index import IndexSnapshot

        # The lease comes first: from then on no ingest deletes this generation under us.
        lease = Lease(self.settings.data_dir, genid)
        try:
            s = self.settings
            snapshot = IndexSnapshot(s.data_dir, genid, self.embedder, s.chroma_host, s.chroma_port)
            retriever = Retriever(snapshot, self.glossary)
            engine = build_engine(s, retriever, self.conversations, self.figures, self.chat_model)
            _ = snapshot._collection  # open Chroma now, not in the first request
        except Exception:
            lease.release()
            raise
        return _Held(genid, engine, lease)

    def _swap(self, new: _Held) -> None:
        with self._lock:
            old, self._current = self._current, new
            if old is None:
                return
            old.retired = True
            idle = old.users == 0
        if idle:
            self._retire(old)

    def _retire(self, held: _Held) -> None:
        """The last request on a superseded generation is done: let it go and clean it up."""
        with held.lock:
            held.lease.release()
        self._cleanup()

    def _cleanup(self) -> None:
        """Delete superseded generations no reader holds; skipped while an ingest runs (it cleans up)."""
        from ingest.errors import IngestLockedError
        from ingest.pipeline import ingest_lock
        from ingest.store import chroma_client, remove_stale_generations

        s = self.settings
        try:
            with ingest_lock(s.data_dir):
                remove_stale_generations(s.data_dir, chroma_client(s.data_dir, s.chroma_host, s.chroma_port))
        except IngestLockedError:
            pass
        except Exception as exc:  # cleanup is best effort: the next ingest tries again
            log.warning("could not clean up old index generations: %s", exc)


_LIVE: dict[tuple[str, str], LiveEngine] = {}
_LIVE_LOCK = threading.Lock()


def live_engine(settings: Settings) -> LiveEngine:
    """The process-wide live engine for these settings."""
    key = (str(settings.data_dir), settings.embedder)
    with _LIVE_LOCK:
        if key not in _LIVE:
            _LIVE[key] = LiveEngine(settings)
        return _LIVE[key]


def describe(live: LiveEngine) -> dict[str, Any]:
    return {"generation": live.generation, "loading": live._loading, "last_load_error": live.last_load_error}
