"""Microsoft Teams: the Microsoft 365 Agents SDK at /api/messages, answering in personal chat and on
@mentions in channels (a channel thread is one conversation: Teams gives it its own conversation id).

Every request must carry the Bot Connector's JWT; the SDK validates it (signature against
Microsoft's published keys, audience = our app id, tenant binding) and anything else gets 401.
Replies go back through the connector with a token for our app (app id, tenant, client secret).

An answer citing a document not every channel member may see is sent to the asker's personal chat
(a conversation the bot opens with them); the channel thread only hears that it was sent there.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response
from microsoft_agents.activity import (
    Activity,
    ActivityTypes,
    Attachment,
    ChannelAccount,
    ConversationParameters,
)
from microsoft_agents.hosting.core import (
    AgentApplication,
    AgentAuthConfiguration,
    ClaimsIdentity,
    Connections,
    MemoryStorage,
    TurnContext,
    TurnState,
)
from microsoft_agents.hosting.fastapi import CloudAdapter, jwt_authorization_decorator, start_agent_process

from assistant.bots.access import Asker, BotAccess
from assistant.bots.core import APOLOGY, AnswerServices, AppServices, BotCore, Reply
from assistant.bots.state import BotState
from assistant.bots.teams_cards import CARD_TYPE, FEEDBACK_KEY, answer_card
from assistant.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

MESSAGES_PATH = "/api/messages"
SENT_PRIVATELY = (
    "Het antwoord steunt op documenten die niet iedereen in dit kanaal mag inzien; ik heb het u in een "
    "persoonlijke chat gestuurd."
)
ASK_PRIVATELY = (
    "Het antwoord steunt op documenten die niet iedereen in dit kanaal mag inzien. Stel de vraag in een "
    "persoonlijke chat met mij."
)


def auth_configuration(settings: Settings) -> AgentAuthConfiguration:
    return AgentAuthConfiguration(
        client_id=settings.teams_app_id,
        tenant_id=settings.teams_tenant_id or None,
        client_secret=settings.teams_app_secret.get_secret_value() or None,
        connection_name="SERVICE_CONNECTION",
    )


def _connections(config: AgentAuthConfiguration) -> Connections:
    from microsoft_agents.authentication.msal import MsalConnectionManager

    return MsalConnectionManager(connections_configurations={"SERVICE_CONNECTION": config})


class TeamsBot:
    """The agent application, its adapter and the answer pool; one per process."""

    def __init__(
        self, settings: Settings, services: AnswerServices, connections: Connections | None = None
    ) -> None:
        self.settings = settings
        self.core = BotCore(
            services, BotAccess(settings.bot_access), BotState(settings.data_dir / "bots.sqlite")
        )
        self.auth = auth_configuration(settings)
        connections = connections or _connections(self.auth)
        self.adapter = CloudAdapter(connection_manager=connections)
        self.adapter.on_turn_error = self._on_turn_error  # the SDK's default sends the exception text
        self.agent: AgentApplication[TurnState] = AgentApplication[TurnState](
            storage=MemoryStorage(),
            connection_manager=connections,
            remove_recipient_mention=True,
            start_typing_timer=False,  # the turn ends at once; _answer sends the typing indicator
        )
        self.agent.activity(ActivityTypes.message)(self._on_message)
        self.pool = ThreadPoolExecutor(
            max_workers=max(1, settings.bot_workers), thread_name_prefix="teams-answer"
        )
        self._tasks: set[asyncio.Task[None]] = set()  # answers in progress (held so none is collected)

    async def _on_turn_error(self, context: TurnContext, error: Exception) -> None:
        import uuid

        ref = uuid.uuid4().hex[:8]
        log.error("teams turn failed (ref %s)", ref, exc_info=error)
        await context.send_activity(APOLOGY.format(ref=ref))

    async def _on_message(self, context: TurnContext, state: TurnState) -> None:
        activity = context.activity
        value = activity.value if isinstance(activity.value, dict) else None
        if value is not None and FEEDBACK_KEY in value:  # an Action.Submit of our card: quick, in the turn
            who = f"teams:{_user_id(activity)}"
            vote, answer_id = str(value[FEEDBACK_KEY]), str(value.get("answer_id") or "")
            await context.send_activity(await self._run(self.core.feedback, answer_id, vote, who))
            return
        conversation = activity.conversation
        if not self.core.state.first_time(f"teams:{conversation.id}:{activity.id}"):
            return  # the connector delivered this activity before: it was answered then
        question = Question(
            asker=Asker(
                "teams",
                _user_id(activity),
                _channel_id(activity),
                private=(conversation.conversation_type or "personal") == "personal",
            ),
            text=activity.text or "",
            thread=f"teams:{conversation.id}",
            files=any(not (a.content_type or "").startswith("text/html") for a in activity.attachments or []),
            sender_id=activity.from_property.id if activity.from_property else "",
            bot=activity.recipient,
            tenant=_data(activity, "tenant").get("id") or self.settings.teams_tenant_id,
        )
        # The answer is made after this request returns (202 at once, like Slack's ack), and sent
        # into the conversation as a continuation: the connector never waits on the engine.
        continuation = activity.get_conversation_reference().get_continuation_activity()
        identity = context.identity or ClaimsIdentity()  # always set by the JWT check on this route
        task = asyncio.create_task(self._answer(identity, continuation, question))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _answer(self, identity: ClaimsIdentity, continuation: Activity, question: Question) -> None:
        async def typing(context: TurnContext) -> None:
            await context.send_activity(Activity(type=ActivityTypes.typing))

        try:  # "…is typing" while the answer is made (sent from here: the request has returned)
            await self.adapter.continue_conversation_with_claims(identity, continuation, typing)
        except Exception as exc:
            log.warning("teams typing indicator failed: %s", exc)
        reply: Reply = await self._run(
            self.core.respond, question.asker, question.text, question.thread, question.files
        )

        async def send(context: TurnContext) -> None:
            if reply.public:
                await context.send_activity(self._card(reply))
            elif await self._send_privately(context, question, reply):
                await context.send_activity(SENT_PRIVATELY)
            else:
                await context.send_activity(ASK_PRIVATELY)

        try:
            await self.adapter.continue_conversation_with_claims(identity, continuation, send)
        except Exception:
            log.exception("teams answer could not be sent (%s)", question.thread)

    async def _run(self, func: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.pool, func, *args)

    def _card(self, reply: Reply) -> Activity:
        card = answer_card(reply, self.settings.bot_viewer_url)
        return Activity(
            type=ActivityTypes.message, attachments=[Attachment(content_type=CARD_TYPE, content=card)]
        )

    async def _send_privately(self, context: TurnContext, question: Question, reply: Reply) -> bool:
        """Open (or reuse) the personal chat with the asker and send the answer there."""
        connector: Any = context.turn_state.get(self.adapter._AGENT_CONNECTOR_CLIENT_KEY)
        if connector is None or not question.sender_id:
            return False
        fields: dict[str, Any] = {
            "is_group": False,
            "bot": question.bot,
            "members": [ChannelAccount(id=question.sender_id)],
        }
        if question.tenant:
            fields.update(tenant_id=question.tenant, channel_data={"tenant": {"id": question.tenant}})
        try:
            created = await connector.conversations.create_conversation(ConversationParameters(**fields))
            await connector.conversations.send_to_conversation(created.id, self._card(reply))
        except Exception as exc:
            log.warning("teams personal chat could not be opened: %s", exc)
            return False
        return True


@dataclass(frozen=True, slots=True)
class Question:
    """What the background answer needs from the incoming activity."""

    asker: Asker
    text: str
    thread: str
    files: bool
    sender_id: str  # the Teams user id (29:...), for opening a personal chat
    bot: ChannelAccount | None
    tenant: str


def _user_id(activity: Activity) -> str:
    sender = activity.from_property
    if sender is None:
        return ""
    return str(sender.aad_object_id or sender.id or "")


def _data(activity: Activity, key: str) -> dict[str, Any]:
    """One object of Teams' channelData (tenant, channel, team), or {}."""
    data = activity.channel_data
    if not isinstance(data, dict):
        data = getattr(data, "model_dump", lambda **_: {})(by_alias=True)
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _channel_id(activity: Activity) -> str:
    """The Teams channel (not the thread) for the access mapping; a chat's own id otherwise."""
    channel = _data(activity, "channel").get("id")
    return str(channel) if channel else str(activity.conversation.id).split(";messageid=")[0]


def configured(settings: Settings) -> bool:
    return bool(settings.teams_app_id)


def mount(
    app: FastAPI, settings: Settings | None = None, connections: Connections | None = None
) -> TeamsBot | None:
    """Add POST /api/messages when a Teams app id is configured."""
    from assistant.config import get_settings

    settings = settings or getattr(app.state, "settings", None) or get_settings()
    if not configured(settings):
        log.info("Teams not configured (ASSISTANT_TEAMS_APP_ID): %s off", MESSAGES_PATH)
        return None
    bot = TeamsBot(settings, AppServices(app), connections)
    app.state.teams_bot = bot
    # The SDK's JWT check reads its configuration from app.state.agent_configuration.
    app.state.agent_configuration = bot.auth

    async def messages(request: Request) -> Response | None:
        return await start_agent_process(request, bot.agent, bot.adapter)

    app.post(MESSAGES_PATH, include_in_schema=False, response_model=None)(
        jwt_authorization_decorator(messages)
    )
    return bot
