"""Markup a reader of a Markdown/HTML note never sees: HTML comments, script/style blocks and elements
hidden by an attribute or style. Their text is blanked out of the lines that reach chunks; the line
count stays the same, so every chunk keeps its line numbers in the source file.
"""

from __future__ import annotations

import re

_HIDDEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<(script|style|template|noscript)\b[^>]*>.*?(?:</\1\s*>|\Z)"
    r"|<(\w+)\b[^>]*(?:\shidden\b|aria-hidden\s*=\s*[\"']?true|display\s*:\s*none|visibility\s*:\s*hidden)[^>]*>.*?(?:</\2\s*>|\Z)",
    re.IGNORECASE | re.DOTALL,
)


def hidden_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, hidden text) of each piece of invisible markup in the text."""
    return [(m.start(), m.end(), m.group(0)) for m in _HIDDEN.finditer(text)]


def blank_hidden(text: str) -> tuple[str, list[str]]:
    """The text with invisible markup replaced by nothing (newlines kept), and the pieces removed."""
    removed: list[str] = []

    def keep_newlines(match: re.Match[str]) -> str:
        removed.append(match.group(0))
        return "\n" * match.group(0).count("\n")

    return _HIDDEN.sub(keep_newlines, text), removed
