"""The Teams bot end to end: Bot Connector activities with real JWTs (signed by a loopback JWKS)
through the API app's /api/messages on a real server, the real engine, and a loopback Bot Connector
stub that records every activity the bot sends back."""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from api_server import serving
from bot_stubs import RESTRICTED_QUESTION, ConnectorStub, loopback_connections, restricted_data

APP_ID = "00000000-0000-0000-0000-0000000000aa"
TENANT = "11111111-1111-1111-1111-111111111111"
BOT = {"id": f"28:{APP_ID}", "name": "Werk & Participatie"}
BESTUURDER = "aad-bestuur"  # a Teams user (AAD object id) in group "bestuur"
QUESTION = "Wat is de rol van het Werkgeversservicepunt?"
_seq = itertools.count(1)


class Teams:
    def __init__(self, base_url: str, connector: ConnectorStub, app: Any) -> None:
        self.url = f"{base_url}/api/messages"
        self.connector = connector
        self.app = app

    def send(self, activity: dict[str, Any], token: str | None = "valid") -> httpx.Response:
        headers = {"Content-Type": "application/json"}
        if token == "valid":
            token = self.connector.token()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return httpx.post(self.url, content=json.dumps(activity), headers=headers, timeout=60)


def personal(text: str, user: str = "aad-1", **extra: Any) -> dict[str, Any]:
    n = next(_seq)
    return {
        "type": "message",
        "id": f"m{n}",
        "channelId": "msteams",
        "serviceUrl": "",  # filled in by the fixture's connector
        "from": {"id": f"29:{user}", "name": "Wethouder", "aadObjectId": user},
        "conversation": {"id": f"a:personal-{user}-{n}", "conversationType": "personal", "tenantId": TENANT},
        "recipient": BOT,
        "text": text,
        "channelData": {"tenant": {"id": TENANT}},
        **extra,
    }


def channel_mention(
    text: str, channel: str = "19:kanaal@thread.tacv2", user: str = "aad-1", root: str | None = None
) -> dict[str, Any]:
    n = next(_seq)
    root = root or str(1_700_000_000_000 + n)
    at = f"<at>{BOT['name']}</at>"
    return {
        "type": "message",
        "id": f"{root}" if root.endswith(str(n)) else f"reply{n}",
        "channelId": "msteams",
        "serviceUrl": "",
        "from": {"id": f"29:{user}", "name": "Medewerker", "aadObjectId": user},
        "conversation": {
            "id": f"{channel};messageid={root}",
            "conversationType": "channel",
            "isGroup": True,
            "tenantId": TENANT,
        },
        "recipient": BOT,
        "text": f"{at} {text}",
        "entities": [{"type": "mention", "mentioned": BOT, "text": at}],
        "channelData": {
            "tenant": {"id": TENANT},
            "channel": {"id": channel},
            "team": {"id": "19:team@thread.tacv2"},
        },
    }


def card_of(call: Any) -> dict[str, Any]:
    (attachment,) = call.body["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    return dict(attachment["content"])


def answer_id_of(card: dict[str, Any]) -> str:
    return str(card["actions"][0]["data"]["answer_id"])


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Teams]:
    from microsoft_agents.hosting.core.authorization import _entra_issuers

    from assistant.api.app import create_app
    from assistant.bots import teams as teams_bot
    from assistant.config import Settings

    data, corpus = restricted_data(tmp_path_factory.mktemp("teamsbot"))
    connector = ConnectorStub(APP_ID)
    settings = Settings(
        data_dir=data,
        corpus_dir=corpus,
        teams_app_id=APP_ID,
        teams_tenant_id=TENANT,
        teams_app_secret="unused-in-tests",
        bot_access={f"teams:{BESTUURDER}": ["bestuur"]},
        bot_viewer_url="http://wp.example/",
    )
    with pytest.MonkeyPatch.context() as mp:
        # The Bot Connector's signing keys are fetched from the loopback JWKS instead of Microsoft's.
        mp.setitem(_entra_issuers.BOTFRAMEWORK_JWKS_URIS, ConnectorStub.ISSUER, f"{connector.url}/keys")
        real_mount = teams_bot.mount

        def mount(app: Any) -> Any:
            return real_mount(app, settings, loopback_connections(teams_bot.auth_configuration(settings)))

        mp.setattr(teams_bot, "mount", mount)
        app = create_app(settings)
        with serving(app) as base:
            yield Teams(base, connector, app)
    connector.close()


def _send(teams: Teams, activity: dict[str, Any], **kw: Any) -> httpx.Response:
    activity["serviceUrl"] = teams.connector.service_url
    return teams.send(activity, **kw)


def test_a_personal_chat_question_gets_an_adaptive_card_with_sources(teams: Teams) -> None:
    activity = personal(QUESTION)
    response = _send(teams, activity)
    assert response.status_code in (200, 202)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert reply.headers.get("Authorization") == "Bearer loopback-token"
    card = card_of(reply)
    shown = json.dumps(card, ensure_ascii=False)
    assert "Werkgeversservicepunt" in shown
    assert "Bronnen" in shown and "**[1]**" in shown
    assert "(http://wp.example/#bron=" in shown
    assert [a["data"]["wp_feedback"] for a in card["actions"]] == ["up", "down"]
    sent = [
        c
        for c in teams.connector.calls
        if c.path.startswith(f"/v3/conversations/{activity['conversation']['id']}/")
    ]
    assert sent[0].body["type"] == "typing"  # "…is typing" while the answer was made


def test_a_channel_mention_is_answered_in_its_thread_and_the_thread_is_the_conversation(teams: Teams) -> None:
    first = channel_mention("Hoeveel plaatsingen waren er in 2023 in Hilversum?")
    _send(teams, first)
    thread = first["conversation"]["id"]
    (one,) = teams.connector.wait_messages(thread)
    assert one.path.startswith(f"/v3/conversations/{thread}/activities")  # into the mention's thread
    follow_up = channel_mention("En in Huizen?", root=thread.split("=")[1])
    _send(teams, follow_up)
    two = teams.connector.wait_messages(thread, count=2)[1]
    services = teams.app.state.services
    record1 = services.answer_record(answer_id_of(card_of(one)))
    record2 = services.answer_record(answer_id_of(card_of(two)))
    assert record2["conversation_id"] == record1["conversation_id"] and record2["turn"] == 2
    assert "huizen" in record2["resolved_question"].lower()


def test_a_card_feedback_action_is_stored_with_the_answer(teams: Teams) -> None:
    activity = personal(QUESTION, user="aad-7")
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    answer_id = answer_id_of(card_of(reply))
    click = personal("", user="aad-7", value={"wp_feedback": "up", "answer_id": answer_id})
    click["conversation"] = activity["conversation"]
    _send(teams, click)
    thanks = teams.connector.wait_messages(activity["conversation"]["id"], count=2)[1]
    assert "opgeslagen" in thanks.body["text"]
    record = teams.app.state.services.answer_record(answer_id)
    assert [(f["vote"], f["who"]) for f in record["feedback"]] == [("up", "teams:aad-7")]


def test_a_card_action_for_an_unknown_answer_stores_nothing(teams: Teams) -> None:
    click = personal("", value={"wp_feedback": "down", "answer_id": "f" * 32})
    _send(teams, click)
    (reply,) = teams.connector.wait_messages(click["conversation"]["id"])
    assert "ken ik niet" in reply.body["text"]


def test_a_missing_or_forged_token_gets_401_and_no_answer(teams: Teams) -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    activity = personal(QUESTION)
    assert _send(teams, activity, token=None).status_code == 401
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert _send(teams, activity, token=teams.connector.token(key=forger)).status_code == 401
    assert _send(teams, activity, token=teams.connector.token(audience="someone-else")).status_code == 401
    assert _send(teams, activity, token="not.a.jwt").status_code == 401
    time.sleep(0.5)
    assert teams.connector.messages(activity["conversation"]["id"]) == []


def test_a_restricted_answer_in_a_channel_goes_to_the_askers_personal_chat(teams: Teams) -> None:
    activity = channel_mention(RESTRICTED_QUESTION, user=BESTUURDER)
    _send(teams, activity)
    (notice,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert "persoonlijke chat gestuurd" in notice.body["text"]
    assert "Perspectief" not in json.dumps(notice.body)  # nothing of the answer in the channel
    (created,) = teams.connector.wait_for("/v3/conversations", members=[{"id": f"29:{BESTUURDER}"}])
    assert created.body["isGroup"] is False
    opened = [
        c
        for c in teams.connector.calls
        if c.path.startswith("/v3/conversations/a:opened-") and "attachments" in c.body
    ]
    assert len(opened) == 1
    assert "Voorstel Perspectief op Werk" in json.dumps(card_of(opened[0]), ensure_ascii=False)


def test_the_same_restricted_question_in_personal_chat_is_answered_there(teams: Teams) -> None:
    activity = personal(RESTRICTED_QUESTION, user=BESTUURDER)
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert "Voorstel Perspectief op Werk" in json.dumps(card_of(reply), ensure_ascii=False)


# --- bad input ---------------------------------------------------------------------------------------


def test_an_empty_mention_asks_for_the_question(teams: Teams) -> None:
    activity = channel_mention("")
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert "Ik zie geen vraag" in json.dumps(reply.body, ensure_ascii=False)


def test_a_message_with_only_a_file_says_files_are_not_read(teams: Teams) -> None:
    file = {
        "contentType": "application/vnd.microsoft.teams.file.download.info",
        "name": "begroting.xlsx",
        "content": {"downloadUrl": "https://example.invalid/f", "fileType": "xlsx"},
    }
    activity = personal("", attachments=[file])
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert "geen bijlagen" in json.dumps(reply.body, ensure_ascii=False)


def test_a_40000_character_message_gets_a_clear_limit(teams: Teams) -> None:
    activity = personal("werk " * 8000)
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    assert "maximum is 2000" in json.dumps(reply.body, ensure_ascii=False)


def test_an_activity_type_we_do_not_handle_is_accepted_and_ignored(teams: Teams) -> None:
    activity = personal("")
    activity.update(type="messageReaction", reactionsAdded=[{"type": "like"}])
    assert _send(teams, activity).status_code in (200, 202)
    time.sleep(0.5)
    assert teams.connector.messages(activity["conversation"]["id"]) == []


def test_the_engine_failing_mid_answer_gives_a_short_apology(
    teams: Teams, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.answer.engine import Engine

    def broken(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("index exploded at /srv/secret/path.py")

    monkeypatch.setattr(Engine, "_answer", broken)
    activity = channel_mention(QUESTION)
    _send(teams, activity)
    (reply,) = teams.connector.wait_messages(activity["conversation"]["id"])
    said = json.dumps(reply.body, ensure_ascii=False)
    assert "Sorry" in said and "kenmerk" in said
    assert "exploded" not in said and "Traceback" not in said and "/srv" not in said
