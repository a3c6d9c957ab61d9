"""The service contract every adapter uses: the HTTP API, the web page, the Slack and Teams bots.

    services: Services = app.state.services       # one per process, thread-safe

    ask(question, conversation_id=None, groups=None, progress=None) -> AskResult
        AskResult is the public Answer (assistant/answer/models.py) plus `answer_id`;
        `result.model_dump()` is exactly `assistant ask --json` plus "answer_id".
        progress(stage, detail) is called with "searching", "tools", "answer" while it works.
    search(query, k=5, filters=None, groups=None) -> dict   # exactly `assistant search --json`
    feedback(answer_id, vote: "up" | "down", comment="", who="") -> None
    answer_record(answer_id, groups=None) -> dict           # the audit record, with its feedback
    conversation(conversation_id, groups=None) -> dict      # the turns of one conversation
    documents(groups=None) -> list[dict]                    # metadata of each visible document
    document(document_id, groups=None) -> dict              # metadata + text with chunk anchors
    chunk(chunk_id, groups=None) -> dict                    # one chunk with its document metadata
    document_file(document_id, groups=None) -> Path         # the original file (e.g. the PDF)
    indicators(query, scope, period, groups=None) -> list[dict]
    budget(programme, line, year, groups=None) -> dict
    readiness() -> dict                                     # {"ready", "generation", "indicators"}

groups: None means unrestricted (a trusted internal caller, an admin key without groups); a
frozenset is the caller's access groups, and documents restricted to other groups (a `groups = [...]`
field in corpus/documents.toml) are invisible: not searched, not cited, not shown, not counted.

Errors: every method raises assistant.errors.AssistantError subclasses with a message that says
what is wrong and what to do: NotFoundError (status_code 404) for an unknown or invisible answer,
conversation, document or chunk id (KeyError-like: nothing is revealed about ids one may not see),
InvalidQueryError / UnknownFilterError (400) for bad input, IndexNotReadyError (503) before the
first ingest. Adapters turn `exc.status_code` and `str(exc)` into their own error shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from assistant.access import AccessMap, Groups, may_see
from assistant.answer.models import Answer
from assistant.config import Settings
from assistant.conversations import unknown_answer
from assistant.errors import InvalidQueryError, NotFoundError
from assistant.live import LiveEngine, live_engine

Progress = Callable[[str, dict[str, Any]], None]
MAX_K = 50


class AskResult(Answer):
    """The public answer contract plus the id of its audit record (for feedback and GET /v1/answers)."""

    answer_id: str


def unknown_document(document_id: str) -> NotFoundError:
    return NotFoundError(
        f"Onbekend document '{document_id}'. GET /v1/documents geeft de geldige ids "
        "(unknown document id: GET /v1/documents lists the valid ones)."
    )


def unknown_chunk(chunk_id: str) -> NotFoundError:
    return NotFoundError(
        f"Onbekende passage '{chunk_id}'. Gebruik een chunk_id uit een zoekresultaat of bronvermelding "
        "(unknown chunk id: use one from a search result or citation)."
    )


class Services:
    """What the adapters call; one instance per process, safe for concurrent requests."""

    def __init__(self, settings: Settings, live: LiveEngine | None = None) -> None:
        self.settings = settings
        self.live = live or live_engine(settings)

    # --- answers ----------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        conversation_id: str | None = None,
        groups: Groups = None,
        progress: Progress | None = None,
    ) -> AskResult:
        if conversation_id is not None:
            self._check_conversation(conversation_id, groups)
        with self.live.engine() as engine:
            response = engine.respond(question, conversation_id, groups, progress)
        return AskResult(**response.answer.model_dump(), answer_id=response.answer_id)

    def warm_up(self) -> None:
        """Load what the first answer would load (see Engine.warm_up); nothing is recorded."""
        with self.live.engine() as engine:
            engine.warm_up()

    def search(
        self,
        query: str,
        k: int = 5,
        filters: dict[str, str | None] | None = None,
        groups: Groups = None,
    ) -> dict[str, Any]:
        from assistant.cli.search_cmds import response_json
        from assistant.retrieval.validate import validate_query

        if not 1 <= k <= MAX_K:
            raise InvalidQueryError(f"k moet tussen 1 en {MAX_K} liggen (k must be between 1 and {MAX_K}).")
        validate_query(query)
        search_filters = _filters(filters)
        with self.live.engine() as engine:
            backend: Any = engine.backend
            restrict = backend.access.chunk_mask(groups)
            resp = backend.retriever.search(
                query,
                k=k,
                filters=None if search_filters is None or search_filters.empty else search_filters,
                restrict=restrict,
            )
        return response_json(resp)

    def feedback(self, answer_id: str, vote: Literal["up", "down"], comment: str = "", who: str = "") -> None:
        """Store a vote with the answer's audit record; NotFoundError for an unknown answer id."""
        if vote not in ("up", "down"):
            raise InvalidQueryError("vote moet 'up' of 'down' zijn (vote must be 'up' or 'down').")
        self.live.conversations.add_feedback(answer_id, vote, comment, who)

    def answer_record(self, answer_id: str, groups: Groups = None) -> dict[str, Any]:
        record = self.live.conversations.answer_record(answer_id)
        if not all(may_see(required, groups) for required in record["access"]):
            raise unknown_answer(answer_id)
        return record

    def conversation(self, conversation_id: str, groups: Groups = None) -> dict[str, Any]:
        turns = self.live.conversations.audit(conversation_id)
        visible = []
        for turn in turns:
            if _readable(turn, groups):
                answer = json.loads(str(turn["answer_json"]))
                visible.append(
                    {
                        "turn": turn["n"],
                        "answer_id": turn["answer_id"],
                        "question": turn["question"],
                        "resolved_question": turn["resolved_question"],
                        "generation": turn["index_generation"],
                        "created": turn["created"],
                        "answer": answer,
                    }
                )
        return {"conversation_id": conversation_id, "turns": visible}

    # --- documents --------------------------------------------------------------------------------
    def documents(self, groups: Groups = None) -> list[dict[str, Any]]:
        with self.live.engine() as engine:
            backend: Any = engine.backend
            return [
                _public_meta(d) for d in backend.index.documents if backend.access.visible(d["id"], groups)
            ]

    def document(self, document_id: str, groups: Groups = None) -> dict[str, Any]:
        from assistant.api.documents import document_view

        with self.live.engine() as engine:
            backend: Any = engine.backend
            meta = self._document_meta(backend, document_id, groups)
            return document_view(backend.index, meta)

    def chunk(self, chunk_id: str, groups: Groups = None) -> dict[str, Any]:
        from assistant.cli.search_cmds import hit_json

        with self.live.engine() as engine:
            backend: Any = engine.backend
            chunk = backend.index.by_id.get(chunk_id)
            if chunk is None or not backend.access.visible(chunk.document_id, groups):
                raise unknown_chunk(chunk_id)
            out = {k: v for k, v in _chunk_json(hit_json, chunk).items() if k not in ("rank", "score")}
            out["generation"] = backend.generation
            return out

    def document_file(self, document_id: str, groups: Groups = None) -> Path:
        """The original file of a document, resolved inside the corpus directory only."""
        with self.live.engine() as engine:
            meta = self._document_meta(engine.backend, document_id, groups)
        corpus = self.settings.corpus_dir.resolve()
        path = (corpus / str(meta["file"])).resolve()
        if path.parent != corpus or not path.is_file():
            raise NotFoundError(
                f"Het bestand van document '{document_id}' is niet meer beschikbaar; draai `assistant "
                "ingest` opnieuw (the document's file is gone: re-ingest)."
            )
        return path

    # --- figures ----------------------------------------------------------------------------------
    def indicators(
        self, query: str = "", scope: str | None = None, period: str | None = None, groups: Groups = None
    ) -> list[dict[str, Any]]:
        from assistant.indicators.search import period_ok, scope_ok
        from assistant.indicators.store import open_store
        from assistant.indicators.tools import find_indicators

        db = self.settings.indicators_db
        if query.strip():
            rows = [h.row for h in find_indicators(query, scope, period, limit=50, db_path=db)]
        else:
            rows = [r for r in open_store(db).rows if scope_ok(r, scope) and period_ok(r, period)]
        visible = self._visible(groups)
        return [r.model_dump() for r in rows if visible(r.source.document_id)]

    def budget(
        self, programme: str, line: str | None = None, year: str | None = None, groups: Groups = None
    ) -> dict[str, Any]:
        from assistant.indicators.tools import budget_status

        visible = self._visible(groups)
        try:  # a restricted document's budget rows are left out before anything is computed
            status = budget_status(
                programme, line, year, db_path=self.settings.indicators_db, visible=visible
            )
        except NotFoundError as exc:  # one message: never the names of programmes one may not see
            raise NotFoundError(f"geen begroting gevonden voor {programme!r} (no budget found).") from exc
        return status.model_dump()

    # --- health -----------------------------------------------------------------------------------
    def readiness(self) -> dict[str, Any]:
        from assistant.errors import AssistantError

        try:
            generation = self.live.load()
        except AssistantError as exc:
            return {"ready": False, "generation": None, "indicators": False, "message": str(exc)}
        indicators = self.settings.indicators_db.exists()
        return {"ready": indicators, "generation": generation, "indicators": indicators, "message": ""}

    # --- helpers ----------------------------------------------------------------------------------
    def _check_conversation(self, conversation_id: str, groups: Groups) -> None:
        """A conversation one may not read (an earlier answer drew on hidden documents) is not continued."""
        turns = self.live.conversations.audit(conversation_id)  # raises NotFoundError for an unknown id
        if not all(_readable(turn, groups) for turn in turns):
            raise NotFoundError(
                f"Onbekend gesprek '{conversation_id}'. Laat conversation_id weg om een nieuw gesprek "
                "te beginnen (unknown conversation id; omit it to start a new conversation)."
            )

    def _visible(self, groups: Groups) -> Callable[[str], bool]:
        """Whether `groups` may see a document (by id), by the current generation's access map. The
        engine is handed back at once: the map is built once per generation and never changes."""
        with self.live.engine() as engine:
            access: AccessMap = engine.backend.access  # type: ignore[attr-defined]
        return lambda document_id: access.visible(document_id, groups)

    def _document_meta(self, backend: Any, document_id: str, groups: Groups) -> dict[str, Any]:
        for meta in backend.index.documents:
            if meta["id"] == document_id and backend.access.visible(document_id, groups):
                return dict(meta)
        raise unknown_document(document_id)


def _readable(turn: dict[str, object], groups: Groups) -> bool:
    """Whether `groups` may see every document a stored turn's answer drew on."""
    return all(may_see(required, groups) for required in json.loads(str(turn["access_json"])))


def _public_meta(meta: dict[str, Any]) -> dict[str, Any]:
    """Document metadata without server paths (file is the corpus file name only)."""
    keys = (
        "id",
        "file",
        "title",
        "doc_type",
        "date",
        "date_precision",
        "kenmerk",
        "status",
        "author",
        "addressee",
        "parent_id",
        "from_line",
        "chunks",
    )
    return {k: meta.get(k) for k in keys}


def _chunk_json(hit_json: Callable[[Any], dict[str, Any]], chunk: Any) -> dict[str, Any]:
    class _Hit:  # hit_json reads rank/score/chunk: the search contract's shape for one chunk
        rank = 0
        score = 0.0

    hit = _Hit()
    hit.chunk = chunk  # type: ignore[attr-defined]
    return hit_json(hit)


def _filters(raw: dict[str, str | None] | None) -> Any:
    from assistant.retrieval.filters import SearchFilters

    if not raw:
        return None
    allowed = {"document", "doc_type", "status", "date_from", "date_to"}
    unknown = set(raw) - allowed
    if unknown:
        raise InvalidQueryError(
            f"Onbekend filter {', '.join(sorted(unknown))}; geldig: {', '.join(sorted(allowed))} "
            "(unknown filter name)."
        )
    return SearchFilters(**{k: v for k, v in raw.items() if v})


def services_for(settings: Settings | None = None) -> Services:
    from assistant.config import get_settings

    return Services(settings or get_settings())
