"""The answerability check: one decision, for both modes, on whether the evidence answers the question.

An answer is `answered` only when a cited unit (a sentence, list item or table row) or a tool figure
holds a value of the kind the question asks for, anchored to the question's focus in that same unit,
and meets its constraints (gemeente, place, period, age band, benefit category). Otherwise it is
`no_answer` with the reason, so the reader sees why: a passage about the topic that lacks the fact
asked for is exactly the near miss this catches. This is the one place a refusal is decided.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from assistant.answer import asks
from assistant.answer.evidence import (
    Analyze,
    Unit,
    anchor,
    counts_thing,
    holds,
    term_present,
    years_in,
)
from assistant.answer.intent import QUANTITIES, AnswerType, FocusTerm, Operation, QuestionIntent, YearRange
from assistant.answer.places import gemeenten_in, places_outside_in
from ingest.lexical import fold

# Share of the focus weight a unit must cover to be about what is asked (fitted on the tuning half):
# a value (amount, count, date, name) must stand next to most of the question's focus; a passage
# that explains or lists may cover less of the question's wording in any one sentence.
ANCHOR_MIN = 0.5
ANCHOR_MIN_TEXT = 0.35
_VALUE_TYPES = QUANTITIES | {AnswerType.DATE, AnswerType.PERSON}
# A prose sentence's section heading counts for this share of a term; a table row's caption fully.
HEADING_WEIGHT = 0.5
_SPENDING = re.compile(r"\b(?:besteed|uitgegeven|gerealiseerd|realisatie|uitgaven|uitgeput|spent)\b")
# A unit that reports something done or found: a past or perfect tense, or a word of results.
_REPORTS_DONE = re.compile(
    r"\b(?:werd|werden|was|waren|had|hadden|bleek|bleken|kwam|kwamen|gaf|gaven|liet|lieten|heeft|hebben|"
    r"is|zijn)\b.*\b(?:ge\w+[dnt]|\w+(?:ge|ver|be|ont|her)\w+[dt])\b|\b(?:gerealiseerd|behaald|bereikt|"
    r"opgeleverd|afgerond|gerapporteerd|blijkt|blijken|laat zien|laten zien|toont|tonen)\b|\b\d+(?:[.,]\d+)?\s?%"
)
# A unit that states what someone earns (not what a post costs or what an hour is billed at).
PAY_STATED = re.compile(
    r"\b(?:salaris\w*|\w*loon|lonen|loonschaal|schaal \d+|inschaling|verdien\w*|cao|minimumloon|salary|wages?|earns?)\b"
)
# A unit that sets out a condition or a possibility, not what happened: "wanneer ... besluiten ...,
# wordt het budget geinvesteerd", "of het budget niet beter geinvesteerd kan worden".
_HYPOTHETICAL = re.compile(
    r"^(?:\W*\w\.\s+)?(?:wanneer|indien|als|mocht|of|if|when|whether)\b"
    r"|\b(?:kan|kunnen|zal|zullen|zou|zouden|moet|moeten|wordt|worden) (?:worden|zijn)\b"
)


def reports_done(folded: str) -> bool:
    """The unit reports something done or found, not a plan, a condition or a possibility."""
    return _REPORTS_DONE.search(folded) is not None and _HYPOTHETICAL.search(folded) is None


BENEFIT_CATEGORIES = ("ww", "ao", "pwet")
_CATEGORY_WORDS = {
    "ww": re.compile(r"\bww\b|werkloosheid"),
    "ao": re.compile(r"wajong|\bwia\b|\bwao\b|arbeidsongeschikt"),
    "pwet": re.compile(r"participatiewet|bijstand|\bp-?wet\b"),
}
_AGE_IN_TEXT = {
    "lt27": re.compile(r"<\s?27|\b27\b|jonger|jongeren"),
    "27_50": re.compile(r"27\s?-\s?50|\b27\b.*\b50\b"),
    "ge50": re.compile(r"\b50\b|ouder|ouderen|plussers"),
}


# Whether a unit's figures are the country's, not the region's (the indicators table knows their scope).
NationalFigures = Callable[[Unit], bool]


@dataclass(frozen=True, slots=True)
class Reason:
    """Why the documents do not answer: what they lack, in both languages."""

    nl: str
    en: str


@dataclass(frozen=True, slots=True)
class Verdict:
    answered: bool
    reason: Reason | None = None


def _focus_words(intent: QuestionIntent, n: int = 3) -> str:
    return " ".join(t.word for t in intent.focus[:n]) or intent.subject


def _value_reason(intent: QuestionIntent) -> Reason:
    about = _focus_words(intent)
    kind = intent.answer_type
    if kind == AnswerType.AMOUNT:
        return Reason(f"een bedrag voor {about}", f"an amount for {about}")
    if kind == AnswerType.COUNT:
        thing = intent.counted or about
        return Reason(f"het aantal {thing}", f"the number of {thing}")
    if kind == AnswerType.SHARE:
        return Reason(f"een percentage voor {about}", f"a percentage for {about}")
    if kind == AnswerType.CHANGE:
        return Reason(f"een verandering in {about}", f"a change in {about}")
    if kind in (AnswerType.DURATION, AnswerType.FREQUENCY):
        return Reason(f"hoe lang of hoe vaak: {about}", f"how long or how often: {about}")
    if kind == AnswerType.DATE:
        what = "een datum (dag)" if intent.day_precision else "een datum"
        return Reason(f"{what} voor {about}", f"a date for {about}")
    if kind == AnswerType.PERSON:
        return Reason(f"een naam voor {about}", f"a name for {about}")
    return Reason(about, about)


@lru_cache(maxsize=64)
def other_age(age: str) -> re.Pattern[str]:
    """A band no table has, as a text must state it: "23" or the range "18-23" ("18 tot 23 jaar").
    Cached: the planner asks it for every candidate row."""
    low, _, high = age.partition("-")
    if not high:
        return re.compile(rf"\b{re.escape(low)}\b")
    return re.compile(rf"\b{low}{asks.AGE_RANGE_JOIN}{high}\b")


def _years_of(unit: Unit, quantity: bool) -> list[YearRange]:
    """The period a unit speaks of: its own years, else its heading or caption's, else the document's."""
    for text in (unit.text, unit.context):
        found = years_in(text)
        if found:
            return found
    if not quantity:
        found = years_in(unit.chunk.text)
        if found:
            return found
    return years_in(f"{unit.chunk.title} {unit.chunk.date}")


def _document_year(unit: Unit) -> int | None:
    match = re.match(r"(\d{4})", unit.chunk.date)
    return int(match.group(1)) if match else None


def categories_in(text: str) -> set[str]:
    folded = fold(text)
    return {name for name, pattern in _CATEGORY_WORDS.items() if pattern.search(folded)}


def constraint_gap(
    intent: QuestionIntent, unit: Unit, today: date | None = None, national: NationalFigures | None = None
) -> Reason | None:
    """The first constraint of the question the unit does not meet, or None."""
    quantity = intent.answer_type in QUANTITIES or intent.answer_type == AnswerType.PERSON
    if quantity and intent.region and not intent.national and national is not None and national(unit):
        # "hoeveel ... had Gooi en Vechtstreek": a sentence stating the country's number is no answer.
        return Reason(
            "cijfers voor de regio zelf (deze zijn landelijk)",
            "figures for the region itself (these are national)",
        )
    own = f"{unit.text} {unit.context}"
    wide = own if quantity else f"{own} {unit.chunk.section} {unit.chunk.text}"
    named = set(gemeenten_in(unit.text if unit.is_row else wide))
    for gemeente in intent.gemeenten:
        if gemeente not in named:
            return Reason(gemeente, gemeente)
    outside = set(places_outside_in(wide))
    for place in intent.places_outside:
        if place not in outside:
            return Reason(f"{place} (buiten de regio)", f"{place} (outside the region)")
    if intent.years:
        stated = _years_of(unit, quantity)
        written = _document_year(unit)
        if not quantity and written is not None:
            # "bestuursopdracht 2017: wat moet erin?": a year can name the document, by its date.
            stated = [*stated, YearRange(start=written, end=written)]
        if not any(a.overlaps(s) for a in intent.years for s in stated):
            label = ", ".join(y.label() for y in intent.years)
            return Reason(label, label)
    if quantity and intent.age_band:
        band = intent.age_band
        pattern = _AGE_IN_TEXT.get(band) or other_age(intent.unusual_age)
        if not pattern.search(fold(own)):
            label = intent.unusual_age or band
            return Reason(f"de leeftijdsgroep {label}", f"the age group {label}")
    if quantity and intent.categories:
        asked, named = set(intent.categories), categories_in(own)
        if not asked <= named or named - asked:
            label = "/".join(intent.categories)
            return Reason(f"de uitkeringssoort {label}", f"the benefit type {label}")
    year = _document_year(unit)
    if intent.asks_outcome and year is not None:
        # What came out of an event: only a document written after it can say. The event's year is
        # the question's, or else the one the passage gives it ("een midterm review in 2023").
        events = [y.start for y in (intent.years or tuple(years_in(unit.text))) if 1900 < y.start < 2100]
        if events and year <= min(events):
            return Reason(f"de uitkomst in {min(events)}", f"the outcome in {min(events)}")
    if intent.asks_outcome and not reports_done(unit.folded):
        # "Is de app er uiteindelijk gekomen?": a passage that plans or describes the thing, with no
        # verb that reports it done, says nothing of how it turned out.
        return Reason(
            "de uitkomst (de documenten noemen alleen het plan)",
            "the outcome (the documents only give the plan)",
        )
    if intent.asks_current and quantity and year is not None:
        now = (today or date.today()).year
        if year < now - 1:
            return Reason("de huidige stand", "the current situation")
    if intent.asks_pay and not PAY_STATED.search(fold(unit.text)):
        return Reason("een salaris of loon", "a salary or wage")
    if intent.asks_realisation and not _SPENDING.search(fold(unit.text)):
        return Reason("realisatiecijfers (wat is besteed)", "realisation figures (what was spent)")
    return None


def value_gap(intent: QuestionIntent, unit: Unit, analyze: Analyze) -> Reason | None:
    """None when the unit holds a value of the asked kind, anchored to the focus in the same unit."""
    if not holds(intent.answer_type, unit, intent.day_precision):
        return _value_reason(intent)
    if intent.answer_type == AnswerType.COUNT and intent.counted:
        # The thing counted in each of its wordings ("residents" is counted as "inwoners").
        wordings = [form for t in intent.focus if t.word == intent.counted for form in t.forms]
        thing = frozenset(analyze(intent.counted)) | {stem for form in wordings for stem in form}
        text = f"{unit.context} {unit.text}" if unit.is_row else unit.text
        if thing and not counts_thing(text, thing, analyze) and not (unit.is_row and _thing_in(thing, unit)):
            return _value_reason(intent)
    return None


def _thing_in(thing: frozenset[str], unit: Unit) -> bool:
    return bool(thing & (unit.context_stems | unit.stems))


def unit_gap(
    intent: QuestionIntent,
    unit: Unit,
    analyze: Analyze,
    today: date | None = None,
    national: NationalFigures | None = None,
) -> Reason | None:
    """Why this unit does not answer the question; None when it does."""
    weight = 1.0 if unit.is_row else HEADING_WEIGHT
    floor = ANCHOR_MIN if intent.answer_type in _VALUE_TYPES else ANCHOR_MIN_TEXT
    if anchor(intent.focus, unit, weight) < floor:
        what = " ".join(_not_in(intent.focus, unit)[:3]) or _focus_words(intent)
        return Reason(what, what)
    # "welk deel van de werkloze beroepsbevolking heeft WW": percentages of the WW'ers by age are not
    # a part of that whole; the unit must name the whole itself.
    whole = " ".join(_not_in(intent.whole_focus, unit))
    if whole:
        return Reason(f"een aandeel van de {whole}", f"a share of the {whole}")
    return constraint_gap(intent, unit, today, national) or value_gap(intent, unit, analyze)


def _not_in(terms: Iterable[FocusTerm], unit: Unit) -> list[str]:
    """The known terms the unit (with its context) does not name."""
    seen = unit.stems | unit.context_stems
    text = f"{unit.folded} {fold(unit.context)}"
    return [t.word for t in terms if t.known and not term_present(t, seen, text)]


def check(
    intent: QuestionIntent,
    units: Sequence[Unit],
    analyze: Analyze,
    figures_stated: bool = False,
    realisation_known: bool | None = None,
    today: date | None = None,
    national: NationalFigures | None = None,
) -> Verdict:
    """The verdict on an answer: answered when a figure fits or a cited unit answers; else the reason."""
    spending = (AnswerType.AMOUNT, AnswerType.LOOKUP, AnswerType.YESNO)
    if intent.asks_realisation and intent.answer_type in spending and not realisation_known:
        return Verdict(
            False,
            Reason(
                "realisatiecijfers (wat is besteed of over)",
                "realisation figures (what was spent or is left)",
            ),
        )
    if figures_stated:
        return Verdict(True)
    reasons = [unit_gap(intent, u, analyze, today, national) for u in units]
    answering = [u for u, r in zip(units, reasons, strict=True) if r is None]
    if answering:
        unmet = _years_unmet(intent, answering)
        if unmet:
            return Verdict(False, Reason(f"een cijfer voor {unmet}", f"a figure for {unmet}"))
        return Verdict(True)
    return Verdict(False, _most_telling(intent, units, reasons))


def _years_unmet(intent: QuestionIntent, units: Sequence[Unit]) -> int | None:
    """A change or comparison between years the question names one by one ("van 2017 naar 2018")
    needs a figure at each of them: the first named year no answering unit speaks of, or None."""
    compares = (
        intent.operation in (Operation.CHANGE, Operation.DIFFERENCE)
        or intent.answer_type == AnswerType.CHANGE
    )
    if not compares or len(intent.single_years) < 2:
        return None
    spoken = [y for u in units for y in _years_of(u, True)]
    for year in sorted(intent.single_years):
        if not any(s.start <= year <= s.end for s in spoken):
            return year
    return None


def _most_telling(intent: QuestionIntent, units: Sequence[Unit], reasons: Iterable[Reason | None]) -> Reason:
    """The reason of the unit that came closest: the best-anchored one."""
    scored = [
        (anchor(intent.focus, u, 1.0 if u.is_row else HEADING_WEIGHT), r)
        for u, r in zip(units, reasons, strict=True)
        if r is not None
    ]
    if not scored:
        return _value_reason(intent)
    return max(scored, key=lambda pair: pair[0])[1]
