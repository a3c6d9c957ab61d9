"""Resolve a follow-up ("En in Huizen?", "Hoeveel van hen ...?") against the earlier turns of a conversation."""

from __future__ import annotations

import re

# The gemeenten of the region and how people write them (demonyms and misspellings included).
GEMEENTEN: dict[str, tuple[str, ...]] = {
    "Blaricum": ("blaricum",),
    "Eemnes": ("eemnes",),
    "Gooise Meren": ("gooise meren", "gooisemeren", "bussum", "naarden", "muiden"),
    "Hilversum": ("hilversum", "h'sum", "hilversummer"),
    "Huizen": ("huizen", "huizer"),
    "Laren": ("laren",),
    "Weesp": ("weesp",),
    "Wijdemeren": ("wijdemeren", "wijdmeren", "wijdemerem"),
}
_REGION = re.compile(
    r"\b(hele regio|de regio|regionaal|regio totaal|whole region|the region|totaal regio)\b", re.I
)
_BOTH = re.compile(r"\b(die twee|beide|allebei|samen|both|together|deze gemeenten|die gemeenten)\b", re.I)
_REFERENCE = re.compile(
    r"^(en|and|maar|but|wat|what)\b|\b(dat|die|dit|deze|hen|hun|daarvan|daar|daartussen|zij|those|that|"
    r"them|these|it|they)\b",
    re.I,
)
_LEADING_AND = re.compile(r"^\s*(en|and)\s+", re.I)


def gemeenten_in(text: str) -> list[str]:
    """Gemeenten named in a text, in order of appearance, spelling variants resolved."""
    lowered = text.lower()
    found: list[tuple[int, str]] = []
    for name, variants in GEMEENTEN.items():
        positions = [m.start() for v in variants for m in re.finditer(r"\b" + re.escape(v), lowered)]
        if positions:
            found.append((min(positions), name))
    return [name for _, name in sorted(found)]


def _strip_gemeenten(text: str) -> str:
    for variants in GEMEENTEN.values():
        for v in variants:
            text = re.sub(r"\b" + re.escape(v) + r"\w*", " ", text, flags=re.I)
    return re.sub(r"\s+", " ", text).strip()


def is_followup(question: str) -> bool:
    words = question.split()
    return len(words) <= 8 or _REFERENCE.search(question) is not None


def resolve(question: str, previous: list[str]) -> str:
    """The question with what it leaves out filled in from the earlier (resolved) questions."""
    if not previous or not is_followup(question):
        return question
    last = previous[-1]
    current = _LEADING_AND.sub("", question).strip()
    named = gemeenten_in(current)
    if named:
        return f"{_strip_gemeenten(last)} {current}"
    if _REGION.search(current):
        return f"{_strip_gemeenten(last)} {current} totaal regio Gooi en Vechtstreek"
    if _BOTH.search(current):
        recent: list[str] = []
        for text in previous[-3:]:
            for g in gemeenten_in(text):
                if g not in recent:
                    recent.append(g)
        return f"{_strip_gemeenten(last)} {' en '.join(recent)} {current}".strip()
    return f"{last} {current}"
