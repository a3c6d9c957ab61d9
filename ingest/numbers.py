"""Dutch number and amount parsing ("4.043", "5,6", "€ 2 mln", "€ 3.000,-", "68%"), keeping the raw string."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WORDS = {
    "nul": 0, "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7,
    "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "twintig": 20, "dertig": 30,
    "veertig": 40, "vijftig": 50, "honderd": 100, "duizend": 1000,
}  # fmt: skip
_SCALES = {
    "miljard": 1e9, "mld": 1e9, "mrd": 1e9, "miljoen": 1e6, "mln": 1e6, "mio": 1e6,
    "duizend": 1e3, "k": 1e3, "dzd": 1e3,
}  # fmt: skip
_SCALE_RE = "|".join(sorted(_SCALES, key=len, reverse=True))
_PATTERN = re.compile(
    rf"^(?P<cur>€|eur|euro)?\s*(?P<num>[-+]?[\d.,\s]*\d(?:,-|,--|\.-)?|[a-zé]+)\s*"
    rf"(?P<scale>{_SCALE_RE})?\.?\s*(?P<pct>%|procent)?\s*(?P<cur2>€|eur|euro)?$",
    re.IGNORECASE,
)


class NumberFormatError(ValueError):
    """The text is not a number this parser can read without guessing; the message says why."""


@dataclass(frozen=True, slots=True)
class ParsedNumber:
    """A parsed value with the unit hint the text carried and the raw text it came from."""

    value: float
    raw: str
    unit: str = ""  # "EUR", "procent" or "" when the text names no unit

    @property
    def is_integer(self) -> bool:
        return float(self.value).is_integer()


def _digits(num: str, raw: str) -> float:
    """Read a Dutch-formatted digit string: "." groups thousands, "," is the decimal comma."""
    num = num.replace(" ", "").replace("\u00a0", "")
    num = re.sub(r"(,-|,--|\.-)$", "", num)  # "€ 3.000,-": whole euros
    sign = -1.0 if num.startswith("-") else 1.0
    num = num.lstrip("+-")
    if num.count(",") > 1:
        raise NumberFormatError(f"{raw!r}: more than one decimal comma; ambiguous (write 1.234,5 or 1234.5)")
    if "," in num and "." in num:
        if num.rfind(".") > num.rfind(","):
            raise NumberFormatError(f"{raw!r}: a '.' after the decimal comma; ambiguous number format")
        intpart, frac = num.split(",")
        if not re.fullmatch(r"\d{1,3}(\.\d{3})+", intpart):
            raise NumberFormatError(f"{raw!r}: thousands separators must group three digits")
        return sign * float(intpart.replace(".", "") + "." + frac)
    if "," in num:
        return sign * float(num.replace(",", "."))
    if "." in num:
        # Dutch texts use "." for thousands: "4.043" is 4043. "1.5" (not three digits) is an
        # English decimal point, accepted because exports from English tools write it that way.
        if re.fullmatch(r"[1-9]\d{0,2}(\.\d{3})+", num):
            return sign * float(num.replace(".", ""))
        if num.count(".") == 1:
            return sign * float(num)
        raise NumberFormatError(f"{raw!r}: dots must group three digits (4.043) or be one decimal point")
    return sign * float(num)


def parse_number(text: str | float | int) -> ParsedNumber:
    """Parse a Dutch number or amount; raise NumberFormatError with a reason instead of guessing."""
    if isinstance(text, bool):
        raise NumberFormatError(f"{text!r}: not a number")
    if isinstance(text, int | float):
        return ParsedNumber(float(text), str(text))
    raw = text
    s = text.strip().lower().replace("\u20ac", "€")
    if not s:
        raise NumberFormatError("empty value")
    if s in ("p.m.", "pm", "n.t.b.", "nvt", "n.v.t.", "-"):
        raise NumberFormatError(f"{raw!r}: not a number (pro memorie / to be decided)")
    m = _PATTERN.match(s)
    if not m:
        raise NumberFormatError(f"{raw!r}: not a number")
    num = m.group("num")
    if num[0].isalpha():
        if num not in _WORDS:
            raise NumberFormatError(f"{raw!r}: unknown number word {num!r}")
        value = float(_WORDS[num])
    else:
        value = _digits(num, raw)
    if m.group("scale"):
        value *= _SCALES[m.group("scale")]
    unit = "procent" if m.group("pct") else "EUR" if (m.group("cur") or m.group("cur2")) else ""
    return ParsedNumber(value, raw, unit)


def format_number(value: float, decimals: int | None = None) -> str:
    """Dutch display: 4043 -> "4.043", 5.6 -> "5,6"."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 2
    text = f"{value:,.{decimals}f}".replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    if decimals and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text
