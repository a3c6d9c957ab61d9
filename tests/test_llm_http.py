"""The real ChatOpenAI client from assistant.answer.llm.client against the loopback OpenAI stub, over HTTP."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pytest
from llm_stub import OpenAIStub, Reply, error_reply, free_port, text_reply, tool_calls_reply
from pydantic import SecretStr

from assistant.answer.llm import (
    LoopResult,
    PassageRegistry,
    build_chat_model,
    make_search_tool,
    make_tool,
    run_tool_loop,
)
from assistant.config import Settings
from assistant.errors import ProviderError


@dataclass
class Chunk:
    chunk_id: str
    title: str
    date: str
    section: str
    text: str


def search(query: str, k: int) -> list[Chunk]:
    return [Chunk("doc1#3", "Beleidsplan Werk", "2024-03-01", "2.1", "Het budget is € 1,2 miljoen.")][:k]


def compute(expression: str) -> float:
    """Reken uit."""
    return 1.5


def settings(base_url: str, timeout: float = 2.0) -> Settings:
    return Settings(
        llm_base_url=base_url,
        llm_model="stub-model",
        llm_api_key=SecretStr("sk-test"),
        llm_timeout_s=timeout,
        llm_max_retries=0,  # the SDK's retry backoff would only slow the tests down
    )


def ask(base_url: str, timeout: float = 2.0, registry: PassageRegistry | None = None) -> LoopResult:
    tools = [
        make_search_tool(search, PassageRegistry() if registry is None else registry),
        make_tool(compute),
    ]
    model = build_chat_model(settings(base_url, timeout))
    return run_tool_loop(
        model, "SYSTEEMPROMPT", [("user", "Hoi"), ("assistant", "Hallo")], "Budget?", tools, 4
    )


def test_tool_call_round_trip_over_http() -> None:
    registry = PassageRegistry()
    script = [
        tool_calls_reply(("search_documents", {"query": "budget 2024", "k": 3})),
        text_reply("Het budget is € 1,2 miljoen [1].", model="stub-model-2024"),
    ]
    with OpenAIStub(script) as stub:
        result = ask(stub.base_url, registry=registry)

    assert result.text == "Het budget is € 1,2 miljoen [1]."
    assert result.steps == 2 and result.model_name == "stub-model-2024"
    assert [(c.name, c.arguments) for c in result.tool_calls] == [
        ("search_documents", {"query": "budget 2024", "k": 3})
    ]
    assert registry.lookup(1) == "doc1#3"

    first, second = stub.requests
    assert first["model"] == "stub-model" and first["temperature"] == 0
    assert first["messages"][0] == {"role": "system", "content": "SYSTEEMPROMPT"}
    assert [m["role"] for m in first["messages"]] == ["system", "user", "assistant", "user"]
    tools = {t["function"]["name"]: t["function"] for t in first["tools"]}
    assert set(tools) == {"search_documents", "compute"}
    assert tools["search_documents"]["parameters"]["required"] == ["query"]
    assert "[n]" in tools["search_documents"]["description"]
    assert stub.headers[0]["authorization"] == "Bearer sk-test"

    # The second request carries the assistant's tool call and the passages as a tool message.
    call = second["messages"][-2]["tool_calls"][0]
    assert json.loads(call["function"]["arguments"]) == {"query": "budget 2024", "k": 3}
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == call["id"]
    assert tool_message["content"].startswith("[1] Beleidsplan Werk (2024-03-01), 2.1: Het budget")
    assert second["messages"][0]["content"] == "SYSTEEMPROMPT"


def test_invalid_tool_arguments_are_answered_so_the_model_can_retry() -> None:
    script = [tool_calls_reply(("compute", "{not json")), text_reply("1,5")]
    with OpenAIStub(script) as stub:
        result = ask(stub.base_url)

    assert result.text == "1,5"
    tool_message = stub.requests[1]["messages"][-1]
    assert tool_message["role"] == "tool" and "not valid JSON" in tool_message["content"]


def test_timeout_becomes_provider_error() -> None:
    slow = Reply(text_reply("te laat").body, delay=3)
    with OpenAIStub([slow]) as stub:
        started = time.monotonic()
        with pytest.raises(ProviderError, match=r"timeout of 0\.5 s") as info:
            ask(stub.base_url, timeout=0.5)
    assert time.monotonic() - started < 2.5
    assert "ASSISTANT_LLM_TIMEOUT_S" in str(info.value)


def test_wrong_key_becomes_provider_error() -> None:
    wrong_key = error_reply(401, "Incorrect API key provided", code="invalid_api_key")
    with OpenAIStub([wrong_key]) as stub, pytest.raises(ProviderError, match="API key") as info:
        ask(stub.base_url)
    assert "401" in str(info.value) and "ASSISTANT_LLM_API_KEY" in str(info.value)
    assert info.value.status_code == 502


def test_forbidden_becomes_provider_error() -> None:
    with (
        OpenAIStub([error_reply(403, "no access to model")]) as stub,
        pytest.raises(ProviderError, match="403"),
    ):
        ask(stub.base_url)


@pytest.mark.parametrize(
    "reply",
    [
        Reply(raw="{not json", content_type="application/json"),
        Reply(raw="<html>proxy error</html>", content_type="text/html"),
        Reply({"id": "x", "object": "chat.completion", "model": "m"}),
        Reply({"id": "x", "object": "chat.completion", "model": "m", "choices": []}),
    ],
    ids=["invalid-json", "html", "missing-choices", "empty-choices"],
)
def test_malformed_response_becomes_provider_error(reply: Reply) -> None:
    with OpenAIStub([reply]) as stub, pytest.raises(ProviderError, match="malformed response"):
        ask(stub.base_url)


def test_unreachable_endpoint_becomes_provider_error() -> None:
    with pytest.raises(ProviderError, match="unreachable") as info:
        ask(f"http://127.0.0.1:{free_port()}/v1")
    assert "ASSISTANT_LLM_BASE_URL" in str(info.value)


def test_server_error_becomes_provider_error() -> None:
    crashed = error_reply(500, "model crashed", "server_error")
    with OpenAIStub([crashed]) as stub, pytest.raises(ProviderError, match="HTTP 500"):
        ask(stub.base_url)
