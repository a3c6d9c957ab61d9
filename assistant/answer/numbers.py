"""Numbers a text states, in digits or in words, as comparable values ("2.000.000", "2 miljoen" and
"twee miljoen" are one number; so are "5,6" and "5.6"), so every number an answer states can be
checked against the tool results and the cited quotes."""

from __future__ import annotations

import re

from ingest.lexical import fold

_DIGITS = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?:\s*(miljoen|mln|miljard|mld|million|billion|duizend|thousand))?(?![\w])"
)
_UNITS = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9,
}  # fmt: skip
_TEENS = {
    "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13, "veertien": 14, "vijftien": 15, "zestien": 16,
    "zeventien": 17, "achttien": 18, "negentien": 19, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twintig": 20, "dertig": 30, "veertig": 40, "vijftig": 50, "zestig": 60, "zeventig": 70, "tachtig": 80,
    "negentig": 90, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_SCALES = {
    "honderd": 100, "hundred": 100, "duizend": 1_000, "thousand": 1_000, "miljoen": 1_000_000,
    "million": 1_000_000, "mln": 1_000_000, "miljard": 1_000_000_000, "billion": 1_000_000_000,
    "mld": 1_000_000_000,
}  # fmt: skip
_WORD = re.compile(r"[a-zé]+")


def _small(word: str) -> int | None:
    """A Dutch or English number word below a hundred: "drie", "twaalf", "vijfentwintig", "twenty"."""
    if word in _UNITS:
        return _UNITS[word]
    if word in _TEENS:
        return _TEENS[word]
    if word in _TENS:
        return _TENS[word]
    match = re.fullmatch(r"([a-zé]+?)(?:en|ën)([a-z]+tig)", word)  # vijf-en-twintig
    if match and match.group(1) in _UNITS and match.group(2) in _TENS:
        return _UNITS[match.group(1)] + _TENS[match.group(2)]
    return None


def _word_number(word: str) -> int | None:
    """One written-out number, compounds included ("tweeduizend", "driehonderd", "vijfentwintigduizend")."""
    value = _small(word)
    if value is not None:
        return value
    for scale, factor in sorted(_SCALES.items(), key=lambda kv: -len(kv[0])):
        if word.endswith(scale) and word != scale:
            head = _word_number(word[: -len(scale)])
            return None if head is None else head * factor
        if word.startswith(scale) and word != scale:  # "honderdvijftig"
            tail = _word_number(word[len(scale) :])
            return None if tail is None else factor + tail
    return _SCALES.get(word) if word in ("honderd", "hundred", "duizend", "thousand") else None


def _format(value: float) -> str:
    if abs(value - round(value)) < 1e-9:
        return str(round(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def number_key(value: float) -> str:
    """A value the way numbers_in writes it, to compare a table's value with a text's numbers."""
    return _format(value)


def _digit_value(token: str) -> float:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", token):
        return float(token.replace(".", "").replace(",", "."))
    return float(token.replace(",", "."))


def numbers_in(text: str) -> set[str]:
    """Every number the text states, normalised ("2000000", "5.6", "292"), digits and words alike.

    "een" / "one" alone is the article, not a number; with a scale ("een miljoen") it is one.
    """
    out: set[str] = set()
    for match in _DIGITS.finditer(text):
        digits = _digit_value(match.group(1))
        scale = match.group(2)
        out.add(_format(digits))
        if scale:
            out.add(_format(digits * _SCALES.get(scale, 1)))
    words = _WORD.findall(fold(text))
    i = 0
    while i < len(words):
        value = _word_number(words[i])
        if value is None or (
            words[i] in ("een", "één", "one") and (i + 1 >= len(words) or words[i + 1] not in _SCALES)
        ):
            i += 1
            continue
        total = float(value)
        while i + 1 < len(words) and words[i + 1] in _SCALES:
            total *= _SCALES[words[i + 1]]
            i += 1
        out.add(_format(total))
        i += 1
    return out
