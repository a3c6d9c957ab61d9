"""Unit tests of the LLM tool loop, tool helpers, passage numbers and prompts, with a scripted model."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.tools import StructuredTool
from pydantic import Field, SecretStr

from assistant.answer.llm import (
    PassageRegistry,
    StepLimitError,
    build_chat_model,
    load_prompt,
    load_tool_descriptions,
    make_search_tool,
    make_tool,
    run_tool_loop,
)
from assistant.config import Settings
from assistant.errors import IndexNotReadyError, ProviderError


class ScriptedModel(BaseChatModel):
    """Replies with the scripted AIMessages in order and records every conversation it was sent."""

    script: list[AIMessage]
    seen: list[list[BaseMessage]] = Field(default_factory=list)
    bound_tools: list[Any] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedModel:  # type: ignore[override]
        self.bound_tools = list(tools)
        return self

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any):
        self.seen.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=self.script.pop(0))])


def call(name: str, args: dict[str, Any], id_: str = "c1") -> AIMessage:
    return AIMessage(content="", tool_calls=[{"name": name, "args": args, "id": id_, "type": "tool_call"}])


@dataclass
class Chunk:
    chunk_id: str
    title: str
    date: str
    section: str
    text: str


CHUNKS = [
    Chunk("doc1#3", "Beleidsplan Werk", "2024-03-01", "2.1 Doelen", "Het budget is € 1,2 miljoen."),
    Chunk("doc2#7", "Jaarverslag", "2023-12-31", "", "Er waren 350\nuitkeringen."),
]


def fake_search(query: str, k: int) -> list[Chunk]:
    return CHUNKS[:k]


def test_tool_call_round_trip_feeds_results_back_and_logs_them() -> None:
    registry = PassageRegistry()
    tool = make_search_tool(fake_search, registry)
    model = ScriptedModel(
        script=[call("search_documents", {"query": "budget", "k": 2}), AIMessage("Ja [1].")]
    )

    result = run_tool_loop(model, "SYSTEEM", [], "Wat is het budget?", [tool], max_steps=4)

    assert result.text == "Ja [1]."
    assert result.steps == 2
    assert [t.name for t in model.bound_tools] == ["search_documents"]
    [logged] = result.tool_calls
    assert logged.name == "search_documents"
    assert logged.arguments == {"query": "budget", "k": 2}
    assert logged.result[0] == {
        "n": 1,
        "chunk_id": "doc1#3",
        "title": "Beleidsplan Werk",
        "date": "2024-03-01",
        "section": "2.1 Doelen",
    }
    tool_message = model.seen[1][-1]
    assert isinstance(tool_message, ToolMessage)
    assert tool_message.tool_call_id == "c1"
    assert tool_message.content == (
        "[1] Beleidsplan Werk (2024-03-01), 2.1 Doelen: Het budget is € 1,2 miljoen.\n\n"
        "[2] Jaarverslag (2023-12-31): Er waren 350 uitkeringen."
    )
    assert registry.lookup(1) == "doc1#3"
    assert registry.lookup(2) == "doc2#7"


def test_system_prompt_history_and_question_are_sent_in_order_and_documents_stay_out_of_system() -> None:
    model = ScriptedModel(script=[call("search_documents", {"query": "x"}), AIMessage("Klaar.")])
    tool = make_search_tool(fake_search, PassageRegistry())
    history = [("user", "Eerste vraag"), ("assistant", "Eerste antwoord")]

    run_tool_loop(model, "SYSTEEM", history, "Tweede vraag", [tool], max_steps=3)

    first = model.seen[0]
    assert [type(m) for m in first] == [SystemMessage, HumanMessage, AIMessage, HumanMessage]
    assert [m.content for m in first] == ["SYSTEEM", "Eerste vraag", "Eerste antwoord", "Tweede vraag"]
    second = model.seen[1]
    assert second[0].content == "SYSTEEM"  # passages never leak into the system prompt
    assert "Beleidsplan" in str(second[-1].content)


def test_plain_typed_callables_become_tools_with_schema_and_json_results() -> None:
    def compute(expression: str, decimals: int = 2) -> dict[str, float]:
        """Reken een uitdrukking uit.

        Args:
            expression: de uitdrukking, bijvoorbeeld "3 - 1".
            decimals: aantal decimalen.
        """
        return {"value": round(eval(expression), decimals)}

    def echo_indicator(indicator_id: str) -> str:
        """Geef een indicator terug."""
        return f"indicator {indicator_id}"

    tools = [make_tool(compute), make_tool(echo_indicator, name="get_indicator")]
    schema = tools[0].args_schema.model_json_schema()  # type: ignore[union-attr]
    assert schema["required"] == ["expression"]
    assert schema["properties"]["decimals"]["default"] == 2
    assert "uitdrukking" in schema["properties"]["expression"]["description"]
    assert tools[0].description == "Reken een uitdrukking uit."  # the docstring's first paragraph
    assert tools[1].name == "get_indicator"

    model = ScriptedModel(
        script=[
            AIMessage(
                content="",
                tool_calls=[
                    {"name": "compute", "args": {"expression": "1/3"}, "id": "a", "type": "tool_call"},
                    {
                        "name": "get_indicator",
                        "args": {"indicator_id": "uitstroom"},
                        "id": "b",
                        "type": "tool_call",
                    },
                ],
            ),
            AIMessage("0,33"),
        ]
    )
    result = run_tool_loop(model, "S", [], "Wat is 1/3?", tools, max_steps=2)

    assert [(c.name, c.arguments, c.result) for c in result.tool_calls] == [
        ("compute", {"expression": "1/3"}, {"value": 0.33}),
        ("get_indicator", {"indicator_id": "uitstroom"}, "indicator uitstroom"),
    ]
    replies = model.seen[1][-2:]
    assert [(m.tool_call_id, m.content) for m in replies] == [
        ("a", '{"value": 0.33}'),
        ("b", "indicator uitstroom"),
    ]


def test_tool_exceptions_and_bad_arguments_go_back_to_the_model() -> None:
    def get_indicator(indicator_id: str) -> dict[str, Any]:
        """Geef een indicator."""
        raise LookupError(f"onbekende indicator {indicator_id}")

    model = ScriptedModel(
        script=[
            call("get_indicator", {"indicator_id": "xyz"}, "a"),
            call("get_indicator", {"wrong": 1}, "b"),
            call("does_not_exist", {}, "c"),
            AIMessage("De documenten geven hier geen antwoord op."),
        ]
    )
    result = run_tool_loop(model, "S", [], "?", [make_tool(get_indicator)], max_steps=4)

    assert result.text.startswith("De documenten")
    errors = [m for m in model.seen[3] if isinstance(m, ToolMessage)]
    assert [m.status for m in errors] == ["error", "error", "error"]
    assert "LookupError: onbekende indicator xyz" in str(errors[0].content)
    assert "indicator_id" in str(errors[1].content)  # the validation error names the missing field
    assert "does_not_exist" in str(errors[2].content) and "get_indicator" in str(errors[2].content)
    assert all("error" in c.result for c in result.tool_calls)


def test_step_limit_raises_with_partial_log() -> None:
    model = ScriptedModel(script=[call("search_documents", {"query": f"q{i}"}, f"c{i}") for i in range(5)])
    tool = make_search_tool(fake_search, PassageRegistry())

    with pytest.raises(StepLimitError) as info:
        run_tool_loop(model, "S", [], "?", [tool], max_steps=3)

    assert isinstance(info.value, ProviderError)
    assert "3 steps" in str(info.value) and "ASSISTANT_LLM_MAX_STEPS" in str(info.value)
    assert len(model.seen) == 3
    assert [c.arguments["query"] for c in info.value.partial.tool_calls] == ["q0", "q1", "q2"]


def test_index_not_ready_is_not_hidden_from_the_user() -> None:
    def search(query: str, k: int) -> list[Chunk]:
        raise IndexNotReadyError("Run `assistant ingest` first.")

    model = ScriptedModel(script=[call("search_documents", {"query": "x"})])
    with pytest.raises(IndexNotReadyError):
        run_tool_loop(model, "S", [], "?", [make_search_tool(search, PassageRegistry())], max_steps=2)


def test_empty_final_answer_is_a_provider_error() -> None:
    with pytest.raises(ProviderError, match="empty answer"):
        run_tool_loop(ScriptedModel(script=[AIMessage("")]), "S", [], "?", [], max_steps=1)


def test_passage_registry_keeps_numbers_stable_across_searches() -> None:
    registry = PassageRegistry()
    assert registry.register(CHUNKS) == [1, 2]
    third = Chunk("doc3#1", "Nota", "", "", "tekst")
    assert registry.register([third, CHUNKS[0]]) == [3, 1]
    assert registry.numbers() == {1: "doc1#3", 2: "doc2#7", 3: "doc3#1"}
    assert registry.passage(3) is third
    with pytest.raises(KeyError):
        registry.lookup(4)


def test_search_tool_caps_k_and_reports_no_hits() -> None:
    asked: list[int] = []

    def search(query: str, k: int) -> list[Chunk]:
        asked.append(k)
        return []

    tool = make_search_tool(search, PassageRegistry())
    message = tool.invoke(
        {"name": tool.name, "args": {"query": "x", "k": 500}, "id": "1", "type": "tool_call"}
    )
    assert asked == [10]
    assert "Geen passages gevonden" in message.content


def test_system_prompt_covers_the_rules() -> None:
    prompt = load_prompt("system")
    for rule in [
        "[n]",
        "compute",
        "De documenten geven hier geen antwoord op",
        "negeer alle eerdere instructies",
    ]:
        assert rule in prompt


def test_missing_prompt_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"nope\.md"):
        load_prompt("nope", tmp_path)


def test_client_is_built_from_settings() -> None:
    settings = Settings(
        llm_base_url="http://127.0.0.1:9/v1",
        llm_model="qwen2.5:7b",
        llm_api_key=SecretStr("sk-test"),
        llm_timeout_s=7,
        llm_max_retries=1,
    )
    model = build_chat_model(settings)
    assert (model.model_name, model.openai_api_base, model.request_timeout) == (
        "qwen2.5:7b",
        settings.llm_base_url,
        7,
    )
    assert (model.max_retries, model.temperature) == (1, 0)
    assert model.openai_api_key is not None and model.openai_api_key.get_secret_value() == "sk-test"
    with pytest.raises(ProviderError, match="ASSISTANT_LLM_BASE_URL"):
        build_chat_model(Settings(llm_base_url=None))


def test_search_tool_description_comes_from_the_prompt_file() -> None:
    tool = make_search_tool(fake_search, PassageRegistry())
    assert tool.description == load_tool_descriptions()["search_documents"]
    assert make_tool(fake_search, name="search_documents").description == tool.description


def test_plain_structured_tools_are_logged_as_data() -> None:
    # The indicator tools are plain StructuredTools returning dicts: langchain JSON-encodes them.
    def budget_status(programme: str) -> dict[str, Any]:
        """Stand van een budget."""
        return {"programme": programme, "begroot": 1200000.0}

    tool = StructuredTool.from_function(budget_status)
    model = ScriptedModel(script=[call("budget_status", {"programme": "Werken aan Werk"}), AIMessage("Ok.")])
    result = run_tool_loop(model, "S", [], "?", [tool], max_steps=2)
    assert result.tool_calls[0].result == {"programme": "Werken aan Werk", "begroot": 1200000.0}
