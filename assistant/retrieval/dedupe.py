"""Near-duplicate collapsing: the same text in a proposal and its plan shows once, unless figures differ."""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.lexical import fold

_WORD = re.compile(r"[^\W_]+")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
SHINGLE = 3
THRESHOLD = 0.8  # Jaccard of word 3-shingles; above it two passages say the same thing


# Candidates are chunk texts, the same ones query after query: their signatures are computed once.
@lru_cache(maxsize=2048)
def shingles(text: str) -> frozenset[tuple[str, ...]]:
    tokens = _WORD.findall(fold(text))
    if len(tokens) < SHINGLE:
        return frozenset({tuple(tokens)})
    return frozenset(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


@lru_cache(maxsize=2048)
def numbers(text: str) -> frozenset[str]:
    return frozenset(_NUMBER.findall(text))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def is_duplicate(text: str, kept: str, sig: frozenset[tuple[str, ...]] | None = None) -> bool:
    """True when `text` repeats `kept` with the same figures; differing figures keep both findable."""
    if jaccard(sig or shingles(text), shingles(kept)) < THRESHOLD:
        return False
    return numbers(text) == numbers(kept)


def collapse(texts: list[str], limit: int) -> tuple[list[int], dict[int, list[int]]]:
    """Indices (in order) of the first `limit` non-duplicate texts, and what each one absorbed."""
    kept: list[int] = []
    sigs: list[frozenset[tuple[str, ...]]] = []
    absorbed: dict[int, list[int]] = {}
    for i, text in enumerate(texts):
        sig = shingles(text)
        nums = numbers(text)
        dup = next(
            (
                k
                for k, ks in zip(kept, sigs, strict=True)
                if jaccard(sig, ks) >= THRESHOLD and nums == numbers(texts[k])
            ),
            None,
        )
        if dup is not None:
            absorbed.setdefault(dup, []).append(i)
            continue
        kept.append(i)
        sigs.append(sig)
        if len(kept) >= limit:
            break
    return kept, absorbed
