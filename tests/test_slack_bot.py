"""The Slack bot end to end: signed requests through the API app's /slack/events on a real server,
the real engine over the shipped corpus, and a loopback stub of Slack's Web API recording each post."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_server import serving
from bot_stubs import RESTRICTED_QUESTION, SlackApiStub, restricted_data, slack_signature

SECRET = "test-signing-secret"
BESTUURDER = "UBESTUUR"  # a user in group "bestuur"
BESTUUR_CHANNEL = "CBESTUUR"  # a channel whose members may all see group "bestuur"
QUESTION = "Wat is de rol van het Werkgeversservicepunt?"
_seq = itertools.count(1)


class Slack:
    """What Slack does: sign and send events, commands and button clicks to the app."""

    def __init__(self, base_url: str, stub: SlackApiStub, app: Any) -> None:
        self.url = f"{base_url}/slack/events"
        self.stub = stub
        self.app = app

    def send(
        self,
        body: str,
        content_type: str,
        *,
        timestamp: int | None = None,
        secret: str = SECRET,
        headers: dict[str, str] | None = None,
    ) -> httpx.Response:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        return httpx.post(
            self.url,
            content=body.encode(),
            headers={
                "Content-Type": content_type,
                "X-Slack-Request-Timestamp": ts,
                "X-Slack-Signature": slack_signature(secret, ts, body),
                **(headers or {}),
            },
            timeout=10,
        )

    def event(self, event: dict[str, Any], event_id: str | None = None, **kw: Any) -> httpx.Response:
        body = {
            "token": "unused",
            "team_id": "T1",
            "api_app_id": "A1",
            "type": "event_callback",
            "event_id": event_id or f"Ev{next(_seq):08d}",
            "event_time": int(time.time()),
            "event": event,
        }
        return self.send(json.dumps(body), "application/json", **kw)

    def form(self, fields: dict[str, str]) -> httpx.Response:
        return self.send(httpx.QueryParams(fields).__str__(), "application/x-www-form-urlencoded")

    def click(self, action_id: str, answer_id: str, user: str = "U1") -> str:
        response_url = f"{self.stub.url}/respond/{next(_seq)}"
        payload = {
            "type": "block_actions",
            "user": {"id": user},
            "team": {"id": "T1"},
            "channel": {"id": "C1"},
            "response_url": response_url,
            "trigger_id": f"tr{next(_seq)}",
            "actions": [
                {"action_id": action_id, "block_id": "wp_feedback", "value": answer_id, "type": "button"}
            ],
        }
        assert self.form({"payload": json.dumps(payload)}).status_code == 200
        return response_url


def mention(text: str, channel: str = "C1", user: str = "U1", thread_ts: str | None = None) -> dict[str, Any]:
    ts = f"1700000000.{next(_seq):06d}"
    event = {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel, "event_ts": ts}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return event


def message(text: str, channel: str, user: str = "U1", **extra: Any) -> dict[str, Any]:
    ts = f"1700000000.{next(_seq):06d}"
    channel_type = "im" if channel.startswith("D") else "channel"
    return {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "channel": channel,
        "channel_type": channel_type,
        **extra,
    }


def blocks_text(call: Any) -> str:
    blocks = call.body.get("blocks")
    if isinstance(blocks, str):
        blocks = json.loads(blocks)
    return json.dumps(blocks, ensure_ascii=False)


def answer_id_of(call: Any) -> str:
    blocks = call.body["blocks"]
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks
    actions = [b for b in blocks if b["type"] == "actions"]
    return str(actions[0]["elements"][0]["value"])


@pytest.fixture(scope="module")
def slack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Slack]:
    from assistant.api.app import create_app
    from assistant.config import Settings

    data, corpus = restricted_data(tmp_path_factory.mktemp("slackbot"))
    stub = SlackApiStub()
    settings = Settings(
        data_dir=data,
        corpus_dir=corpus,
        slack_bot_token="xoxb-test",
        slack_signing_secret=SECRET,
        slack_api_url=f"{stub.url}/api/",
        bot_access={f"slack:{BESTUURDER}": ["bestuur"], f"slack:{BESTUUR_CHANNEL}": ["bestuur"]},
        bot_viewer_url="http://wp.example/",
    )
    app = create_app(settings)
    with serving(app) as base:
        yield Slack(base, stub, app)
    stub.close()


def test_a_mention_gets_a_threaded_reply_with_numbered_sources(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}")
    response = slack.event(event)
    assert response.status_code == 200
    (post,) = slack.stub.wait_for("chat.postMessage", thread_ts=event["ts"])
    assert post.body["channel"] == "C1"
    shown = blocks_text(post)
    assert "Werkgeversservicepunt" in shown
    assert "*Bronnen*" in shown and "*[1]*" in shown
    assert "http://wp.example/#bron=" in shown  # each source links to the web source viewer
    assert "wp_feedback_up" in shown and "wp_feedback_down" in shown
    # The ⏳ reaction is put on the question while it is answered, and taken off afterwards.
    slack.stub.wait_for("reactions.add", timestamp=event["ts"])
    slack.stub.wait_for("reactions.remove", timestamp=event["ts"])


def test_a_direct_message_is_answered_in_the_dm(slack: Slack) -> None:
    event = message(QUESTION, channel="D1")
    assert slack.event(event).status_code == 200
    (post,) = slack.stub.wait_for("chat.postMessage", channel="D1")
    assert "thread_ts" not in post.body
    assert "*Bronnen*" in blocks_text(post)


def test_a_thread_follow_up_is_answered_with_the_threads_history(slack: Slack) -> None:
    first = mention(
        f"<@{SlackApiStub.BOT_USER}> Hoeveel plaatsingen waren er in 2023 in Hilversum?", channel="C7"
    )
    slack.event(first)
    (answer1,) = slack.stub.wait_for("chat.postMessage", channel="C7", thread_ts=first["ts"])
    follow_up = message("En in Huizen?", channel="C7", thread_ts=first["ts"])
    slack.event(follow_up)
    answers = slack.stub.wait_for("chat.postMessage", count=2, channel="C7", thread_ts=first["ts"])
    services = slack.app.state.services
    one = services.answer_record(answer_id_of(answer1))
    two = services.answer_record(answer_id_of(answers[1]))
    assert two["conversation_id"] == one["conversation_id"]
    assert two["turn"] == 2
    assert "huizen" in two["resolved_question"].lower() and "2023" in two["resolved_question"]


def test_top_level_chatter_and_unknown_threads_are_left_alone(slack: Slack) -> None:
    slack.event(message("goedemorgen allemaal", channel="C8"))
    slack.event(message("een draad zonder de bot", channel="C8", thread_ts="1699999999.000001"))
    slack.event(
        mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C8")
    )  # a marker answered after them
    slack.stub.wait_for("chat.postMessage", channel="C8")
    time.sleep(0.3)
    assert len(slack.stub.matching("chat.postMessage", channel="C8")) == 1


def test_a_feedback_click_is_stored_with_the_answer(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C2")
    slack.event(event)
    (post,) = slack.stub.wait_for("chat.postMessage", channel="C2")
    answer_id = answer_id_of(post)
    response_url = slack.click("wp_feedback_down", answer_id, user="U9")
    (confirmation,) = slack.stub.wait_for(response_url.split(slack.stub.url)[1])
    assert "opgeslagen" in confirmation.body["text"]
    assert confirmation.body["response_type"] == "ephemeral"
    record = slack.app.state.services.answer_record(answer_id)
    assert [(f["vote"], f["who"]) for f in record["feedback"]] == [("down", "slack:U9")]


def test_a_click_for_an_unknown_answer_says_so_and_stores_nothing(slack: Slack) -> None:
    response_url = slack.click("wp_feedback_up", "0" * 32)
    (confirmation,) = slack.stub.wait_for(response_url.split(slack.stub.url)[1])
    assert "ken ik niet" in confirmation.body["text"]


def test_a_bad_signature_is_refused(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C3")
    assert slack.event(event, secret="not-the-secret").status_code == 401
    body = json.dumps({"type": "event_callback", "event_id": "EvUnsigned", "event": event})
    unsigned = httpx.post(slack.url, content=body, headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401


def test_a_request_older_than_five_minutes_is_refused(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C3")
    # Correctly signed, but replayed six minutes later.
    assert slack.event(event, timestamp=int(time.time()) - 360).status_code == 401
    time.sleep(0.5)
    assert slack.stub.matching("chat.postMessage", channel="C3") == []


def test_slack_retries_of_an_event_never_give_a_second_answer(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C4")
    assert slack.event(event, event_id="EvRetried").status_code == 200
    for n in (1, 2):
        retry = slack.event(
            event,
            event_id="EvRetried",
            headers={"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"},
        )
        assert retry.status_code == 200  # acknowledged, so Slack stops retrying
    slack.stub.wait_for("chat.postMessage", channel="C4")
    time.sleep(1.0)
    assert len(slack.stub.matching("chat.postMessage", channel="C4")) == 1


def test_an_answer_from_a_restricted_document_goes_to_the_asker_only(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {RESTRICTED_QUESTION}", channel="C5", user=BESTUURDER)
    slack.event(event)
    (private,) = slack.stub.wait_for("chat.postEphemeral", channel="C5")
    assert private.body["user"] == BESTUURDER
    assert private.body["thread_ts"] == event["ts"]
    assert "Voorstel Perspectief op Werk" in blocks_text(private)
    time.sleep(0.3)
    assert slack.stub.matching("chat.postMessage", channel="C5") == []
    # In a channel whose members may all see the document, it is posted in the thread.
    shared = mention(
        f"<@{SlackApiStub.BOT_USER}> {RESTRICTED_QUESTION}", channel=BESTUUR_CHANNEL, user=BESTUURDER
    )
    slack.event(shared)
    (public,) = slack.stub.wait_for("chat.postMessage", channel=BESTUUR_CHANNEL)
    assert "Voorstel Perspectief op Werk" in blocks_text(public)


def test_a_user_outside_the_group_never_gets_the_restricted_document(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}> {RESTRICTED_QUESTION}", channel="C6", user="U1")
    slack.event(event)
    (post,) = slack.stub.wait_for("chat.postMessage", channel="C6")
    assert "Voorstel Perspectief op Werk" not in blocks_text(post)


def test_the_slash_command_answers_through_the_response_url(slack: Slack) -> None:
    response_url = f"{slack.stub.url}/respond/cmd{next(_seq)}"
    fields = {
        "command": "/wp",
        "text": QUESTION,
        "user_id": "U1",
        "channel_id": "C9",
        "team_id": "T1",
        "response_url": response_url,
        "trigger_id": f"trig{next(_seq)}",
    }
    started = time.monotonic()
    response = slack.form(fields)
    assert response.status_code == 200
    assert time.monotonic() - started < 3.0  # acknowledged before the answer is made
    (answer,) = slack.stub.wait_for(response_url.split(slack.stub.url)[1])
    assert answer.body["response_type"] == "in_channel"
    assert "*Bronnen*" in json.dumps(answer.body["blocks"], ensure_ascii=False)


# --- bad input ---------------------------------------------------------------------------------------


def test_an_empty_mention_asks_for_the_question(slack: Slack) -> None:
    event = mention(f"<@{SlackApiStub.BOT_USER}>   ", channel="C10")
    slack.event(event)
    (post,) = slack.stub.wait_for("chat.postMessage", channel="C10", thread_ts=event["ts"])
    assert "Ik zie geen vraag" in post.body["text"]


def test_a_message_with_only_a_file_says_files_are_not_read(slack: Slack) -> None:
    event = message("", channel="D2", subtype="file_share", files=[{"id": "F1", "name": "begroting.xlsx"}])
    slack.event(event)
    (post,) = slack.stub.wait_for("chat.postMessage", channel="D2")
    assert "geen bijlagen" in post.body["text"]


def test_a_40000_character_message_gets_a_clear_limit(slack: Slack) -> None:
    # As Slack sends it: the text twice (text and blocks), accents escaped in the JSON (over 64 kB).
    text = "wérk " * 8000
    blocks = [{"type": "rich_text", "elements": [{"type": "rich_text_section", "elements": [
        {"type": "text", "text": text}]}]}]  # fmt: skip
    event = message(text, channel="D3", blocks=blocks)
    assert slack.event(event).status_code == 200
    (post,) = slack.stub.wait_for("chat.postMessage", channel="D3")
    assert "maximum is 2000" in post.body["text"]


def test_an_event_type_we_do_not_handle_is_acknowledged_and_ignored(slack: Slack) -> None:
    response = slack.event({"type": "team_join", "user": {"id": "U77"}, "event_ts": "1.2"})
    assert response.status_code == 200  # not 404: Slack would retry an unacknowledged event
    marker = message(QUESTION, channel="D77")  # answered after the team_join was dispatched
    slack.event(marker)
    slack.stub.wait_for("chat.postMessage", channel="D77")
    assert [
        c.path for c in slack.stub.calls if "U77" in json.dumps(c.body) or c.body.get("channel") == ""
    ] == []


def test_the_engine_failing_mid_answer_gives_a_short_apology_in_the_thread(
    slack: Slack, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.answer.engine import Engine

    def broken(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index exploded at /srv/secret/path.py")

    monkeypatch.setattr(Engine, "_answer", broken)
    event = mention(f"<@{SlackApiStub.BOT_USER}> {QUESTION}", channel="C11")
    slack.event(event)
    (post,) = slack.stub.wait_for("chat.postMessage", channel="C11", thread_ts=event["ts"])
    said = post.body["text"] + blocks_text(post)
    assert said.startswith("Sorry")
    assert "kenmerk" in said
    assert "exploded" not in said and "Traceback" not in said and "/srv" not in said
    slack.stub.wait_for("reactions.remove", timestamp=event["ts"])
