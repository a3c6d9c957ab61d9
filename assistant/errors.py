"""One error root for the assistant; adapters (CLI, API, bots) catch it at the edge."""

from __future__ import annotations


class AssistantError(Exception):
    """Something the user can fix; the message says what is wrong and what to do."""

    status_code = 400


class InvalidQueryError(AssistantError):
    """The question or query is empty, too long or has no searchable words."""


class UnknownFilterError(AssistantError):
    """A filter names a document id or type that the index does not have."""


class NotFoundError(AssistantError):
    """An id (conversation, indicator) that does not exist."""

    status_code = 404


class ProviderError(AssistantError):
    """The LLM endpoint failed: unreachable, wrong key, timeout or a malformed response."""

    status_code = 502


class IndexNotReadyError(AssistantError):
    """The index was never built."""

    status_code = 503
