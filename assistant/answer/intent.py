"""One reading of a question: the answer it asks for, about what, under which constraints, by which operation.

Made once per question (`read_question`) and used by everything after it: retrieval searches its
query text, the figure planner takes its operation, scope and period, the answerability check asks
for a value of its answer type anchored to its focus, and follow-ups fill their slots from the
previous turn's reading. Dutch and English alike; every pattern here reads the folded question
(lowercase, accents removed).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from assistant.answer import asks, lexicon
from assistant.answer.places import (
    gemeenten_in,
    gemeenten_left_out,
    names_region,
    places_outside_in,
    strip_left_out,
    strip_places,
)
from assistant.retrieval.language import detect_language
from ingest.lexical import STOPWORDS, fold


class AnswerType(StrEnum):
    PROCEDURE = "procedure"  # how something works: the steps, in order
    DEFINITION = "definition"  # what something is or does
    LOOKUP = "lookup"  # anything else a passage states (which, why, what)
    AMOUNT = "amount"  # money
    COUNT = "count"  # how many of something
    SHARE = "share"  # a percentage or part of a whole
    CHANGE = "change"  # how much something rose or fell
    DURATION = "duration"  # how long, how many hours/months
    FREQUENCY = "frequency"  # how often
    DATE = "date"  # when
    PERSON = "person"  # who holds a role: a name
    ACTOR = "actor"  # who decides, pays, carries out: an organisation or body
    YESNO = "yesno"  # whether something is so
    SOURCE = "source"  # where figures or a statement come from


QUANTITIES = frozenset(
    {
        AnswerType.AMOUNT,
        AnswerType.COUNT,
        AnswerType.SHARE,
        AnswerType.CHANGE,
        AnswerType.DURATION,
        AnswerType.FREQUENCY,
    }
)


class Operation(StrEnum):
    NONE = "none"
    SUM = "sum"
    DIFFERENCE = "difference"
    SHARE = "share"  # part / whole
    CHANGE = "change"  # from an earlier to a later point in time
    RATIO = "ratio"  # per person, per inhabitant
    PRODUCT = "product"  # a count times an amount (and against a budget)


class YearRange(BaseModel):
    model_config = ConfigDict(frozen=True)

    start: int
    end: int

    def overlaps(self, other: YearRange) -> bool:
        return self.start <= other.end and other.start <= self.end

    def label(self) -> str:
        if self.start == self.end:
            return str(self.start)
        if self.start <= 1900:
            return f"tot {self.end}"
        if self.end >= 2100:
            return f"vanaf {self.start}"
        return f"{self.start}-{self.end}"


class FocusTerm(BaseModel):
    """One idea of the question: its stems in each wording (the user's first, glossary forms after)."""

    model_config = ConfigDict(frozen=True)

    word: str  # as the user wrote it (folded), for reasons and query text
    forms: tuple[tuple[str, ...], ...]  # the stem of each one-word wording
    phrases: tuple[str, ...] = ()  # wordings of several words ("werken aan werk"): matched as phrases
    weight: float  # how specific the user's wording is: corpus rarity times rarity in the language
    known: bool  # some wording occurs in the corpus


class QuestionIntent(BaseModel):
    """The reading of one question (or a follow-up with its slots filled from the previous turn)."""

    model_config = ConfigDict(frozen=True)

    question: str  # as asked
    subject: str  # the topic words, without constraints and question frame: what retrieval reads
    topic: str = ""  # the subject of the turn that started the topic: what follow-ups inherit
    topic_size: int = 0  # how many of the focus terms are the topic's (the rest: this turn's own)
    language: str = "nl"
    answer_type: AnswerType = AnswerType.LOOKUP
    operation: Operation = Operation.NONE
    focus: tuple[FocusTerm, ...] = ()  # most specific first
    # A question that asks two things ("hoeveel ..., en welk aandeel daarvan ...?"): the first ask's
    # focus, and the kinds of answer the later asks want.
    lead_focus: tuple[FocusTerm, ...] = ()
    also: tuple[AnswerType, ...] = ()
    share_of_total: bool = False  # a later ask wants the first ask's figure as a share of the table's total
    adds_gemeenten: bool = False  # "als je de gemeenten optelt": the gemeenten's rows are the operands
    counted: str = ""  # the thing a count question counts (folded word), "" when none
    counts_people: bool = False
    gemeenten: tuple[str, ...] = ()
    left_out: tuple[str, ...] = ()  # gemeenten left out of a total ("zonder Weesp"): not in `gemeenten`
    places_outside: tuple[str, ...] = ()
    region: bool = False  # asks about the region as a whole
    national: bool = False  # names the country's figure (landelijk), e.g. to compare the region with
    years: tuple[YearRange, ...] = ()
    age_band: str = ""  # lt27 | 27_50 | ge50, or "other:<text>" for a band no table has
    bands: tuple[str, ...] = ()  # other bands the question names ("0-40%"): a row must carry them
    categories: tuple[str, ...] = ()  # benefit categories: ww | ao | pwet
    multiplier: float | None = None  # a count the question itself supplies ("33 jongeren")
    day_precision: bool = False  # "op welke datum": a year or month is no answer
    asks_outcome: bool = False  # what came out of something, what was actually realised
    asks_realisation: bool = False  # what has been spent or is left of a budget
    asks_pay: bool = False  # what someone earns: a salary, wage or pay scale
    asks_current: bool = False  # who holds a role now, what the situation is today
    refers_back: bool = False  # leans on an earlier turn ("die twee", "van hen", "en in Huizen?")
    followup: bool = False  # slots were filled from an earlier turn

    @property
    def is_quantity(self) -> bool:
        return self.answer_type in QUANTITIES

    @property
    def single_years(self) -> frozenset[int]:
        """The years the question names one by one ("van 2019 naar 2020"), not as a range."""
        return frozenset(y.start for y in self.years if y.start == y.end)

    @property
    def whole_focus(self) -> tuple[FocusTerm, ...]:
        """The focus terms of the whole a share question names ("welk deel van de werkloze
        beroepsbevolking ..."): a percentage of anything else does not answer it."""
        if self.answer_type != AnswerType.SHARE:
            return ()
        match = asks.WHOLE_NAMED.search(fold(self.question))
        if match is None:
            return ()
        words = set(match.group(1).split())
        return tuple(t for t in self.focus if t.word in words)

    @property
    def unusual_age(self) -> str:
        """The age or range of a band no table has ("55", "18-23"); "" for a table's band or none."""
        return self.age_band.removeprefix("other:") if self.age_band.startswith("other:") else ""

    def query_text(self) -> str:
        """What retrieval searches: the subject with the constraints written back in words."""
        parts = [self.subject or self.question]
        parts += [g for g in self.gemeenten if fold(g) not in fold(parts[0])]
        if self.region and "regio" not in fold(parts[0]):
            parts.append("totaal regio")
        parts += [y.label() for y in self.years if y.label() not in parts[0]]
        parts += [_AGE_WORDS.get(self.age_band, "")] if self.age_band else []
        parts += [_TYPE_WORDS.get(self.answer_type, "")] if self.followup else []
        return " ".join(p for p in parts if p).strip()


class CorpusTerms(Protocol):
    """What the reading needs from the corpus: its analyzer and how rare a term is."""

    def terms(self, text: str) -> list[str]: ...
    def idf(self, term: str) -> float: ...
    def known(self, term: str) -> bool: ...
    def phrase_idf(self, phrase: str) -> float: ...


Expand = Callable[[str], tuple[str, Sequence[Sequence[str]]]]  # text -> (base, concepts)

# Where the counted noun phrase ends: a verb, preposition or article after it.
_PHRASE_END = lexicon.PHRASE_END
_AGE_WORDS = {"lt27": "jonger dan 27 jaar", "27_50": "27 tot 50 jaar", "ge50": "50 jaar of ouder"}
_TYPE_WORDS = {
    AnswerType.AMOUNT: "bedrag budget",
    AnswerType.COUNT: "aantal",
    AnswerType.SHARE: "percentage",
    AnswerType.DATE: "datum",
}
# Words that frame any question: question words, fillers, pronouns, auxiliaries, common verbs.
_FRAME = lexicon.FRAME
# Words that only name what kind of answer, operation or scope is asked: frame for those questions
# ("geld" in "hoeveel geld" asks an amount; in "hoe loopt het geld" it is the topic).
_TYPE_FRAME = {
    AnswerType.AMOUNT: lexicon.AMOUNT_FRAME,
    AnswerType.COUNT: lexicon.COUNT_FRAME,
    AnswerType.SHARE: lexicon.SHARE_FRAME,
    AnswerType.CHANGE: lexicon.CHANGE_FRAME,
    AnswerType.DURATION: lexicon.DURATION_FRAME,
    AnswerType.FREQUENCY: lexicon.FREQUENCY_FRAME,
    AnswerType.DATE: lexicon.DATE_FRAME,
}
_OPERATION_FRAME = lexicon.OPERATION_FRAME
_AGE_FRAME = lexicon.AGE_FRAME
_SCOPE_FRAME = lexicon.SCOPE_FRAME
_PEOPLE = lexicon.PEOPLE


def read_question(
    question: str,
    corpus: CorpusTerms,
    expand: Expand | None = None,
) -> QuestionIntent:
    """Read a question once: answer type, focus, constraints and operation."""
    folded = fold(question)
    # Hyphenated compounds are read by their parts ("PoW-subsidie" is about PoW and a subsidie).
    spaced = re.sub(
        r"(?<=[^\W\d])-(?=[^\W\d]|[\s,]|$)", " ", question
    )  # also "Wajong-, WIA- of WAO-uitkering"
    # "begeleiding/scholing", "communicatie/kennisdelen": both words, not one unknown word.
    spaced = re.sub(r"(?<=[^\W\d]{3})/(?=[^\W\d]{3})", " ", spaced)
    base, concepts = expand(spaced) if expand is not None else (fold(spaced), ())
    parts = asks.ASK_SPLIT.split(base)
    answer_type = _answer_type(folded)
    if (
        len(parts) > 1
        and answer_type != AnswerType.PERSON  # "wie is die makelaar? naam graag": the name stays asked
        and _answer_type(parts[0]) not in (AnswerType.LOOKUP, AnswerType.YESNO)
    ):
        answer_type = _answer_type(parts[0])  # "hoeveel ..., en welk aandeel ...": a count first
    left_out = tuple(gemeenten_left_out(question))
    gemeenten = tuple(g for g in gemeenten_in(question) if g not in left_out)
    years = _years(folded)
    age_band = _age_band(folded)
    operation = _operation(folded, answer_type)
    also: list[AnswerType] = []
    share_of_total = False
    if len(parts) > 1:
        for later in parts[1:]:
            kind = _answer_type(later)
            if kind != answer_type and kind not in also:
                also.append(kind)
            share_of_total |= kind == AnswerType.SHARE and asks.OF_TOTAL.search(later) is not None
    if operation == Operation.SUM and answer_type != AnswerType.SHARE and _states_share(folded):
        # "Er staat dat 40% ... heeft. Klopt dat als je de tabel optelt?": the sum checks a share.
        share_of_total = True
        also.append(AnswerType.SHARE)
    if left_out:
        base = strip_left_out(base)
    subject = _subject(base, answer_type, operation, also, bool(age_band))
    language = detect_language(question)
    focus = _focus(base, subject, concepts, corpus, language)
    lead_focus = focus
    if len(parts) > 1:
        lead_words = set(_subject(parts[0], answer_type, operation, also).split())
        lead_focus = tuple(
            t for t in focus if t.word in lead_words or any(w in lead_words for w in t.word.split())
        )
    counted = _counted(folded, answer_type)
    return QuestionIntent(
        question=question,
        subject=subject,
        topic=subject,
        topic_size=len(focus),
        language=language,
        answer_type=answer_type,
        operation=operation,
        focus=focus,
        lead_focus=lead_focus or focus,
        also=tuple(also),
        share_of_total=share_of_total,
        adds_gemeenten=operation == Operation.SUM and asks.THE_GEMEENTEN.search(folded) is not None,
        counted=counted,
        counts_people=counted in _PEOPLE,
        gemeenten=gemeenten,
        left_out=left_out,
        places_outside=tuple(p for p in places_outside_in(question) if not _merger_context(folded, p)),
        region=(names_region(question) or bool(left_out)) and not gemeenten,
        national=asks.NATIONAL.search(folded) is not None,
        years=years,
        age_band=age_band,
        bands=tuple(dict.fromkeys(re.sub(r"\s", "", m) for m in asks.BAND.findall(folded))),
        categories=tuple(name for name, pattern in asks.CATEGORIES.items() if pattern.search(folded)),
        multiplier=_multiplier(folded),
        day_precision=asks.DAY.search(folded) is not None,
        asks_outcome=asks.OUTCOME.search(folded) is not None,
        asks_realisation=asks.REALISATION.search(folded) is not None,
        asks_pay=asks.PAY.search(folded) is not None,
        asks_current=asks.CURRENT.search(folded) is not None,
        refers_back=asks.REFERS_BACK.search(folded) is not None or asks.BOTH.search(folded) is not None,
    )


def _states_figure(q: str) -> bool:
    """The question itself states a figure: a number that is no year."""
    return any(
        not re.fullmatch(r"(?:19|20)\d\d", n)
        for n in re.findall(r"(?<![\w.,])\d[\d.,]*\d|(?<![\w.,])\d{2,}", q)
    )


def _states_share(q: str) -> bool:
    """The question itself states a percentage (not a band such as "40-80%" that names a column)."""
    return re.search(r"(?<![\d.,])\d{1,3}(?:[.,]\d)?\s?%", asks.BAND.sub(" ", q)) is not None


def _answer_type(q: str) -> AnswerType:
    """The first type whose wording the question uses; the order settles overlaps ("hoe vaak" is a
    frequency, "hoe en hoe vaak" a procedure, "hoeveel kost" an amount before a count)."""
    if asks.SOURCE.search(q):
        return AnswerType.SOURCE
    if asks.ARITHMETIC.search(q):  # "tel de begroting op", "reken uit": a figure, whatever else it says
        if asks.SHARE.search(q) and re.search(rf"\b(?:{asks.Q}|welk|what|which)\b", q):
            return AnswerType.SHARE  # "welk percentage is dat als je de tabel optelt"
        return AnswerType.AMOUNT if re.search(rf"\b{asks.MONEY}\b", q) else AnswerType.COUNT
    if asks.SUM.search(q) and asks.CHECKS.search(q) and _states_figure(q):
        # "Er staat onderaan 600. Komen de gemeenten samen daar op uit?": a sum that checks a figure,
        # of money when the figure or its subject is ("€ 5,6 miljoen", "de begroting"; "betaald werk" is not).
        money = re.search(r"€|\beuro\b|\bmiljoen\b|\bbudget\w*|\bbegrot\w*|\bbedrag\w*", q)
        return AnswerType.AMOUNT if money else AnswerType.COUNT
    if asks.PERSON.search(q):
        return AnswerType.PERSON
    if asks.WHICH.search(q) and not re.search(rf"\b{asks.Q}\b", q) and not _asks_amount(q):
        return AnswerType.LOOKUP  # "in welke sectoren krimpt het aantal banen": the sectors
    quantity = asks.COUNT.search(q) or asks.SHARE.search(q)
    if quantity and asks.CHANGE.search(q) and not re.search(r"\bgroei(?!en)\w*\b", q):
        return AnswerType.CHANGE
    if quantity and _between_years(q):
        return AnswerType.CHANGE
    if asks.SHARE.search(q) and re.search(
        rf"\b(?:{asks.Q}|welk|wat (?:is|was|zijn|waren) (?:het|de)|hoe groot|how (?:big|large)|what|which)\b",
        q,
    ):
        return AnswerType.SHARE
    if _asks_amount(q):
        return AnswerType.AMOUNT
    if asks.FREQUENCY.search(q) and not re.search(r"^hoe en\b|\ben hoe\b", q):
        return AnswerType.FREQUENCY
    if asks.DURATION.search(q):
        return AnswerType.DURATION
    if asks.PROCEDURE.search(q):
        return AnswerType.PROCEDURE
    if asks.DATE.search(q):
        return AnswerType.DATE
    if asks.COUNT.search(q):
        return AnswerType.COUNT
    if asks.ACTOR.search(q):
        return AnswerType.ACTOR
    if asks.DEFINITION.search(q) and len(q.split()) <= 8:
        return AnswerType.DEFINITION
    if asks.YESNO.search(q):
        return AnswerType.YESNO
    return AnswerType.LOOKUP


def _between_years(q: str) -> bool:
    """How much a figure moved between two years the question names, whatever verb it uses ("met
    hoeveel zakt het totaal van 2020 naar 2021", "by how much does it go up from 2019 to 2020"); a
    period added up ("hoeveel samen van 2019 tot 2021") is a sum, not a change."""
    years = set(re.findall(r"\b(?:19|20)\d\d\b", q))
    # "het totaal" names the total line; "in totaal", "samen" add the years up.
    adds_up = asks.SUM.search(re.sub(r"\b(?:het|the) (?:totaal|total)\b", " ", q))
    if len(years) < 2 or adds_up or asks.DIFFERENCE.search(q):
        return False
    return (
        asks.BY_HOW_MUCH.search(q) is not None
        or re.search(r"\b(?:van|from) (?:19|20)\d\d (?:naar|to) (?:19|20)\d\d\b", q) is not None
    )


def _asks_amount(q: str) -> bool:
    """Money is asked for: a money word with a quantity ask ("hoeveel geld", "wat kost", "what is the
    hourly wage", "what budget"), unless what is counted is something else ("how many FTE does the
    money pay for", "hoeveel plaatsingen levert het budget op")."""
    if not re.search(rf"\b{asks.MONEY}\b", q):
        return False
    counted = _counted(q, AnswerType.COUNT)
    if counted and not re.fullmatch(asks.MONEY, counted):
        return False
    return asks.AMOUNT_ASK.search(q) is not None


def _operation(q: str, answer_type: AnswerType) -> Operation:
    if answer_type not in QUANTITIES:
        return Operation.NONE
    if answer_type == AnswerType.CHANGE:
        return Operation.CHANGE
    if _multiplier(q) is not None and (answer_type == AnswerType.AMOUNT or asks.FITS_BUDGET.search(q)):
        return Operation.PRODUCT
    if asks.DIFFERENCE.search(q):
        return Operation.DIFFERENCE
    if answer_type == AnswerType.SHARE and _share_of(q) and not asks.PER_UNIT.search(q):
        # "welk % van hun p-wetters is statushouder (naar verhouding veel?)": a part of a whole, not a
        # figure per head; "naar verhouding" or "relatief" then only says a share is meant.
        return Operation.SHARE
    if asks.RATIO.search(q):
        return Operation.RATIO
    if asks.SUM.search(q) or asks.ARITHMETIC.search(q):
        return Operation.SUM
    return Operation.NONE


def _share_of(q: str) -> bool:
    """The share question names what it is a part of ("van de", "of the", "het aandeel X in de bijstand")."""
    return re.search(r"\b(?:van (?:het|de|alle)|of (?:the|all)|van|in (?:de|het|the|alle))\b", q) is not None


def _years(q: str) -> tuple[YearRange, ...]:
    """Years and periods the question names, as ranges ("tussen 2019 en 2021", "sinds 2022", "tot 2040")."""
    out: list[YearRange] = []
    taken: list[tuple[int, int]] = []
    for match in asks.RANGE.finditer(q):
        a, b = sorted((int(match.group(1)), int(match.group(2))))
        out.append(YearRange(start=a, end=b))
        taken.append(match.span())
    for pattern, open_end in ((asks.SINCE, "end"), (asks.UNTIL, "start")):
        for match in pattern.finditer(q):
            if any(s <= match.start() < e for s, e in taken):
                continue
            year = int(match.group(1))
            out.append(
                YearRange(start=year, end=2100) if open_end == "end" else YearRange(start=1900, end=year)
            )
            taken.append(match.span())
    for match in asks.SINCE.finditer(q):  # "since 2016" also names 2016 itself for a change question
        taken.append(match.span())
    for match in asks.SINGLE.finditer(q):
        if not any(s <= match.start() < e for s, e in taken):
            year = int(match.group(1))
            out.append(YearRange(start=year, end=year))
    return tuple(dict.fromkeys(out))


def _age_band(q: str) -> str:
    for code, pattern in asks.AGE_BANDS:
        if pattern.search(q):
            return code
    ranged = asks.AGE_RANGE.search(q)
    if ranged and ranged.group(1) < ranged.group(2):
        return f"other:{ranged.group(1)}-{ranged.group(2)}"
    other = asks.OTHER_AGE.search(q)
    if other:
        age = next(g for g in other.groups() if g)
        if age not in ("27", "50"):
            return f"other:{age}"
    return ""


def _counted(q: str, answer_type: AnswerType) -> str:
    if answer_type not in (AnswerType.COUNT, AnswerType.CHANGE):
        return ""
    match = asks.COUNTED.search(q)
    if not match:
        return ""
    words = []
    for word in match.group(1).split():
        if word in _PHRASE_END:
            break
        words.append(word)
    frame = _FRAME | _TYPE_FRAME[AnswerType.COUNT] | _OPERATION_FRAME
    nouns = [w for w in words if w not in frame and w not in STOPWORDS and not w.isdigit()]
    return nouns[-1] if nouns else ""  # the head of "extra banen", "municipal candidates"


def _multiplier(q: str) -> float | None:
    """A count the question itself supplies ("33 jongeren"): not a year, an age, an amount or a %."""
    for match in asks.NUMBER_IN_QUESTION.finditer(q):
        value, word = int(match.group(1).replace(".", "")), match.group(2)
        if value >= 1000 or word in ("jaar", "miljoen", "procent", "euro", "uur", "years", "plus"):
            continue  # a year or an amount the question quotes, not a count to multiply
        if word in _PHRASE_END or word in STOPWORDS:
            continue
        if re.search(rf"(?:dan|de|than|under|over|aged|vanaf)\s+{match.group(1)}\b", q):
            continue  # an age ("jonger dan 27")
        return float(value)
    return None


def _merger_context(q: str, place: str) -> bool:
    """'na de fusie met Amsterdam': the place explains a gemeente of the region, it is not the subject."""
    return (
        re.search(
            rf"\b(?:fusie|fuseert|gefuseerd|merger|merged|samengevoegd|aansluiting|aan)\b.{{0,20}}{re.escape(fold(place))}",
            q,
        )
        is not None
    )


def _subject(
    base: str,
    answer_type: AnswerType,
    operation: Operation,
    also: Sequence[AnswerType] = (),
    aged: bool = False,
) -> str:
    """The question's topic words: the text without its frame, constraints and punctuation."""
    text = strip_places(base)
    if aged:
        for _, pattern in asks.AGE_BANDS:
            text = pattern.sub(" ", text)
        text = asks.OTHER_AGE.sub(" ", asks.AGE_RANGE.sub(" ", text))
    text = re.sub(r"[^\w&'’/-]+", " ", text)
    frame = _FRAME.union(*(_TYPE_FRAME.get(t, frozenset()) for t in (answer_type, *also)))
    if answer_type in QUANTITIES:
        frame |= _SCOPE_FRAME | _OPERATION_FRAME
    if aged:  # "ouderen", "jongeren onder de 27": the age band is a constraint, not the topic
        frame |= _AGE_FRAME
    kept = []
    for word in text.split():
        w = word.strip("'’-/")
        if not w or w in frame or w in asks.MONTHS or re.fullmatch(r"[\d.,%+<>-]+", w):
            continue
        if answer_type == AnswerType.AMOUNT and re.fullmatch(r"\w+bedrag(?:en)?", w):
            continue  # "welk totaalbedrag": a compound of "bedrag" (in the amount frame) is frame too
        if w in STOPWORDS and w not in ("werk", "werken"):
            continue
        if gemeenten_in(w):
            continue
        kept.append(w)
    return " ".join(kept)


def _focus(
    base: str, subject: str, concepts: Sequence[Sequence[str]], corpus: CorpusTerms, language: str = "nl"
) -> tuple[FocusTerm, ...]:
    """The subject's ideas ranked by specificity; a glossary term brings its other wordings.

    Glossary terms are looked for in the whole question (a name such as "Werken aan Werk" keeps its
    small words), the other ideas among the subject words.
    """
    alternatives: dict[str, tuple[str, ...]] = {}
    for forms in concepts:
        if len(forms) > 1:
            alternatives[fold(forms[0])] = tuple(fold(f) for f in forms[1:])
    terms: dict[str, FocusTerm] = {}
    text, words = fold(base), subject.split()
    subject_words = set(words)
    for own, others in sorted(alternatives.items(), key=lambda kv: -len(kv[0])):
        content = [w for w in own.split() if w not in STOPWORDS]
        if not content or not all(w in subject_words for w in content):
            continue  # the term was frame here ("budget" in "hoeveel budget"): not the topic
        if re.search(rf"(?<!\w){re.escape(own)}(?!\w)", text):
            for form in (own, *others):  # a replaced variant stands in the text with all its wordings
                text = re.sub(rf"(?<!\w){re.escape(form)}(?!\w)", " ", text)
                gone = set(form.split())
                words = [w for w in words if w not in gone]
            terms[own] = _term(own, (own, *others), corpus, language)
    for word in words:
        if word not in terms and corpus.terms(word):
            joined = _separable(word, text, corpus) if language == "nl" else ""
            terms[word] = _term(word, (word, joined) if joined else (word,), corpus, language)
    ranked = sorted(terms.values(), key=lambda t: (not t.known, -t.weight))
    return tuple(t for t in ranked if t.forms or t.phrases)


# Particles of Dutch separable verbs that stand apart in a clause ("stroomden ... uit" is
# "uitstromen"). Not "in" or "op": far more often a preposition.
_PARTICLES = ("uit", "door", "af", "mee", "terug", "toe", "weg", "voort", "aan")
_VERB_ENDINGS = ("den", "ten", "de", "te", "en", "t", "")


def _separable(word: str, text: str, corpus: CorpusTerms) -> str:
    """A verb whose particle stands later in the question, joined as the documents write it
    ("hoeveel stroomden er uit naar werk" -> "uitstroom"); empty when the documents know no such word."""
    found = re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)
    later = set(re.findall(r"\w+", text[found.end() :])) if found else set()
    for particle in _PARTICLES:
        if particle not in later:
            continue
        for ending in _VERB_ENDINGS:
            if ending and not word.endswith(ending):
                continue
            joined = particle + (word[: -len(ending)] if ending else word)
            stems = corpus.terms(joined)
            if stems and corpus.known(stems[0]):
                return joined
    return ""


def specificity(word: str, language: str) -> float:
    """How much a word can say about what is asked: 1 for uncommon words, down to 0.25 for the
    commonest words of the language ("mensen", "werkt"), by wordfreq's Zipf scale."""
    from wordfreq import zipf_frequency  # lazy: the word list loads on first use

    zipf = zipf_frequency(word, "en" if language == "en" else "nl")
    return min(1.0, max(0.25, 1.0 - 0.75 * (zipf - COMMON_ZIPF)))


COMMON_ZIPF = 4.0  # from this Zipf frequency on (once per 10,000 words) a word starts to be common


def _term(word: str, wordings: Sequence[str], corpus: CorpusTerms, language: str = "nl") -> FocusTerm:
    """One idea in all its wordings. Its rarity is that of its commonest wording the corpus uses:
    "PoW" is as common as "Perspectief op Werk", however rare the abbreviation itself is."""
    forms: list[tuple[str, ...]] = []
    phrases: list[str] = []
    rarities: list[float] = []
    for wording in wordings:
        stems = _main_stems(wording, corpus)
        # A name of several words is a phrase even when its stems collapse ("werken aan werk" is not
        # any passage with "werk" in it).
        if len(stems) > 1 or (stems and len(wording.split()) > 1):
            phrase = " ".join(fold(wording).split())
            phrases.append(phrase)
            rarity = corpus.phrase_idf(phrase)
            if rarity < _UNSEEN_IDF:
                rarities.append(rarity)
        elif stems:
            forms.append(stems)
            if corpus.known(stems[0]):
                rarities.append(corpus.idf(stems[0]))
            elif parts := _compound_parts(wording, corpus):
                # "programmacoördinator", which no passage writes whole ("programma coördinator"):
                # a passage naming both its parts names it. Left unknown, the question's most
                # specific word would not count, and any passage on "werk" would answer.
                forms.append(parts)
                rarities.append(max(corpus.idf(part) for part in parts))
    known = bool(rarities)
    own = _main_stems(word, corpus)
    unseen = corpus.phrase_idf(word) if len(own) > 1 else max((corpus.idf(t) for t in own), default=0.0)
    rarity = min(rarities) if rarities else unseen
    if asks.PARTICIPLE.fullmatch(word) and not word.endswith("heid"):
        rarity *= 0.5  # "ingekocht", "vastgesteld": what happened to the topic, not the topic itself
    return FocusTerm(
        word=word,
        forms=tuple(forms),
        phrases=tuple(phrases),
        weight=rarity * specificity(word, language),
        known=known,
    )


_UNSEEN_IDF = 6.0  # BM25 idf above this: the phrase occurs in no passage


def _compound_parts(word: str, corpus: CorpusTerms) -> tuple[str, ...]:
    """A one-word compound the corpus never writes (the caller knows), as the stems of its first and
    last part when the corpus knows both ("banenafspraakbanen" -> "banenafsprak", "ban"); else empty."""
    terms = corpus.terms(word)  # the word's own stem, then its parts
    if len(terms) < 3:
        return ()
    head, tail = terms[1], terms[-1]
    if head == tail or not (corpus.known(head) and corpus.known(tail)):
        return ()
    return (head, tail)


def _main_stems(wording: str, corpus: CorpusTerms) -> tuple[str, ...]:
    """The stem of each word of a wording (its compound parts left out: the whole word is meant)."""
    out = []
    for word in wording.split():
        terms = corpus.terms(word)
        if terms:
            out.append(terms[0])
    return tuple(dict.fromkeys(out))
