"""From a chat message to what the bot says: an answer, a clear notice, or a short apology.

Platform-neutral: the Slack and Teams adapters clean their message text, say who asks where and
which thread it belongs to, and render the `Reply`. Nothing here raises to the adapter: a question
the engine cannot take gets the engine's own message (what is wrong, what to do); any other failure
is logged with a reference and the user gets an apology carrying that reference, never a trace.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from assistant.answer.engine import validate_question
from assistant.answer.models import Answer
from assistant.bots.access import Asker, BotAccess
from assistant.bots.state import BotState
from assistant.errors import AssistantError, NotFoundError

log = logging.getLogger(__name__)

EMPTY_QUESTION = (
    "Ik zie geen vraag. Zet uw vraag achter de vermelding, bijvoorbeeld: "
    "'hoeveel is er nog over van het re-integratiebudget dit jaar?'"
)
ONLY_FILE = "Ik lees geen bijlagen. Typ uw vraag als tekst; ik zoek het antwoord in de programmadocumenten."
APOLOGY = (
    "Sorry, het beantwoorden van uw vraag ging mis. Probeer het zo nog eens; blijft het misgaan, "
    "geef dan kenmerk {ref} door aan de beheerder."
)
UNKNOWN_ANSWER = "Dit antwoord ken ik niet (meer), dus uw beoordeling is niet opgeslagen."
THANKS = {
    "up": "Dank u: uw 👍 is opgeslagen bij het antwoord.",
    "down": "Dank u: uw 👎 is opgeslagen bij het antwoord.",
}

ReplyKind = Literal["answer", "notice", "apology"]
Vote = Literal["up", "down"]


class AnswerServices(Protocol):
    """What the bots use of `assistant.api.services.Services` (app.state.services)."""

    def ask(self, question: str, conversation_id: str | None = None, groups: Any = None) -> Any: ...
    def feedback(self, answer_id: str, vote: Vote, comment: str = "", who: str = "") -> Any: ...
    def answer_record(self, answer_id: str, groups: Any = None) -> dict[str, Any]: ...


class AppServices:
    """The API app's Services, looked up per call: a bot is mounted before the app is served."""

    def __init__(self, app: Any) -> None:
        self._app = app

    def ask(self, question: str, conversation_id: str | None = None, groups: Any = None) -> Any:
        return self._app.state.services.ask(question, conversation_id=conversation_id, groups=groups)

    def feedback(self, answer_id: str, vote: Vote, comment: str = "", who: str = "") -> Any:
        return self._app.state.services.feedback(answer_id, vote, comment, who)

    def answer_record(self, answer_id: str, groups: Any = None) -> dict[str, Any]:
        return dict(self._app.state.services.answer_record(answer_id, groups))


@dataclass(frozen=True, slots=True)
class Reply:
    kind: ReplyKind
    text: str  # the answer text, the notice or the apology
    answer: Answer | None = None
    answer_id: str = ""
    public: bool = True  # False: only the asker may read it (ephemeral / personal chat)


class BotCore:
    def __init__(self, services: AnswerServices, access: BotAccess, state: BotState) -> None:
        self.services = services
        self.access = access
        self.state = state

    def respond(self, asker: Asker, text: str, thread: str, has_files: bool = False) -> Reply:
        """Answer `text` in `thread` (a key naming the chat thread); never raises."""
        if not text.strip():
            return Reply("notice", ONLY_FILE if has_files else EMPTY_QUESTION)
        try:
            question = validate_question(text)
            return self._answer(asker, question, thread)
        except AssistantError as exc:  # the user can fix it: the message says how
            return Reply("notice", str(exc))
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("bot answer failed (ref %s, %s user %s)", ref, asker.platform, asker.user)
            return Reply("apology", APOLOGY.format(ref=ref))

    def _answer(self, asker: Asker, question: str, thread: str) -> Reply:
        groups = self.access.groups_of(asker)
        own_key = f"{thread}|{asker.user}"  # a private answer's follow-ups stay the asker's own
        conversation = self.state.conversation(own_key) or self.state.conversation(thread)
        try:
            result = self.services.ask(question, conversation_id=conversation, groups=groups)
        except NotFoundError:
            if conversation is None:
                raise
            # The thread's conversation is gone (a reset store): start afresh rather than fail.
            result = self.services.ask(question, conversation_id=None, groups=groups)
        answer: Answer = result  # AskResult is the public Answer plus answer_id
        # The audit record holds the groups of each cited document, as the engine saw them.
        cited = self.services.answer_record(result.answer_id)["access"]
        public = self.access.may_post_publicly(asker, cited)
        self.state.remember(thread if public else own_key, answer.conversation_id)
        return Reply("answer", answer.answer, answer, str(result.answer_id), public)

    def feedback(self, answer_id: str, vote: str, who: str, comment: str = "") -> str:
        """Store a 👍/👎; returns what to tell the user (never raises)."""
        if not answer_id or vote not in ("up", "down"):
            return UNKNOWN_ANSWER
        try:
            self.services.feedback(answer_id, "up" if vote == "up" else "down", comment, who)
        except NotFoundError:
            return UNKNOWN_ANSWER
        except Exception:
            ref = uuid.uuid4().hex[:8]
            log.exception("bot feedback failed (ref %s)", ref)
            return APOLOGY.format(ref=ref)
        return THANKS[vote]


def shorten(text: str, limit: int) -> str:
    """A quote cut at a word boundary, marked with an ellipsis: what remains stands verbatim in the source."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


def format_value(value: float | None) -> str:
    """A figure in Dutch notation (1.234.567,5), as the documents write it."""
    if value is None:
        return "onbekend"
    if float(value).is_integer():
        return f"{int(value):,}".replace(",", ".")
    whole, _, frac = f"{value:,.2f}".partition(".")
    return whole.replace(",", ".") + "," + frac.rstrip("0")


def figure_value(value: float | None, unit: str, period: str, scope: str) -> str:
    """'€ 128.500 per jaar (2020-2021, Gooi en Vechtstreek)': the amount with its unit, period and scope."""
    amount = format_value(value)
    first, _, rest = unit.partition(" ")
    if first.lower() in {"eur", "euro", "€"}:
        shown = f"€ {amount}" + (f" {rest}" if rest else "")
    else:
        shown = f"{amount} {unit}".strip()
    context = ", ".join(part for part in (period, scope) if part)
    return shown + (f" ({context})" if context else "")


def figure_line(label: str, value: float | None, unit: str, period: str, scope: str) -> str:
    return f"{label}: {figure_value(value, unit, period, scope)}"


def source_of_figure(source: dict[str, Any]) -> str:
    parts: Iterable[str] = (str(source.get(k) or "") for k in ("title", "date"))
    text = ", ".join(p for p in parts if p)
    page = source.get("page")
    return text + (f", p. {page}" if page else "")


def viewer_link(base_url: str, chunk_id: str) -> str:
    """The web page's source viewer opened at one cited passage."""
    from urllib.parse import quote

    return f"{base_url.rstrip('/')}/#bron={quote(chunk_id, safe='')}"
