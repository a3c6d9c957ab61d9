"""Query validation: clear Dutch + English messages for queries that cannot be searched."""

from __future__ import annotations

from assistant.errors import InvalidQueryError
from ingest.lexical import STOPWORDS, words

MAX_QUERY_CHARS = 2000  # about 300 words: longer input is a pasted document, not a question


def validate_query(query: str) -> str:
    """The query stripped; raises InvalidQueryError when it is empty, too long or has no words."""
    text = (query or "").strip()
    if not text:
        raise InvalidQueryError(
            "Lege zoekvraag: typ een vraag of zoekwoorden. / Empty query: type a question."
        )
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidQueryError(
            f"Zoekvraag te lang ({len(text)} tekens, maximaal {MAX_QUERY_CHARS}); maak hem korter. / "
            f"Query too long ({len(text)} characters, at most {MAX_QUERY_CHARS}); shorten it."
        )
    tokens = words(text)
    if not tokens:
        raise InvalidQueryError(
            "De zoekvraag bevat geen woorden (alleen leestekens of emoji). / "
            "The query has no words (only punctuation or emoji)."
        )
    if all(t in STOPWORDS or (len(t) < 2 and not t.isdigit()) for t in tokens):
        raise InvalidQueryError(
            "De zoekvraag bevat alleen stopwoorden (zoals 'de', 'het', 'en'); noem een onderwerp. / "
            "The query has only stopwords; name a topic."
        )
    return text
