"""What an indicator row is: its kind of unit, period, series, benefit category and age band.

Read from the row's own fields (unit, period, year, id, label, family) so the planner can tell a
regional total from its gemeenten, a budget line per year from its range total, and a WW table
from a table of all benefits.
"""

from __future__ import annotations

import re

from assistant.answer.checks import categories_in
from assistant.answer.intent import YearRange
from assistant.indicators.store import IndicatorRow
from ingest.lexical import DUTCH_MONTHS, fold

TIME_UNITS = ("jaar", "uur", "dag", "dagen", "week", "weken", "maand", "maanden", "kwartaal")
_MONTH_NUMBER = {name: i for i, name in enumerate(DUTCH_MONTHS, start=1)}
_POINT_IN_TIME = re.compile(
    r"^(?:(?P<edge>begin|eind|ultimo|medio)\s+)?(?:(?P<month>[a-z]+)\s+|q(?P<quarter>[1-4])\s+)?"
    r"(?P<year>(?:19|20)\d\d)$",
)
_BAND_IN_ID = re.compile(r"_(lt27|27_50|ge50)(?:_|$)")
_BAND_IN_LABEL = (
    ("lt27", re.compile(r"<\s?27|jonger dan 27")),
    ("27_50", re.compile(r"27\s?-\s?50")),
    ("ge50", re.compile(r">=?\s?50|50 jaar of ouder|50\+")),
)


def fmt(value: float, decimals: int = 2) -> str:
    """Dutch notation: 2.000.000 and 20,1."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", ".")
    text = f"{value:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def period_key(period: str) -> tuple[int, int] | None:
    """(year, month) of a period that is one point in time ("maart 2016", "Q4 2020", "eind 2020",
    "2019"); None for a range or anything vaguer, which a change over time cannot start or end at."""
    match = _POINT_IN_TIME.match(period.strip().lower())
    if match is None:
        return None
    year = int(match["year"])
    if match["month"]:
        month = _MONTH_NUMBER.get(match["month"])
        return None if month is None else (year, month)
    if match["quarter"]:
        return year, 3 * int(match["quarter"])
    # A bare year sits in its middle, so "eind 2019" still comes after "2019".
    return year, {"eind": 12, "ultimo": 12, "begin": 1}.get(match["edge"] or "", 6)


def budget_year(row: IndicatorRow) -> int | None:
    """The budget year of a budget line's row ("2020" within a plan for 2019-2021), or None."""
    return int(row.year) if re.fullmatch(r"\d{4}", row.year or "") else None


def point_in_time(row: IndicatorRow) -> tuple[int, int] | None:
    """The point in time a row's figure is at: its budget year when it has one, else its period when
    that is one point in time (see `period_key`), else the one year its label names within its
    period ("Doorstroom WW naar Participatiewet 2016" in a table for 2015-2017)."""
    year = budget_year(row) or label_year(row)
    return (year, 6) if year is not None else period_key(row.period)


def label_year(row: IndicatorRow) -> int | None:
    """The one year a row's label names inside the row's period range, or None."""
    found = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", row.label)}
    period = [int(y) for y in re.findall(r"(?:19|20)\d\d", row.period)]
    if len(found) != 1 or len(period) < 2:
        return None
    (year,) = found
    return year if min(period) <= year <= max(period) else None


def row_years(row: IndicatorRow) -> list[YearRange]:
    """The period a row is about: its budget year or the year its label names when it has one, else
    its period's years."""
    year = budget_year(row) or label_year(row)
    if year is not None:
        return [YearRange(start=year, end=year)]
    if row.year_from is not None and row.year_to is not None:
        return [YearRange(start=row.year_from, end=row.year_to)]
    found = [int(y) for y in re.findall(r"(?:19|20)\d\d", row.period)]
    if found:
        start = 1900 if fold(row.period).startswith("tot") else min(found)
        return [YearRange(start=start, end=max(found))]
    return []


def series_key(row: IndicatorRow) -> tuple[str, str, str]:
    """Rows that differ only in a year, a number or a gemeente measure one series."""
    # Years and item numbers vary along a series; a band such as "0-40%" names another column.
    label = re.sub(r"(?<![\d-])\d+(?:\s*-\s*\d+)?(?![\d%-])", "#", fold(row.label))
    return (label, row.unit, row.source.document_id)


def is_total(row: IndicatorRow) -> bool:
    """A table's total row: the region as a whole, or a label that says total."""
    label = fold(row.label)
    return row.scope == "regio" and (
        "totaal" in label or "regio" in fold(row.area) or "gooi" in fold(row.area)
    )


def unit_kind(row: IndicatorRow) -> str:
    """money | percent | time | frequency | count: what kind of quantity the row's unit is."""
    unit = fold(row.unit)
    if unit.startswith("eur"):
        return "money"
    if unit in ("procent", "fractie") or unit.startswith("procent"):
        return "percent"
    if "keer" in unit or (
        re.search(r"\bper (jaar|maand|week)\b", unit)
        and not unit.startswith(("eur", "jongeren", "personen", "deelnemers", "vacatures"))
    ):
        return "frequency"
    if unit.split()[0] in TIME_UNITS:
        return "time"
    return "count"


def categories_of(row: IndicatorRow) -> set[str]:
    """The benefit categories a row's label and table speak of (WW, arbeidsongeschiktheid, Participatiewet)."""
    return categories_in(f"{row.label} {row.id.replace('_', ' ')} {row.family.replace('_', ' ')}")


def age_band_of(row: IndicatorRow) -> str:
    """lt27 / 27_50 / ge50 when the row is one age band's column, "" otherwise."""
    match = _BAND_IN_ID.search(row.id)
    if match:
        return match.group(1)
    label = fold(row.label)
    for band, pattern in _BAND_IN_LABEL:
        if pattern.search(label):
            return band
    return ""
