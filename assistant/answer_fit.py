"""Does the evidence answer what the question asks? Checks on years, amounts, counts and outcomes.

Retrieval finds passages on the right topic; these rules catch the answers that are on topic but not
an answer: figures for another year than the one asked, a "what does it cost" answered without any
amount, a "how many X" answered without a number of X, "what came out of the 2020 evaluation"
answered by a 2019 plan that only announces it. Each returns a short reason that goes into the
no-answer text ("niets over ..."), so the user sees why the assistant declines.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.answer_models import Figure
from ingest.lexical import DUTCH_MONTHS, DUTCH_NUMBER_WORDS, analyze

_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_RANGE = re.compile(r"\b((?:19|20)\d\d)\s*(?:-|–|t/m|tot en met|tot|to)\s*((?:19|20)\d\d)\b")

# Asking for an amount of money: a quantity question about a money word.
_MONEY_WORD = re.compile(
    r"\b(kost|kosten|kostte|gekost|budget|bedrag|euro|loon|uurloon|salaris|tarief|prijs|subsidie|"
    r"cost|costs|wage|salary|price|fee|budgets?)\b",
    re.I,
)
_QUANTITY_ASK = re.compile(
    r"\b(hoeve+l|hoe ?veel|how much|wat (kost|kostte|kosten|is|was|zijn|waren)|"
    r"what (does|did|is|was|are|were))\b",
    re.I,
)
_AMOUNT = re.compile(r"€|\beuro\b|\bmiljoen\b|\bmln\b|\bEUR\b", re.I)

# "hoeveel <noun>": the noun the question counts. Units and vague words are no counted thing.
_COUNT_ASK = re.compile(r"\bhoeve+l\s+([a-zà-ÿ-]{3,})", re.I)
_NOT_A_COUNTED_THING = frozenset(
    analyze(
        "procent percentage geld euro keer jaar jaren "
        "meer minder extra nog ongeveer precies eigenlijk heeft hebben kost kosten krijgt krijgen is zijn "
        "was waren wordt worden"
    )
)
# Words for people: a count of one of them is answered by a figure counting another ("personen").
_PEOPLE = frozenset(
    analyze(
        "mensen personen inwoners deelnemers werkzoekenden kandidaten jongeren ouderen klanten cliënten "
        "statushouders vergunninghouders werknemers medewerkers bijstandsgerechtigden uitkeringsgerechtigden "
        "people persons"
    )
)
# "hoeveel uur": a duration is counted in its own unit (stems: uur/uren -> uur, dagen -> dag, ...).
_TIME_UNITS_OF = {
    stem: forms
    for forms in (
        frozenset(analyze(pair)) for pair in ("uur uren", "dag dagen", "week weken", "maand maanden")
    )
    for stem in forms
}
_TIME_UNITS = frozenset(_TIME_UNITS_OF)
# Counts written out ("zes maanden", "twee dagen per week"); "een" is left out: mostly the article.
_ENGLISH_NUMBER_WORDS = "two three four five six seven eight nine ten eleven twelve twenty hundred"
_NUMBER_WORDS = frozenset((*DUTCH_NUMBER_WORDS, "anderhalf", *_ENGLISH_NUMBER_WORDS.split()))
_NUMBER = re.compile(r"(?<![\w.])\d[\d.,]*%?")
# Reasons are Dutch, as the no-answer text is; in_english() gives the English frame its words.
_AMOUNT_REASON = "bedrag"
_COUNT_REASON = "het aantal "
_OUTCOME_REASON = "de uitkomst in "
_DATE_REASON = "een datum"

# Asking for a day: "op welke datum" is not answered by a year or by the document's own date.
_DATE_ASK = re.compile(r"\b(op welke datum|welke datum|on what date|what date|which date)\b", re.I)
_MONTHS = "|".join(
    (*DUTCH_MONTHS, "january", "february", "march", "may", "june", "july", "august", "october")
)
_DAY_DATE = re.compile(
    rf"\b\d{{1,2}}(e|ste|de)?\s+({_MONTHS})\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b", re.I
)

# Asking what an event produced, in the past tense: results the documents can only report once
# the event lies behind them. "Welke resultaten wil het plan halen" (intended results) is no such ask.
_OUTCOME_ASK = re.compile(
    r"\b(wat (kwam|is) er (uit|uitgekomen)|wat (was|waren) de (uitkomst|uitkomsten|resultaten|bevindingen|"
    r"conclusies?)|wat (heeft|hebben) .{0,60} opgeleverd|hoe is .{0,60} (afgelopen|uitgevallen)|"
    r"what (was|were) the (outcome|outcomes|results?|findings|conclusions?)|what came out of|"
    r"how did .{0,60} turn out|"
    # "hoeveel ... daadwerkelijk": what was realised, not what the plan intended.
    r"daadwerkelijk|in werkelijkheid|actually|in reality)\b",
    re.I,
)


def asked_years(question: str) -> list[str]:
    return _YEAR.findall(question)


def period_covers(period: str, year: str) -> bool:
    """'2019-2021' covers 2020; 'januari 2019' covers 2019 only."""
    y = int(year)
    for start, end in _RANGE.findall(period):
        if int(start) <= y <= int(end):
            return True
    return year in _YEAR.findall(period)


def figures_for_asked_years(question: str, figures: list[Figure]) -> bool:
    """False when the question names a year and no figure is about it (e.g. 2019 figures for 2024)."""
    years = asked_years(question)
    if not years or not figures:
        return True
    return any(period_covers(f"{f.period} {f.label}", y) for f in figures for y in years)


def missing_amount(question: str, figures: list[Figure], quotes: Iterable[str]) -> str | None:
    """'bedrag' when the question asks what something costs and nothing cited holds an amount."""
    if not (_MONEY_WORD.search(question) and _QUANTITY_ASK.search(question)):
        return None
    if any(f.unit.lower().startswith("eur") for f in figures):
        return None
    if any(_AMOUNT.search(q) for q in quotes):
        return None
    return _AMOUNT_REASON


def counted_thing(question: str) -> tuple[str, str] | None:
    """(word, stem) of what a Dutch 'hoeveel X' question counts, or None."""
    match = _COUNT_ASK.search(question)
    if not match:
        return None
    stems = analyze(match.group(1))
    if not stems or stems[0] in _NOT_A_COUNTED_THING:
        return None
    return match.group(1).lower(), stems[0]


def _is_count(token: str) -> bool:
    digits = token.rstrip("%").replace(".", "").replace(",", "")
    return bool(digits) and not (len(digits) == 4 and digits[:2] in ("19", "20") and "%" not in token)


def _counts_thing(quote: str, thing: str, window: int = 6) -> bool:
    """A number within a few words of a mention of the counted thing ("250 plaatsingen", "14% van de
    mensen"); a number elsewhere in the sentence counts something else. A number written out counts
    only right before the thing ("zes maanden"): "twee projecten (Statushouders voor de klas)" counts
    projects."""
    words = quote.split()
    mentions = [i for i, word in enumerate(words) if _mentions(word, thing)]
    digits = [i for i, word in enumerate(words) if any(_is_count(n) for n in _NUMBER.findall(word))]
    written = [i for i, word in enumerate(words) if word.lower() in _NUMBER_WORDS]
    return any(abs(m - n) <= window for m in mentions for n in digits) or any(
        m - n == 1 for m in mentions for n in written
    )


def _mentions(text: str, thing: str) -> bool:
    """The text names the thing: the same stem (uur and uren are one unit), or a compound on it."""
    forms = _TIME_UNITS_OF.get(thing, {thing})
    return any(
        s in forms or (len(s) > 4 and (s.startswith(thing) or s.endswith(thing))) for s in analyze(text)
    )


def _figure_may_count(figure: Figure, thing: str) -> bool:
    """Whether the figure can be a number of the counted thing. Hours are answered by a figure in
    hours only, and people by a figure of people or a share of them, not by a number of projects or
    certificates; for other things the figure search's topic check stands."""
    unit = set(analyze(figure.unit))
    if thing in _TIME_UNITS:
        return bool(unit & _TIME_UNITS_OF[thing])
    if thing in _PEOPLE:
        return bool(unit & _PEOPLE) or figure.unit == "procent" or _mentions(figure.label, thing)
    return True


def missing_count(question: str, figures: list[Figure], quotes: Iterable[str]) -> str | None:
    """The counted thing when no figure and no cited quote gives a number together with it.

    "hoeveel statushouders staan voor de klas?" is not answered by a passage that says two days a week,
    nor "hoeveel mensen zijn er gestart" by the number of projects that started.
    """
    counted = counted_thing(question)
    if counted is None:
        return None
    word, stem = counted
    if any(_figure_may_count(f, stem) for f in figures) or any(_counts_thing(q, stem) for q in quotes):
        return None
    return _COUNT_REASON + word


def missing_outcome(question: str, best_passage_date: str) -> str | None:
    """The year when the question asks what came out of something in that year and the best
    passage comes from a document written before it: a plan cannot report its own results."""
    if not _OUTCOME_ASK.search(question):
        return None
    years = asked_years(question)
    if not years:
        return None
    first = min(int(y) for y in years)
    written = _YEAR.search(best_passage_date)
    if written is None or int(written.group(1)) >= first:
        return None
    return _OUTCOME_REASON + str(first)


def missing_date(question: str, quotes: Iterable[str]) -> str | None:
    """'een datum' when the question asks on what date and no cited quote names a day."""
    if not _DATE_ASK.search(question) or any(_DAY_DATE.search(q) for q in quotes):
        return None
    return _DATE_REASON


def in_english(reason: str) -> str:
    """The English for a reason these rules give; gemeenten and years read the same in both."""
    if reason == _AMOUNT_REASON:
        return "an amount"
    if reason == _DATE_REASON:
        return "a date"
    if reason.startswith(_COUNT_REASON):
        return "the number of " + reason.removeprefix(_COUNT_REASON)
    if reason.startswith(_OUTCOME_REASON):
        return "the outcome in " + reason.removeprefix(_OUTCOME_REASON)
    return reason
