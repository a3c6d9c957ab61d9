"""The "covers a gold quote" rule, identical to shared/tools/rag_score.py so the numbers agree."""

from __future__ import annotations

import math
import re
import unicodedata

WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    return WORD.findall(text)


def collapse(text: str) -> str:
    """The text with all whitespace removed (how rag_score checks that a quote stands in a file)."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def covers(passage: str, quote: str) -> bool:
    """True when the passage holds a contiguous run of at least half the quote's words (>= 8, or all)."""
    q = words(quote)
    if not q:
        return False
    need = len(q) if len(q) < 8 else max(8, math.ceil(len(q) / 2))
    p = words(passage)
    if len(p) < need:
        return False
    grams = {tuple(p[i : i + need]) for i in range(len(p) - need + 1)}
    return any(tuple(q[i : i + need]) in grams for i in range(len(q) - need + 1))
