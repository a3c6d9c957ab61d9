"""Recognise lines that carry no content: page numbers, whitespace, tracking URLs, running headers."""

from __future__ import annotations

import re
from collections import Counter

_PAGE_NUMBER = re.compile(r"^\s*\d{1,3}\s*$")
_TRACKING_URL = re.compile(r"^\s*https?://(www\.)?google\.[a-z.]+/url\?", re.IGNORECASE)
_BARE_URL = re.compile(r"^\s*(https?://|www\.)\S+\s*$", re.IGNORECASE)
_MAILTO = re.compile(r"^\s*mailto:\S+\s*$", re.IGNORECASE)
# Boilerplate that a former page footer left in the body text of letters (website disclaimers).
_BOILERPLATE = re.compile(
    r"is niet verantwoordelijk of aansprakelijk voor de inhoud van deze websites", re.IGNORECASE
)


def page_number(line: str) -> int | None:
    """The page number when the line is nothing but a page number."""
    return int(line) if _PAGE_NUMBER.match(line) else None


def running_headers(lines: list[str], min_repeats: int = 3) -> set[str]:
    """Long upper-case lines repeated on several pages: running headers to drop."""
    counts = Counter(line.strip() for line in lines if len(line.strip()) > 25)
    return {
        text
        for text, n in counts.items()
        if n >= min_repeats and sum(c.isupper() for c in text) > 0.6 * sum(c.isalpha() for c in text)
    }


def noise_flags(lines: list[str]) -> list[bool]:
    """For each line, whether it is noise (dropped from chunks but kept in the line map)."""
    headers = running_headers(lines)
    flags: list[bool] = []
    previous = ""
    for line in lines:
        text = line.strip()
        noisy = (
            not text
            or _PAGE_NUMBER.match(text) is not None
            or _TRACKING_URL.match(text) is not None
            or _MAILTO.match(text) is not None
            or text in headers
            or (_BARE_URL.match(text) is not None and text == previous)
            or _BOILERPLATE.search(text) is not None
        )
        flags.append(noisy)
        if text:
            previous = text
    return flags


def ocr_noise(text: str) -> float:
    """Share of tokens that look like OCR garbage (odd symbols inside words, letter-digit soup)."""
    tokens = text.split()
    if not tokens:
        return 0.0
    odd = sum(1 for t in tokens if _looks_garbled(t))
    return round(odd / len(tokens), 3)


_GARBLED = re.compile(r"[^\w€%.,;:()'’‘\"“”\-–/&+|<>=*?!§@#]")


def _looks_garbled(token: str) -> bool:
    if token.isalpha():
        return False  # most tokens: letters only, nothing odd (the same answer as below, much faster)
    if _GARBLED.search(token):
        return True
    core = token.strip(".,;:()")
    has_digit = any(c.isdigit() for c in core)
    has_alpha = any(c.isalpha() for c in core)
    # "dqiniljoaﬁ%oeten", "m/'oe/v?,v": letters mixed with symbols or digits mid-word
    return has_digit and has_alpha and not re.fullmatch(r"\d+[a-z]{0,3}|[A-Za-z]+-?\d+[a-z]?", core)
