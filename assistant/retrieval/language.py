"""Which language a question is in (Dutch, English, German), from function words: cheap and offline."""

from __future__ import annotations

import re

_WORDS = re.compile(r"[a-zA-ZÀ-ÿ']+")
_MARKERS: dict[str, frozenset[str]] = {
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "is",
            "in",
            "op",
            "wat",
            "wie",
            "hoe",
            "hoeveel",
            "welke",
            "waar",
            "wanneer",
            "waarom",
            "zijn",
            "er",
            "dat",
            "die",
            "voor",
            "met",
            "niet",
            "ook",
            "nog",
            "bij",
            "naar",
            "uit",
            "dan",
            "wordt",
            "worden",
            "kan",
            "kunnen",
            "moet",
            "heeft",
            "hebben",
            "we",
            "wij",
            "ik",
            "je",
            "zit",
            "staat",
            "eigenlijk",
            "nou",
            "tel",
            "eens",
            "komen",
            "gaat",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "a",
            "an",
            "and",
            "of",
            "is",
            "are",
            "in",
            "on",
            "what",
            "who",
            "how",
            "many",
            "much",
            "which",
            "where",
            "when",
            "why",
            "there",
            "that",
            "this",
            "for",
            "with",
            "not",
            "also",
            "does",
            "do",
            "did",
            "can",
            "should",
            "has",
            "have",
            "we",
            "i",
            "you",
            "it",
            "was",
            "were",
            "by",
            "from",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "das",
            "und",
            "ist",
            "sind",
            "ein",
            "eine",
            "wie",
            "viel",
            "viele",
            "welche",
            "wo",
            "wann",
            "warum",
            "nicht",
            "auch",
            "für",
            "mit",
            "von",
            "zu",
            "im",
            "gibt",
            "es",
            "wird",
            "werden",
            "kann",
            "können",
            "hat",
            "haben",
            "wir",
            "ich",
            "sie",
        ]
    ),
}


def detect_language(text: str) -> str:
    """'nl', 'en' or 'de' by the most function words; 'nl' when nothing tells (the corpus language)."""
    words = [w.lower() for w in _WORDS.findall(text)]
    if not words:
        return "nl"
    counts = {lang: sum(1 for w in words if w in markers) for lang, markers in _MARKERS.items()}
    # German and Dutch share "die", "in", "ist"-like forms: German must clearly win to count.
    best = max(counts, key=lambda lang: counts[lang])
    if best == "de" and counts["de"] <= counts["nl"] + 1:
        return "nl"
    if counts[best] == 0:
        return "nl"
    return best


def has_words(text: str) -> bool:
    """False for input of only emoji, punctuation or digits-free symbols."""
    return bool(_WORDS.search(text)) or bool(re.search(r"\d", text))
