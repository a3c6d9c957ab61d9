"""Amount cells of an import file: "no amount" markers, refused unit words, and the file's number convention.

A financial export writes either Dutch numbers (1.234,56) or English ones (1,234.56). A cell such as
"82.800" reads either way, so the convention is decided once per file from the cells that can only be
read one way ("82.800,00", "187342.66", "1.234.567"); a cell that contradicts the file's convention is
refused instead of guessed. A cell with a unit word ("€ 12,5 mln", "80k") is refused too: an import
never multiplies what the spreadsheet says.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

Convention = Literal["nl", "en"]

# What a spreadsheet writes for "no amount": not applicable, not known, to be decided, a dash.
NO_AMOUNT = frozenset(
    {"", "-", "--", "—", "–", "n.v.t.", "n.v.t", "nvt", "n.b.", "nb", "n.t.b.", "ntb", "p.m.", "pm"}
)
_UNIT_WORDS = {
    "mln": 1e6, "miljoen": 1e6, "mio": 1e6, "m": 1e6, "mn": 1e6, "million": 1e6,
    "mld": 1e9, "mrd": 1e9, "miljard": 1e9, "bln": 1e9, "billion": 1e9,
    "k": 1e3, "dzd": 1e3, "duizend": 1e3, "thousand": 1e3,
}  # fmt: skip
_CURRENCY = re.compile(r"^(?:€|eur|euro)\s*|\s*(?:€|eur|euro)$")
_CELL = re.compile(
    r"^(?P<sign>[-+])?\s*(?P<num>\d(?:[\d.,\s]*\d)?)(?P<whole>,--|,-|\.-)?\s*(?P<rest>[^\d\s.,].*)?$"
)


class CellError(ValueError):
    """The cell is not an amount the import can read without guessing; the message says what to do."""


@dataclass(frozen=True, slots=True)
class Evidence:
    """The first cell that showed the file's number convention, for the report."""

    convention: Convention
    where: str
    raw: str


def _clean(raw: str) -> str:
    return raw.strip().lower().replace("\u00a0", " ").replace("\u20ac", "€")


def _parts(raw: str) -> tuple[str, str, bool, str] | None:
    """(sign, digits, whole-euro suffix, trailing word) of a cell, None when it is no number at all."""
    s = _clean(raw)
    percent = s.endswith("%") or s.endswith("procent")
    s = re.sub(r"\s*(?:%|procent)$", "", s) if percent else s
    s = _CURRENCY.sub("", _CURRENCY.sub("", s)).strip()
    m = _CELL.match(s)
    if m is None:
        return None
    rest = (m["rest"] or "").strip()
    return (m["sign"] or "", re.sub(r"\s", "", m["num"]), bool(m["whole"]), rest + ("%" if percent else ""))


def reads_as(digits: str) -> Convention | None:
    """The only convention a digit string can be read in; None when it reads either way or has no separator."""
    if "," in digits and "." in digits:
        return "nl" if digits.rfind(",") > digits.rfind(".") else "en"
    for sep in (",", "."):
        if sep not in digits:
            continue
        if re.fullmatch(rf"\d{{1,3}}(?:\{sep}\d{{3}}){{2,}}", digits):
            return (
                "en" if sep == "," else "nl"
            )  # 1.234.567 / 1,234,567: several groups are thousands separators
        if re.fullmatch(rf"\d{{1,3}}\{sep}\d{{3}}", digits):
            return None  # 82.800 / 82,800: thousands in one convention, a decimal in the other
        return "nl" if sep == "," else "en"  # 12,5 / 187342.66: a decimal separator
    return None


def number_convention(cells: Iterable[tuple[str, Any]]) -> tuple[Convention, Evidence | None, int]:
    """The file's convention from its unambiguous (where, raw) cells: (convention, first evidence, cells
    that contradict it). Without evidence: Dutch, the region's own format."""
    first: dict[Convention, Evidence] = {}
    counts: dict[Convention, int] = {"nl": 0, "en": 0}
    for where, raw in cells:
        if not isinstance(raw, str):
            continue  # a number cell of a spreadsheet carries no formatting question
        parts = _parts(raw)
        if parts is None:
            continue
        kind: Convention | None = "nl" if parts[2] else reads_as(parts[1])
        if kind is None:
            continue
        counts[kind] += 1
        first.setdefault(kind, Evidence(kind, where, raw))
    convention: Convention = "en" if counts["en"] > counts["nl"] else "nl"
    other: Convention = "nl" if convention == "en" else "en"
    return convention, first.get(convention), counts[other]


def _example(convention: Convention) -> str:
    return "1.234,56" if convention == "nl" else "1,234.56"


def read_amount(
    raw: Any, convention: Convention, evidence: Evidence | None = None
) -> tuple[float | None, str]:
    """(value, unit hint "EUR" | "procent" | "") of one cell; value None for "no amount" (n.v.t., -, empty).

    Raises CellError with what to do for a unit word, a contradicting separator or a non-number."""
    if raw is None:
        return None, ""
    if isinstance(raw, bool):
        raise CellError(f"{raw!r} is not an amount")
    if isinstance(raw, int | float):
        return float(raw), ""
    text = str(raw)
    if _clean(text) in NO_AMOUNT:
        return None, ""
    parts = _parts(text)
    if parts is None:
        raise CellError(
            f"{text!r} is not an amount; write digits (e.g. {_example(convention)}), or n.v.t. or - for none"
        )
    sign, digits, whole, rest = parts
    unit = "procent" if rest.endswith("%") else "EUR" if re.search(r"€|eur", _clean(text)) else ""
    word = rest.removesuffix("%").strip().rstrip(".")
    if word in _UNIT_WORDS:
        try:
            full = f" ({_dutch(_value(digits, convention) * _UNIT_WORDS[word])})"
        except CellError:
            full = ""
        raise CellError(
            f"{text!r} has a unit word ({word!r}); write the whole amount in euros{full}: "
            "the import never multiplies a cell"
        )
    if word:
        raise CellError(f"{text!r} is not an amount (unexpected {word!r}); write only the number")
    kind = "nl" if whole else reads_as(digits)
    if kind is not None and kind != convention:
        seen = f", e.g. {evidence.raw!r} at {evidence.where}" if evidence else ""
        try:
            value = _value(digits, kind)
            rewritten = _dutch(value) if convention == "nl" else _english(value)
            hint = f"write {rewritten} as the rest of the file does"
        except CellError:
            hint = f"write it as {_example(convention)} as the rest of the file does"
        raise CellError(
            f"{text!r} is written as {_example(kind)} but this file writes numbers as "
            f"{_example(convention)}{seen}; ambiguous, so refused: {hint}"
        )
    value = _value(digits, convention)
    return (-value if sign == "-" else value), unit


def _value(digits: str, convention: Convention) -> float:
    plain = digits.replace(".", "").replace(",", ".") if convention == "nl" else digits.replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?", plain):
        raise CellError(f"{digits!r}: separators in odd places; write e.g. {_example(convention)}")
    return float(plain)


def _english(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _dutch(value: float) -> str:
    return _english(value).replace(",", "_").replace(".", ",").replace("_", ".")
