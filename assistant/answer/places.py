"""Places a question can name: the region's gemeenten (with the ways people write them) and places outside it.

One list for every reader (the question reading, the figure planner, the indicator search, the
answerability check): a gemeente named is a constraint the evidence must meet, and a place outside
the region is one no figure of these documents is about.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ingest.lexical import fold

# The gemeenten of the region and how people write them (demonyms, old names, misspellings).
# Weesp left the region for Amsterdam in 2022 but stands in the 2019-2021 tables.
GEMEENTEN: dict[str, tuple[str, ...]] = {
    "Blaricum": ("blaricum",),
    "Eemnes": ("eemnes",),
    "Gooise Meren": (
        "gooise meren",
        "gooisemeren",
        "gm",
        "gooise meer",
        "bussum",
        "naarden",
        "muiden",
        "muiderberg",
    ),
    "Hilversum": ("hilversum", "h'sum", "hsum", "hilversummer", "hilversummers"),
    "Huizen": ("huizen", "huizer", "huizers"),
    "Laren": ("laren",),
    "Weesp": ("weesp",),
    "Wijdemeren": (
        "wijdemeren",
        "wijdmeren",
        "wijdemerem",
        "wijdemere",
        "loosdrecht",
        "kortenhoef",
        "ankeveen",
        "nederhorst den berg",
        "'s-graveland",
        "breukeleveen",
    ),
}
# HBEL is how the documents group four of them.
GROUPS: dict[str, tuple[str, ...]] = {"hbel": ("Huizen", "Blaricum", "Eemnes", "Laren")}
REGION_NAMES = ("gooi en vechtstreek", "gooi & vechtstreek", "g&v", "genv", "gooi- en vechtstreek")
_REGION = re.compile(
    r"\b(hele regio|de regio|onze regio|regionaal|regionale|regio totaal|totaal regio|in de regio|"
    r"whole region|the region|our region|regional|arbeidsmarktregio)\b|"
    + "|".join(re.escape(n) for n in REGION_NAMES)
)
_PLACES_FILE = Path(__file__).with_name("places_outside.txt")


def _variant_pattern(variant: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])" + re.escape(variant) + r"(?![\w'])")


_GEMEENTE_PATTERNS = [(name, _variant_pattern(v)) for name, vs in GEMEENTEN.items() for v in vs]
_PATTERNS_OF: dict[str, list[re.Pattern[str]]] = {}
for _name, _pattern in _GEMEENTE_PATTERNS:
    _PATTERNS_OF.setdefault(_name, []).append(_pattern)


def gemeenten_in(text: str) -> list[str]:
    """Gemeenten named in a text, in order of appearance, spelling variants and HBEL resolved."""
    return list(_gemeenten_in(fold(text)))


@lru_cache(maxsize=16384)  # the checks ask this of the same sentences many times
def _gemeenten_in(folded: str) -> tuple[str, ...]:
    found: dict[str, int] = {}
    for name, pattern in _GEMEENTE_PATTERNS:
        match = pattern.search(folded)
        if match and (name not in found or match.start() < found[name]):
            found[name] = match.start()
    for group, members in GROUPS.items():
        match = re.search(rf"\b{group}\b", folded)
        if match:
            for offset, name in enumerate(members):
                found.setdefault(name, match.start() + offset)
    return tuple(sorted(found, key=lambda name: found[name]))


# "zonder Weesp", "behalve Hilversum", "als je Weesp eruit haalt", "Hilversum buiten beschouwing":
# a gemeente the question leaves out of a total.
_LEFT_OUT_BEFORE = re.compile(
    r"\b(?:zonder|behalve|exclusief|excl\.?|uitgezonderd|except|excluding|without|other than|apart from|los van)"
    r"\s+(?:de gemeente\s+|gemeente\s+)?(?:[\w']+(?:\s[\w']+)?\s*(?:,|\ben\b|\band\b)\s*)?$"
)
_LEFT_OUT_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:buiten beschouwing|niet meegerekend|niet meegeteld|niet mee|eruit|eraf|weg\b|"
    r"weglaat|weglaten|weggelaten|aftrekt|niet meetelt|excluded|left out|aside|taken out|removed)"
)


def gemeenten_left_out(text: str) -> list[str]:
    """Gemeenten the text leaves out of a total ("zonder Weesp", "als je Hilversum buiten
    beschouwing laat"), in order of appearance."""
    folded = fold(text)
    out = []
    for name in _gemeenten_in(folded):
        matches = (m for pattern in _PATTERNS_OF[name] for m in pattern.finditer(folded))
        if any(
            _LEFT_OUT_BEFORE.search(folded[max(0, m.start() - 30) : m.start()])
            or _LEFT_OUT_AFTER.search(folded[m.end() : m.end() + 40])
            for m in matches
        ):
            out.append(name)
    return out


_LEFT_OUT_WORDS = re.compile(
    r"\b(?:buiten beschouwing (?:laat|laten|gelaten)?|niet meegerekend|niet meegeteld|eruit (?:haalt|halen|gehaald|laat)|"
    r"eraf (?:haalt|trekt)|weglaat|weglaten|weggelaten|aftrekt|niet meetelt|uitgezonderd|left out|taken out|"
    r"de andere gemeenten|the other municipalities)\b"
)


def strip_left_out(text: str) -> str:
    """The text without the words that leave a gemeente out ("als je Weesp eruit haalt"): they say
    what to subtract, not what the question is about."""
    return _LEFT_OUT_WORDS.sub(" ", text)


def names_region(text: str) -> bool:
    """The text speaks of the region as a whole (its total), not of one gemeente."""
    return _REGION.search(fold(text)) is not None


@lru_cache(maxsize=1)
def _outside() -> tuple[tuple[str, re.Pattern[str]], ...]:
    names = []
    for line in _PLACES_FILE.read_text(encoding="utf-8").splitlines():
        name = line.split("#", 1)[0].strip()
        if name:
            names.append((name, _variant_pattern(fold(name))))
    return tuple(names)


def places_outside_in(text: str) -> list[str]:
    """Places outside the region a text names (other Dutch gemeenten, provinces, big cities abroad)."""
    return list(_places_outside_in(fold(text)))


@lru_cache(maxsize=16384)
def _places_outside_in(folded: str) -> tuple[str, ...]:
    return tuple(name for name, pattern in _outside() if pattern.search(folded))


def strip_places(text: str) -> str:
    """The folded text without the places it names (gemeenten, HBEL, the region, places outside it):
    those are constraints of a question, not what it is about."""
    folded = fold(text)
    for _, pattern in _GEMEENTE_PATTERNS:
        folded = pattern.sub(" ", folded)
    for _, pattern in _outside():
        folded = pattern.sub(" ", folded)
    folded = re.sub(r"\b(?:" + "|".join(GROUPS) + r")\b", " ", folded)
    for name in REGION_NAMES:
        folded = folded.replace(name, " ")
    return folded
