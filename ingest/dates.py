"""A document's own date, read from its text when documents.toml gives none: the letterhead's "Datum"
line first, else the first full date in its opening lines. Always marked estimated: it is read, not
declared, and a file's modification time is never taken for it.
"""

from __future__ import annotations

import datetime as dt
import re

from ingest.lexical import DUTCH_MONTHS

_ENGLISH_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH = {name: i for names in (DUTCH_MONTHS, _ENGLISH_MONTHS) for i, name in enumerate(names, start=1)}
_MONTH.update({name[:3]: i for name, i in list(_MONTH.items())})
_MONTH["sept"] = 9
_MONTH_WORDS = "|".join(sorted(_MONTH, key=len, reverse=True))
_WRITTEN = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_WORDS})\.?\s+(\d{{4}})\b", re.IGNORECASE)
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DATE_LABEL = re.compile(r"^\s*(?:datum|date|verzonden|dagtekening)\b\s*[:.]?", re.IGNORECASE)
OPENING_LINES = 25  # a letter's date stands in its letterhead; further down a date is about something else


def document_date(text: str) -> str:
    """ISO date (YYYY-MM-DD) the document states for itself, or "" when its opening lines hold none."""
    lines = [line for line in text.splitlines() if line.strip()][:OPENING_LINES]
    for line in lines:  # "Datum: 8 april 2024" wins over any other date in the letterhead
        if _DATE_LABEL.match(line) and (found := _first_date(line)):
            return found
    for line in lines:
        if found := _first_date(line):
            return found
    return ""


def _first_date(line: str) -> str:
    candidates: list[tuple[int, str]] = []
    for match in _WRITTEN.finditer(line):
        month = _MONTH.get(match.group(2).lower())
        if month and (iso := _iso(int(match.group(3)), month, int(match.group(1)))):
            candidates.append((match.start(), iso))
    for match in _NUMERIC.finditer(line):
        if iso := _iso(int(match.group(3)), int(match.group(2)), int(match.group(1))):  # Dutch: day first
            candidates.append((match.start(), iso))
    for match in _ISO.finditer(line):
        if iso := _iso(int(match.group(1)), int(match.group(2)), int(match.group(3))):
            candidates.append((match.start(), iso))
    return min(candidates)[1] if candidates else ""


def _iso(year: int, month: int, day: int) -> str:
    try:
        return dt.date(year, month, day).isoformat() if 1900 <= year <= 2100 else ""
    except ValueError:
        return ""


def dutch_date(iso: str) -> str:
    """ "2024-04-08" -> "8 april 2024" (a partial date as far as it goes)."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return f"{int(parts[2])} {DUTCH_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{DUTCH_MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return iso


def shown_date(iso: str, precision: str) -> str:
    """A date as listed: "2024-04-08 (geschat)" when read from the text rather than declared."""
    if not iso:
        return "datum onbekend"
    return f"{iso} (geschat)" if precision == "estimated" else iso
