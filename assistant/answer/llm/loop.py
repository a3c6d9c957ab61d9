"""LLM mode's bounded tool-calling loop: ask the model, run the tools it calls, repeat until it answers."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai
from langchain_core import exceptions as lc
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.tools import BaseTool

from assistant.answer.llm.prompts import load_sections
from assistant.answer.llm.tools import to_jsonable
from assistant.answer.models import ToolCall
from assistant.errors import IndexNotReadyError, ProviderError

_ROLES: dict[str, type[BaseMessage]] = {
    "user": HumanMessage,
    "human": HumanMessage,
    "assistant": AIMessage,
    "ai": AIMessage,
}
# Errors a tool raises that the model cannot fix by changing its arguments: the user must act.
_FATAL_TOOL_ERRORS: tuple[type[BaseException], ...] = (IndexNotReadyError, ProviderError)


@dataclass
class LoopResult:
    """The model's final text and everything it did to get there."""

    text: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    steps: int = 0  # model calls made, the final answer included
    model_name: str = ""


class StepLimitError(ProviderError):
    """The model kept calling tools past max_steps; `partial` holds the tool calls made so far."""

    def __init__(self, message: str, partial: LoopResult) -> None:
        super().__init__(message)
        self.partial = partial


def run_tool_loop(
    model: BaseChatModel,
    system_prompt: str,
    history: Sequence[tuple[str, str]],
    question: str,
    tools: Sequence[BaseTool],
    max_steps: int,
) -> LoopResult:
    """Run the model with `tools` until it answers without tool calls, for at most `max_steps` model calls.

    `history` is earlier turns as (role, text) with role "user" or "assistant". Tool output goes back to
    the model only as ToolMessages (data), never into the system prompt. A tool that raises gets its
    error text back as the ToolMessage so the model can correct itself. Raises ProviderError when the
    endpoint fails or answers malformed, and StepLimitError (a ProviderError) when the model is still
    calling tools after `max_steps` calls: a half-finished answer is never returned as if complete.
    """
    if max_steps < 1:
        raise ValueError(f"max_steps must be at least 1 (ASSISTANT_LLM_MAX_STEPS), got {max_steps}")
    messages: list[BaseMessage] = [SystemMessage(content=system_prompt)]
    for role, text in history:
        cls = _ROLES.get(role.lower())
        if cls is None:
            raise ValueError(f"history role must be 'user' or 'assistant', got {role!r}")
        messages.append(cls(content=text))
    messages.append(HumanMessage(content=question))

    bound = model.bind_tools(list(tools)) if tools else model
    by_name = {tool.name: tool for tool in tools}
    log: list[ToolCall] = []
    model_name = _configured_model_name(model)
    for step in range(1, max_steps + 1):
        reply = _invoke(model, bound, messages)
        model_name = str(reply.response_metadata.get("model_name") or model_name)
        messages.append(reply)
        calls = [dict(c) for c in reply.tool_calls] + [_invalid_call(c) for c in reply.invalid_tool_calls]
        if not calls:
            text = reply.text.strip()
            if not text:
                raise ProviderError(
                    f"The LLM endpoint returned an empty answer (model {model_name}). "
                    "Check that ASSISTANT_LLM_MODEL names a chat model that supports tool calling."
                )
            return LoopResult(text=text, tool_calls=log, steps=step, model_name=model_name)
        for call in calls:
            message, record = _execute(call, by_name)
            messages.append(message)
            log.append(record)
    partial = LoopResult(text="", tool_calls=log, steps=max_steps, model_name=model_name)
    called = ", ".join(c.name for c in log) or "none"
    raise StepLimitError(
        f"The model did not give a final answer within {max_steps} steps (ASSISTANT_LLM_MAX_STEPS); "
        f"tools called: {called}. Raise ASSISTANT_LLM_MAX_STEPS or use a model that handles tool "
        "calling better.",
        partial,
    )


def _invalid_call(call: Any) -> dict[str, Any]:
    # Arguments that are not valid JSON: answer the call with the parse error so the model can retry;
    # OpenAI-style APIs reject a conversation where a tool call id has no tool reply.
    return {"name": call.get("name") or "", "args": call.get("args"), "id": call.get("id"), "invalid": call}


def _execute(call: dict[str, Any], by_name: dict[str, BaseTool]) -> tuple[ToolMessage, ToolCall]:
    texts = load_sections("tool_messages")
    name, call_id = str(call.get("name") or ""), str(call.get("id") or "")
    args = call.get("args")
    record_args = args if isinstance(args, dict) else {"raw": args}
    tool = by_name.get(name)
    if "invalid" in call:
        error = f"arguments are not valid JSON ({call['invalid'].get('error') or 'parse error'})"
        failure = texts["tool_error"].format(name=name, error=error)
    elif tool is None:
        failure = texts["unknown_tool"].format(name=name, available=", ".join(sorted(by_name)) or "geen")
    else:
        try:
            text, result = _run_tool(tool, name, args, call_id)
        except _FATAL_TOOL_ERRORS:
            raise
        except Exception as exc:  # any tool failure, bad arguments included: the model may recover
            failure = texts["tool_error"].format(name=name, error=f"{type(exc).__name__}: {exc}")
        else:
            return (
                ToolMessage(content=text, tool_call_id=call_id, name=name),
                ToolCall(name=name, arguments=record_args, result=result),
            )
    return (
        ToolMessage(content=failure, tool_call_id=call_id, name=name, status="error"),
        ToolCall(name=name, arguments=record_args, result={"error": failure}),
    )


def _run_tool(tool: BaseTool, name: str, args: Any, call_id: str) -> tuple[str, Any]:
    """Invoke one tool; return (text for the model, JSON-able result for the log)."""
    output = tool.invoke({"name": name, "args": args, "id": call_id, "type": "tool_call"})
    # Invoked with a tool call, langchain tools answer a ToolMessage; its artifact (our make_tool and
    # search tools set one) is the structured result, the content is what the model reads.
    content: Any = output.content if isinstance(output, ToolMessage) else output
    artifact = output.artifact if isinstance(output, ToolMessage) else None
    text = content if isinstance(content, str) else _dumps(content)
    if artifact is not None:
        return text, to_jsonable(artifact)
    return text, _structured(text)


def _structured(text: str) -> Any:
    # Plain StructuredTools returning dicts/lists reach us JSON-encoded by langchain; log them as data.
    if text[:1] in "[{":
        try:
            return json.loads(text)
        except ValueError:
            pass
    return text


def _dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False)


def _configured_model_name(model: Any) -> str:
    return str(getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__)


def _invoke(model: BaseChatModel, bound: Any, messages: list[BaseMessage]) -> AIMessage:
    try:
        reply = bound.invoke(messages)
    except Exception as exc:
        error = provider_error(exc, model)
        if error is None:
            raise
        raise error from exc
    if not isinstance(reply, AIMessage):
        raise ProviderError(
            f"The LLM endpoint returned {type(reply).__name__} instead of an assistant message; "
            "check that ASSISTANT_LLM_BASE_URL points at an OpenAI-compatible /v1 chat endpoint."
        )
    return reply


def provider_error(exc: BaseException, model: Any = None) -> ProviderError | None:
    """Translate an SDK/transport exception into a ProviderError that says what to do; None if unknown."""
    base = getattr(model, "openai_api_base", None) or "ASSISTANT_LLM_BASE_URL"
    name = _configured_model_name(model) if model is not None else "ASSISTANT_LLM_MODEL"
    timeout = getattr(model, "request_timeout", None)
    detail = getattr(exc, "message", None) or str(exc)
    # Timeout first: the SDK's timeout error is a subclass of its connection error.
    if isinstance(exc, openai.APITimeoutError | lc.ModelTimeoutError):
        limit = f" of {timeout} s" if isinstance(timeout, int | float) else ""
        return ProviderError(
            f"The LLM endpoint at {base} did not answer within the timeout{limit}. Raise "
            "ASSISTANT_LLM_TIMEOUT_S, use a smaller/faster model, or check that the server is not overloaded."
        )
    if isinstance(exc, openai.APIConnectionError | lc.ModelConnectionError):
        return ProviderError(
            f"The LLM endpoint at {base} is unreachable ({detail}). Check ASSISTANT_LLM_BASE_URL "
            "and that the server is running and reachable from here."
        )
    if isinstance(exc, openai.AuthenticationError | lc.ModelAuthenticationError):
        return ProviderError(
            f"The LLM endpoint at {base} rejected the API key (HTTP 401, wrong or missing key: {detail}). "
            "Set ASSISTANT_LLM_API_KEY to a valid key for this endpoint."
        )
    if isinstance(exc, openai.PermissionDeniedError | lc.ModelPermissionDeniedError):
        return ProviderError(
            f"The API key may not use model {name} at {base} (HTTP 403: wrong key or no access). "
            "Check ASSISTANT_LLM_API_KEY and the key's permissions for ASSISTANT_LLM_MODEL."
        )
    if isinstance(exc, openai.NotFoundError | lc.ModelNotFoundError):
        return ProviderError(
            f"Model {name} or the chat endpoint was not found at {base} (HTTP 404). Check "
            "ASSISTANT_LLM_MODEL (Azure: the deployment name) and that ASSISTANT_LLM_BASE_URL ends in /v1."
        )
    if isinstance(exc, openai.RateLimitError | lc.ModelRateLimitError):
        return ProviderError(
            f"The LLM endpoint at {base} is rate limiting this key or its quota is used up (HTTP 429). "
            "Try again later, or raise ASSISTANT_LLM_MAX_RETRIES."
        )
    if isinstance(exc, lc.ContextOverflowError):
        return ProviderError(
            f"The conversation is too long for model {name}'s context window. Start a new conversation "
            "or lower the number of passages."
        )
    invalid = openai.BadRequestError | openai.UnprocessableEntityError | lc.ModelInvalidRequestError
    if isinstance(exc, invalid):
        return ProviderError(
            f"The LLM endpoint at {base} rejected the request ({detail}). Check that model {name} "
            "supports tool calling (vLLM: --enable-auto-tool-choice; llama.cpp: --jinja)."
        )
    if isinstance(exc, openai.APIStatusError | lc.ModelAPIError):
        status = getattr(exc, "status_code", "5xx")
        return ProviderError(
            f"The LLM endpoint at {base} failed (HTTP {status}: {detail}). Try again later; if it "
            "persists, check the server's logs."
        )
    # openai.APIResponseValidationError, invalid JSON, missing/null/empty `choices`: langchain and the
    # SDK raise these as plain ValueError/KeyError/TypeError/IndexError while parsing the response.
    if isinstance(exc, openai.APIError | ValueError | KeyError | TypeError | IndexError):
        return ProviderError(
            f"The LLM endpoint at {base} returned a malformed response ({type(exc).__name__}: "
            f"{str(exc)[:200]}). Check that ASSISTANT_LLM_BASE_URL points at an OpenAI-compatible "
            "/v1 chat completions API."
        )
    return None
