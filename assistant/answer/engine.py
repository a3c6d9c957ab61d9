"""The answer engine: reading → (extractive | LLM) proposal → verification → answerability check → Answer.

Both modes share everything but the proposal: the question is read once (`intent`), a follow-up
fills its slots from the previous turn (`followup`), the proposal's citations and numbers are
verified (`verify`) and the one answerability check (`checks`) decides the status.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol

from assistant.answer import extractive
from assistant.answer.budget import missing_realisation, read_budget
from assistant.answer.budget import propose as propose_budget
from assistant.answer.checks import Reason, Verdict, check
from assistant.answer.evidence import Unit, units_of
from assistant.answer.followup import resolve
from assistant.answer.intent import AnswerType, CorpusTerms, QuestionIntent, read_question
from assistant.answer.models import Answer, ToolCall
from assistant.answer.numbers import numbers_in
from assistant.answer.proposal import Proposal, Shown
from assistant.answer.quotes import match_key
from assistant.answer.verify import Verified, strip_list_marks, verify
from assistant.config import Settings
from assistant.conversations import ConversationStore, Turn
from assistant.errors import InvalidQueryError
from assistant.retrieval.language import detect_language, has_words
from ingest.models import Chunk

MAX_QUESTION_CHARS = 2000
WARM_UP_QUESTION = "Hoeveel budget heeft Perspectief op Werk voor het WerkgeversServicepunt?"
SEARCH_K = 8
DEEP_K = 30  # a constraint the top passages miss is looked for this deep ...
DEEP_SHARE = 0.5  # ... in passages scoring at least this share of the best one


class SearchBackend(CorpusTerms, Protocol):
    """What the engine needs from retrieval and the corpus (the reading's CorpusTerms included)."""

    generation: str

    def search(self, query: str, k: int) -> list[tuple[Chunk, float]]: ...
    def source_text(self, source_path: str) -> str: ...
    def chunk_at(self, source_path: str, line: int) -> Chunk | None: ...
    def expand(self, text: str) -> tuple[str, Sequence[Sequence[str]]]: ...


def validate_question(question: str) -> str:
    text = question.strip()
    if not text:
        raise InvalidQueryError("De vraag is leeg: stel een vraag (the question is empty).")
    if len(text) > MAX_QUESTION_CHARS:
        raise InvalidQueryError(
            f"De vraag is {len(text)} tekens lang; het maximum is {MAX_QUESTION_CHARS}. Stel een kortere "
            f"vraag (question too long: at most {MAX_QUESTION_CHARS} characters)."
        )
    if not has_words(text):
        raise InvalidQueryError(
            "De vraag bevat geen woorden (alleen emoji of tekens). Stel de vraag in woorden "
            "(the question has no words)."
        )
    return text


Progress = Callable[[str, dict[str, Any]], None]  # (stage: searching | tools | answer, detail)


@dataclass(frozen=True, slots=True)
class Response:
    answer: Answer
    answer_id: str  # the audit record's id (ConversationStore.answer_record)
    generation: str  # the index generation it was answered from


class _FiguresView:
    """The figure planner for one request: sees only figures of documents the caller may see."""

    def __init__(self, planner: Any, backend: Any, progress: Progress | None) -> None:
        self.planner = planner
        self.visible = getattr(backend, "visible", None)
        self.progress = progress

    def plan(self, intent: QuestionIntent, analyze: Any) -> Any:
        if self.progress is not None and intent.is_quantity:
            self.progress("tools", {"tool": "figures"})
        return self.planner.plan(intent, analyze, visible=self.visible)


class Engine:
    """Holds the resources (index, stores, an optional chat model) and answers questions."""

    _progress: Progress | None = None

    def __init__(
        self,
        settings: Settings,
        backend: SearchBackend,
        figures: Any | None = None,
        chat_model: Any | None = None,
        today: date | None = None,
        conversations: ConversationStore | None = None,
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.figures = figures  # the figure planner (None without an indicators table)
        self.chat_model = chat_model  # a langchain chat model switches the engine to LLM mode
        self.conversations = conversations or ConversationStore(settings.conversations_db)
        self.today = today
        from assistant.indicators.scopes import NationalFigures

        self.national = NationalFigures(settings.indicators_db)  # which passage figures are the country's

    def for_request(self, groups: frozenset[str] | None = None, progress: Progress | None = None) -> Engine:
        """A per-request engine: same resources, the caller's access groups and progress callback.

        The shared engine holds no per-request state; what one request needs (its groups, its
        progress listener) lives on this shallow copy, so concurrent answers never mix.
        """
        view = copy.copy(self)
        restrict = getattr(self.backend, "restricted", None)
        if restrict is not None and (groups is not None or progress is not None):
            view.backend = restrict(groups, progress)
        if self.figures is not None and (groups is not None or progress is not None):
            view.figures = _FiguresView(self.figures, view.backend, progress)
        view._progress = progress
        return view

    def respond(
        self,
        question: str,
        conversation_id: str | None = None,
        groups: frozenset[str] | None = None,
        progress: Progress | None = None,
    ) -> Response:
        """Answer and record: the answer and the id of its audit record."""
        if groups is not None or progress is not None:
            return self.for_request(groups, progress).respond(question, conversation_id)
        return self._ask(question, conversation_id)

    def read(self, question: str) -> QuestionIntent:
        b = self.backend
        return read_question(question, b, b.expand)

    def warm_up(self) -> None:
        """Answer one question without recording it: the parts that load on first use (the embedding
        model, word lists, the indicators table) load now, not while the first user waits."""
        self._answer(self.read(WARM_UP_QUESTION), [])

    def ask(self, question: str, conversation_id: str | None = None) -> Answer:
        return self.respond(question, conversation_id).answer

    def _ask(self, question: str, conversation_id: str | None) -> Response:
        started = time.perf_counter()
        question = validate_question(question)
        history = self.conversations.history(conversation_id) if conversation_id else []
        conversation_id = conversation_id or self.conversations.create()
        if detect_language(question) == "de":
            answer = _clarify(question)
            intent = None
        else:
            intent = resolve(self.read(question), [t.intent for t in history if t.intent is not None])
            answer = self._answer(intent, history)
        answer.conversation_id = conversation_id
        model = str(getattr(self.chat_model, "model_name", "") or "") if self.chat_model is not None else ""
        self._notify("answer", {"status": answer.status})
        access_of = getattr(self.backend, "groups_of", None)
        access = [sorted(access_of(c.document_id)) for c in answer.citations] if access_of else []
        answer_id = self.conversations.record(
            conversation_id,
            intent,
            answer,
            self.backend.generation,
            model,
            time.perf_counter() - started,
            access,
        )
        return Response(answer, answer_id, self.backend.generation)

    def _notify(self, stage: str, detail: dict[str, Any]) -> None:
        if self._progress is not None:
            self._progress(stage, detail)

    def _answer(self, intent: QuestionIntent, history: list[Turn]) -> Answer:
        # A question is searched as asked (retrieval reads the whole wording); a follow-up by its
        # merged reading, which holds the topic of the turn it leans on.
        query = intent.query_text() if intent.followup else intent.question
        hits = self.backend.search(query, k=SEARCH_K)
        mode: Literal["extractive", "llm"] = "llm" if self.chat_model is not None else "extractive"
        budget, budget_proposal = None, None
        if intent.answer_type == AnswerType.SOURCE and intent.followup and history:
            proposal = self._sources_of(history[-1])
        else:
            budget = read_budget(intent, self.settings.indicators_db, self.backend.terms, self.today)
            budget_proposal = propose_budget(budget) if budget is not None and mode == "extractive" else None
            if budget_proposal is not None:
                proposal = budget_proposal
            elif mode == "llm":
                proposal = self._llm(intent, history)
            else:
                proposal = self._extractive(intent, hits)
        if budget is not None:
            # The question names a budget line: that line's imported realisation decides, a "stand"
            # question included (the budget reading marks it as one about what was spent or is left).
            intent = budget.intent
            realisation: bool | None = budget.known
            if proposal is not budget_proposal:
                proposal.tool_calls += budget.tool_calls
        else:
            realisation = self._realisation(intent, proposal)
        verified = self._verify(proposal, drop_unsupported=mode == "extractive")
        units = self._cited_units(verified)
        # Without a cited unit the verdict is no_answer; the top passages' units tell the reason.
        judged = units or [u for chunk, _ in hits[:5] for u in units_of(chunk, self.backend.terms)]
        verdict = check(
            intent,
            judged,
            self.backend.terms,
            figures_stated=proposal.figures_stated,
            realisation_known=realisation,
            today=self.today,
            national=self.national,
        )
        if not units and not proposal.figures_stated:
            verdict = Verdict(False, verdict.reason)
        if not verdict.answered or not (verified.supported_sentences or proposal.figures_stated):
            note = missing_realisation(budget) if budget is not None else ""
            return self._no_answer(intent, hits, verdict.reason, proposal, mode, note)
        text = verified.text
        if verified.loose_numbers:
            text += _loose_note(verified.loose_numbers, intent.language)
        return Answer(
            question=intent.question,
            status="answered",
            answer=text,
            language="en" if intent.language == "en" else "nl",
            mode=mode,
            citations=verified.citations,
            figures=proposal.figures,
            unsupported=verified.unsupported
            + (
                [f"Getallen zonder bron: {', '.join(verified.loose_numbers)}"]
                if verified.loose_numbers
                else []
            ),
            tool_calls=proposal.tool_calls,
        )

    # --- proposals ----------------------------------------------------------------------------------
    def _extractive(self, intent: QuestionIntent, hits: list[tuple[Chunk, float]]) -> Proposal:
        plan = self.figures.plan(intent, self.backend.terms) if self.figures is not None else None
        figure_text = plan.statement if plan is not None else ""
        sources = [
            (chunk, row.source.sentence)
            for row in (plan.rows if plan else [])
            if (chunk := self._row_chunk(row)) is not None
        ]
        proposal = extractive.compose(
            intent, hits, self.backend.terms, figure_text, sources, self.today, self.national
        )
        if not proposal.units and not (plan and plan.stated):
            deeper = self._deeper(intent, hits)
            if deeper:
                proposal = extractive.compose(
                    intent, deeper, self.backend.terms, figure_text, sources, self.today, self.national
                )
        if plan is not None:
            proposal.tool_calls = plan.tool_calls
            proposal.figures = plan.figures
            proposal.figures_stated = plan.stated or plan.fitting
        return proposal

    def _deeper(self, intent: QuestionIntent, hits: list[tuple[Chunk, float]]) -> list[tuple[Chunk, float]]:
        """Relevant passages below the top ones, for a question whose constraint the top ones miss."""
        if not (intent.gemeenten or intent.years or intent.places_outside):
            return []
        wide = self.backend.search(intent.query_text() if intent.followup else intent.question, k=DEEP_K)
        floor = DEEP_SHARE * wide[0][1] if wide else 1.0
        seen = {c.chunk_id for c, _ in hits}
        return [(c, s) for c, s in wide if c.chunk_id not in seen and s >= floor]

    def _llm(self, intent: QuestionIntent, history: list[Turn]) -> Proposal:
        from assistant.answer.llm.mode import propose_with_llm

        pairs = [
            (role, text)
            for t in history
            for role, text in (("user", t.question), ("assistant", t.answer.answer))
        ]

        def search(query: str, k: int) -> list[Chunk]:
            return [chunk for chunk, _ in self.backend.search(query, k)]

        db = self.settings.indicators_db
        # The indicator tools read the whole table; for a caller who may not see every document they
        # are left out (figures then come from the passages it may see), so no restricted figure leaks.
        restricted = getattr(self.backend, "restrict", None) is not None
        return propose_with_llm(
            self.chat_model,
            intent.question,
            pairs,
            search,
            db if db.exists() and not restricted else None,
            self.settings.llm_max_steps,
        )

    def _sources_of(self, previous: Turn) -> Proposal:
        """'Waar komen die cijfers vandaan?': the table captions and source lines of the last answer."""
        shown = Shown()
        lines: list[str] = []
        for citation in previous.answer.citations[:3]:
            chunk = self.backend.chunk_at(citation.source_path, citation.line_start or 0)
            if chunk is None or chunk.chunk_id in shown.by_chunk:
                continue
            units = units_of(chunk, self.backend.terms)
            picked = [u for u in units if not u.is_row][:1] + [
                u for u in units if u.folded.startswith(("bron", "source"))
            ]
            n = shown.number(chunk)
            lines += [f"{u.text} [{n}]" for u in dict.fromkeys(picked)]
        return Proposal(text="\n".join(lines), shown=dict(shown.chunks), figures_stated=bool(lines))

    def _row_chunk(self, row: Any) -> Chunk | None:
        source = row.source
        return self.backend.chunk_at(source.source_path, source.line) if source.line else None

    def _realisation(self, intent: QuestionIntent, proposal: Proposal) -> bool | None:
        """For a question about what was spent that names no budget line: whether the programme has
        realisation data (budget_status says)."""
        if not intent.asks_realisation:
            return None
        from assistant.errors import AssistantError
        from assistant.indicators.tools import budget_status

        programme = " ".join(t.word for t in intent.focus[:3]) or intent.subject
        try:
            status = budget_status(programme, db_path=self.settings.indicators_db)
        except AssistantError as exc:
            proposal.tool_calls.append(
                ToolCall(name="budget_status", arguments={"programme": programme}, result={"error": str(exc)})
            )
            return False
        proposal.tool_calls.append(
            ToolCall(
                name="budget_status",
                arguments={"programme": programme},
                result=status.model_dump(include={"programme", "realisation_known", "message"}),
            )
        )
        return status.realisation_known

    # --- verification and refusal -------------------------------------------------------------------
    def _verify(self, proposal: Proposal, drop_unsupported: bool = False) -> Verified:
        results = [str(c.result) for c in proposal.tool_calls] + [
            f.model_dump_json() for f in proposal.figures
        ]
        tool_numbers = set().union(*(numbers_in(r) for r in results)) if results else set()
        return verify(
            proposal.text,
            proposal.shown,
            self.backend.source_text,
            self.backend.terms,
            tool_numbers,
            hints=proposal.hints,
            drop_unsupported=drop_unsupported,
        )

    def _cited_units(self, verified: Verified) -> list[Unit]:
        """The units the verified citations quote (a quote that is a part of a unit counts as that unit)."""
        out = []
        for citation in verified.citations:
            chunk = self.backend.chunk_at(citation.source_path, citation.line_start or 0)
            if chunk is None:
                continue
            key = match_key(strip_list_marks(citation.quote))
            # A quote of a sentence with the one after it (or a label with its answer) shows every
            # unit it contains; each of them is evidence the check may weigh.
            out += [
                u
                for u in units_of(chunk, self.backend.terms)
                if key in match_key(strip_list_marks(u.text)) or match_key(strip_list_marks(u.text)) in key
            ]
        return out

    def _no_answer(
        self,
        intent: QuestionIntent,
        hits: list[tuple[Chunk, float]],
        reason: Reason | None,
        proposal: Proposal,
        mode: Literal["extractive", "llm"],
        note: str = "",
    ) -> Answer:
        near = extractive.closest(hits, intent, self.backend.terms)
        verified = verify(near.text, near.shown, self.backend.source_text, self.backend.terms, set())
        english = intent.language == "en"
        lead = f" {note}" if note else ""  # what a budget question lacks, line by line
        if english:
            about = f": they say nothing about {reason.en}" if reason else ""
            text = f"The documents do not answer this question{about}.{lead} The closest passages:"
        else:
            about = f": ze zeggen niets over {reason.nl}" if reason else ""
            text = (
                f"De documenten geven geen antwoord op deze vraag{about}.{lead} "
                "De passages die er het dichtst bij komen:"
            )
        if verified.text:
            text += "\n" + verified.text
        return Answer(
            question=intent.question,
            status="no_answer",
            answer=text,
            language="en" if english else "nl",
            mode=mode,
            citations=verified.citations,
            tool_calls=proposal.tool_calls,
        )


def _clarify(question: str) -> Answer:
    return Answer(
        question=question,
        status="clarify",
        answer="Ik beantwoord vragen in het Nederlands of het Engels. Kunt u de vraag in een van die "
        "talen stellen? (I answer questions in Dutch or English.)",
        language="nl",
    )


def _loose_note(numbers: list[str], language: str) -> str:
    if language == "en":
        return "\n\nNote: these numbers are not in any source or tool result: " + ", ".join(numbers)
    return "\n\nLet op: deze getallen staan niet in een bron of toolresultaat: " + ", ".join(numbers)
