"""Builds the chat model for LLM mode: langchain's ChatOpenAI against any OpenAI-compatible endpoint.

One client covers OpenAI, Azure OpenAI, vLLM, Ollama, LM Studio and llama.cpp's server, because they all
speak the OpenAI Chat Completions wire format (POST {base_url}/chat/completions):

- OpenAI:     ASSISTANT_LLM_BASE_URL=https://api.openai.com/v1, model e.g. gpt-4o-mini, key sk-...
- Azure:      ASSISTANT_LLM_BASE_URL=https://<resource>.openai.azure.com/openai/v1/ (the v1 API, no
              api-version needed), ASSISTANT_LLM_MODEL=<deployment name>, key = the resource's API key.
              Older api-version-only deployments need langchain_openai.AzureChatOpenAI instead.
- vLLM:       http://localhost:8000/v1 (start with --enable-auto-tool-choice --tool-call-parser ...)
- Ollama:     http://localhost:11434/v1 (no key needed)
- LM Studio:  http://localhost:1234/v1 (no key needed)
- llama.cpp:  http://localhost:8080/v1 (llama-server --jinja, so tool calls are parsed)
"""

from __future__ import annotations

from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from assistant.config import Settings
from assistant.errors import ProviderError

# Local servers ignore the key, but the openai SDK refuses to build a client without one.
_NO_KEY = "not-needed"


def build_chat_model(settings: Settings) -> ChatOpenAI:
    """Return a ChatOpenAI for settings.llm_* (temperature 0, bounded timeout and retries)."""
    if not settings.llm_base_url:
        raise ProviderError(
            "LLM mode is not configured: set ASSISTANT_LLM_BASE_URL to an OpenAI-compatible endpoint "
            "(e.g. https://api.openai.com/v1 or http://localhost:11434/v1 for Ollama)."
        )
    if settings.llm_timeout_s <= 0 or settings.llm_max_retries < 0:
        raise ProviderError(
            "ASSISTANT_LLM_TIMEOUT_S must be > 0 and ASSISTANT_LLM_MAX_RETRIES >= 0 "
            f"(got {settings.llm_timeout_s} and {settings.llm_max_retries})."
        )
    key = settings.llm_api_key.get_secret_value() or _NO_KEY
    return ChatOpenAI(
        model=settings.llm_model,
        base_url=settings.llm_base_url,
        # Explicit, so OPENAI_API_KEY / OPENAI_BASE_URL in the environment never override our settings.
        api_key=SecretStr(key),
        timeout=settings.llm_timeout_s,
        # The openai SDK retries connection errors, timeouts, 408/409/429 and 5xx itself, with
        # exponential backoff and jitter (0.5 s doubling up to 8 s, honouring Retry-After).
        max_retries=settings.llm_max_retries,
        temperature=0,
        # Chat Completions only: the Responses API is OpenAI-specific and local servers lack it.
        use_responses_api=False,
        streaming=False,
    )
