"""Slack: a slack-bolt app answering @mentions (in a thread), DMs, thread follow-ups and `/wp vraag`.

HTTP mode: `mount(app)` adds POST /slack/events to the API app; bolt verifies Slack's signature and
refuses requests whose timestamp is more than five minutes off (401). Socket Mode: `assistant slack`
runs the same bolt app over Slack's websocket (no public URL needed).

Slack wants an acknowledgement within 3 seconds, so every listener only acknowledges, claims the
event (a retry of an event already taken is dropped: Slack re-sends when our ack was slow, and the
retry has the same event_id) and hands the question to a bounded pool of answer workers. While a
worker answers, the question carries an ⏳ reaction.
"""

from __future__ import annotations

import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from html import unescape
from typing import TYPE_CHECKING, Any

from fastapi import Request
from fastapi.responses import Response
from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from assistant.bots.access import Asker, BotAccess
from assistant.bots.core import AnswerServices, AppServices, BotCore, Reply
from assistant.bots.slack_blocks import (
    FEEDBACK_DOWN,
    FEEDBACK_UP,
    answer_blocks,
    fallback_text,
    notice_blocks,
)
from assistant.bots.state import BotState
from assistant.config import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
WORKING = "hourglass_flowing_sand"
_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_LINK = re.compile(r"<([^<>|]+)\|([^<>]+)>|<([^<>|]+)>")


def clean_text(text: str) -> str:
    """What the user typed: mentions removed, links as their label, Slack's escapes undone."""
    text = _MENTION.sub(" ", text or "")
    text = _LINK.sub(lambda m: m.group(2) or m.group(3) or "", text)
    return " ".join(unescape(text).split())


class SlackBot:
    """The bolt app and its answer pool; one per process."""

    def __init__(self, settings: Settings, services: AnswerServices, client: WebClient | None = None) -> None:
        self.settings = settings
        self.core = BotCore(
            services, BotAccess(settings.bot_access), BotState(settings.data_dir / "bots.sqlite")
        )
        self.client = client or WebClient(
            token=settings.slack_bot_token.get_secret_value() or None, base_url=settings.slack_api_url
        )
        self.pool = ThreadPoolExecutor(
            max_workers=max(1, settings.bot_workers), thread_name_prefix="slack-answer"
        )
        self.app = App(
            signing_secret=settings.slack_signing_secret.get_secret_value(),
            client=self.client,
            # auth.test runs on the first event instead of at start-up: creating the API app never
            # needs Slack to be reachable.
            token_verification_enabled=False,
            # Listeners only acknowledge and hand over, so a few threads keep up with any burst.
            listener_executor=ThreadPoolExecutor(max_workers=8, thread_name_prefix="slack-listener"),
        )
        self._register()

    # --- listeners (fast: acknowledge, claim, hand over) ------------------------------------------------
    def _register(self) -> None:
        app = self.app
        app.event("app_mention")(self._on_mention)
        app.event("message")(self._on_message)
        app.command("/wp")(self._on_command)
        app.action(FEEDBACK_UP)(self._on_feedback)
        app.action(FEEDBACK_DOWN)(self._on_feedback)
        # Anything else Slack sends (an event type we did not subscribe to handling) is acknowledged
        # and ignored: a non-2xx answer would only make Slack retry it.
        app.event(re.compile(".*"))(lambda ack: ack())
        app.error(self._on_error)

    def _claim(self, body: dict[str, Any]) -> bool:
        event_id = body.get("event_id") or ""
        return not event_id or self.core.state.first_time(f"slack:{event_id}")

    def _on_mention(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        if event.get("bot_id") or not self._claim(body):
            return
        channel = event["channel"]
        root = event.get("thread_ts") or event["ts"]
        asker = Asker("slack", event.get("user", ""), channel, private=channel.startswith("D"))
        self._submit(asker, event, thread=f"slack:{channel}:{root}", thread_ts=root)

    def _on_message(self, body: dict[str, Any], event: dict[str, Any], context: Any) -> None:
        if event.get("bot_id") or event.get("subtype") not in (None, "file_share", "thread_broadcast"):
            return  # our own posts, edits, deletions, joins
        channel = event.get("channel", "")
        direct = event.get("channel_type") == "im"
        root = event.get("thread_ts")
        if not direct:
            if not root or f"<@{context.bot_user_id}" in (event.get("text") or ""):
                return  # top-level chatter, or a mention (app_mention answers that one)
            thread = f"slack:{channel}:{root}"
            user = event.get("user", "")
            if not (self.core.state.conversation(thread) or self.core.state.conversation(f"{thread}|{user}")):
                return  # a thread the bot never answered in
        else:
            thread = f"slack:{channel}:{root}" if root else f"slack:{channel}"  # the DM is one conversation
        if not self._claim(body):
            return
        asker = Asker("slack", event.get("user", ""), channel, private=direct)
        self._submit(asker, event, thread=thread, thread_ts=root)

    def _on_command(self, ack: Any, command: dict[str, Any], respond: Any) -> None:
        ack()
        if not self.core.state.first_time(f"slack-cmd:{command.get('trigger_id', '')}"):
            return
        channel = command.get("channel_id", "")
        asker = Asker("slack", command.get("user_id", ""), channel, private=channel.startswith("D"))
        thread = f"slack:{channel}:cmd:{command.get('trigger_id', '')}"
        text = clean_text(command.get("text", ""))
        self.pool.submit(self._answer_command, asker, text, thread, respond)

    def _on_feedback(self, ack: Any, body: dict[str, Any], action: dict[str, Any], respond: Any) -> None:
        ack()
        vote = "up" if action.get("action_id") == FEEDBACK_UP else "down"
        user = (body.get("user") or {}).get("id", "")
        self.pool.submit(self._store_feedback, str(action.get("value") or ""), vote, user, respond)

    def _on_error(self, error: Exception, body: dict[str, Any]) -> BoltResponse:
        log.error("slack listener failed: %s", type(error).__name__, exc_info=error)
        return BoltResponse(status=200, body="")  # acknowledged: a retry would fail the same way

    # --- workers (slow: answer and post) -------------------------------------------------------------
    def _submit(self, asker: Asker, event: dict[str, Any], thread: str, thread_ts: str | None) -> None:
        text = clean_text(event.get("text", ""))
        files = bool(event.get("files"))
        self.pool.submit(self._answer_event, asker, text, files, thread, thread_ts, event.get("ts", ""))

    def _answer_event(
        self, asker: Asker, text: str, files: bool, thread: str, thread_ts: str | None, ts: str
    ) -> None:
        self._react("reactions_add", asker.channel, ts)
        try:
            reply = self.core.respond(asker, text, thread, has_files=files)
            self.post(asker, reply, thread_ts)
        finally:
            self._react("reactions_remove", asker.channel, ts)

    def _react(self, method: str, channel: str, ts: str) -> None:
        if not ts:
            return
        try:
            getattr(self.client, method)(channel=channel, timestamp=ts, name=WORKING)
        except Exception as exc:  # a missing reaction scope must not cost the answer
            log.warning("slack %s failed: %s", method, exc)

    def post(self, asker: Asker, reply: Reply, thread_ts: str | None) -> None:
        """Post in the thread, or to the asker alone when the answer may not be shown to the channel."""
        blocks = answer_blocks(reply, self.settings.bot_viewer_url)
        text = fallback_text(reply)
        try:
            self._send(asker, reply.public, thread_ts, text, blocks)
        except Exception as exc:
            # Never silence: if the rich message is refused, the plain text still reaches the user.
            log.warning("slack post with blocks failed (%s); sending plain text", exc)
            self._send(asker, reply.public, thread_ts, reply.text[:3000], notice_blocks(reply.text[:2900]))

    def _send(self, asker: Asker, public: bool, thread_ts: str | None, text: str, blocks: list[Any]) -> None:
        args: dict[str, Any] = {"channel": asker.channel, "text": text, "blocks": blocks}
        if thread_ts:
            args["thread_ts"] = thread_ts
        if public:
            self.client.chat_postMessage(unfurl_links=False, unfurl_media=False, **args)
        else:
            self.client.chat_postEphemeral(user=asker.user, **args)

    def _answer_command(self, asker: Asker, text: str, thread: str, respond: Any) -> None:
        reply = self.core.respond(asker, text, thread)
        kind = "in_channel" if reply.public and reply.kind == "answer" else "ephemeral"
        blocks = answer_blocks(reply, self.settings.bot_viewer_url)
        try:
            respond(text=fallback_text(reply), blocks=blocks, response_type=kind, replace_original=False)
        except Exception as exc:
            log.warning("slack command response failed (%s); sending plain text", exc)
            respond(text=reply.text[:3000], response_type=kind, replace_original=False)

    def _store_feedback(self, answer_id: str, vote: str, user: str, respond: Any) -> None:
        message = self.core.feedback(answer_id, vote, who=f"slack:{user}")
        try:
            respond(text=message, response_type="ephemeral", replace_original=False)
        except Exception as exc:
            log.warning("slack feedback confirmation failed: %s", exc)


def configured(settings: Settings) -> bool:
    return bool(
        settings.slack_bot_token.get_secret_value() and settings.slack_signing_secret.get_secret_value()
    )


def mount(app: FastAPI, settings: Settings | None = None, client: WebClient | None = None) -> SlackBot | None:
    """Add POST /slack/events when a bot token and signing secret are configured."""
    from slack_bolt.adapter.starlette.handler import to_bolt_request, to_starlette_response
    from starlette.concurrency import run_in_threadpool

    from assistant.config import get_settings

    settings = settings or getattr(app.state, "settings", None) or get_settings()
    if not configured(settings):
        log.info(
            "Slack not configured (ASSISTANT_SLACK_BOT_TOKEN, ASSISTANT_SLACK_SIGNING_SECRET): %s off",
            EVENTS_PATH,
        )
        return None
    bot = SlackBot(settings, AppServices(app), client)
    app.state.slack_bot = bot

    @app.post(EVENTS_PATH, include_in_schema=False)
    async def slack_events(request: Request) -> Response:
        body = await request.body()
        # bolt is synchronous: dispatch off the event loop so one slow verification never stalls others.
        response = await run_in_threadpool(bot.app.dispatch, to_bolt_request(request, body))
        return to_starlette_response(response)

    return bot


def socket_mode_handler(settings: Settings, services: AnswerServices) -> Any:
    """The bot over Socket Mode: Slack's websocket (opened with the app-level token) instead of HTTP.

    Envelopes are acknowledged on the socket and dispatched through the same bolt app, so mentions,
    DMs, /wp, buttons, retries and access behave exactly as in HTTP mode."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    bot = SlackBot(settings, services)
    return SocketModeHandler(bot.app, settings.slack_app_token.get_secret_value())


def run_socket_mode(settings: Settings, services: AnswerServices) -> None:
    """`assistant slack`: connect and serve until interrupted."""
    started = time.monotonic()
    log.info("Slack Socket Mode connecting")
    try:
        socket_mode_handler(settings, services).start()
    finally:
        log.info("Slack Socket Mode stopped after %.0f s", time.monotonic() - started)
