"""LLM mode: an OpenAI-compatible chat model running a bounded tool-calling loop over the documents."""

from assistant.answer.llm.client import build_chat_model
from assistant.answer.llm.loop import LoopResult, StepLimitError, provider_error, run_tool_loop
from assistant.answer.llm.prompts import load_prompt, load_sections, load_tool_descriptions
from assistant.answer.llm.tools import Passage, PassageRegistry, format_passage, make_search_tool, make_tool

__all__ = [
    "LoopResult",
    "Passage",
    "PassageRegistry",
    "StepLimitError",
    "build_chat_model",
    "format_passage",
    "load_prompt",
    "load_sections",
    "load_tool_descriptions",
    "make_search_tool",
    "make_tool",
    "provider_error",
    "run_tool_loop",
]
