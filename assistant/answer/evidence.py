"""Evidence units: the sentences, list items and table rows of a passage, with what each one states.

Both modes and the answerability check look at the same units: which years a unit names, whether
it holds a value of a given kind (an amount, a count next to the thing counted, a date, a name), and
how much of the question's focus it covers, in the sentence itself or in its table caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from assistant.answer import lexicon
from assistant.answer.intent import AnswerType, FocusTerm, YearRange
from assistant.answer.quotes import split_sentences
from ingest.lexical import DUTCH_MONTHS, DUTCH_NUMBER_WORDS, fold
from ingest.models import Chunk

Analyze = Callable[[str], list[str]]

# A label glued in front of a sentence by the text extraction ("Nazorg werkgever De accountmanager
# informeert ..."): up to five words without sentence punctuation, then a capitalised word that
# starts a Dutch sentence. Proper nouns mid-sentence (UWV, Regio) are not in this list.
_SENTENCE_STARTERS = lexicon.SENTENCE_STARTERS
_GLUED = re.compile(r"^((?:[\w'’()&/.-]+ ){1,5}?)(?=(?:" + "|".join(_SENTENCE_STARTERS) + r") [a-z])")
_NUMBER_WORDS = "|".join((*DUTCH_NUMBER_WORDS, "een", "één", "anderhalf", "half", "dubbel"))
# A count written in words: not "een", the article of nearly every Dutch sentence ("een
# bijstandsuitkering" counts nothing); "één" with its accents is the number.
_COUNT_WORDS = frozenset((*DUTCH_NUMBER_WORDS, "anderhalf", "dubbel"))
_YEAR = r"(?:19|20)\d\d"
_RANGE_IN_TEXT = re.compile(rf"(?<!\d)({_YEAR})\s*(?:-|–|/|t/m|tot en met|tot)\s*((?:19|20)?\d\d)(?!\d)")
_SINCE_IN_TEXT = re.compile(rf"\b(?:sinds|vanaf|per|na)\s+(?:\d{{1,2}}\s+)?(?:[a-z]+\s+)?({_YEAR})\b")
_UNTIL_IN_TEXT = re.compile(rf"\b(?:tot|voor|uiterlijk|richting)\s+({_YEAR})\b")
_YEAR_IN_TEXT = re.compile(rf"(?<![\d.,]){_YEAR}(?![\d.,]\d|\d)")
_DIGIT_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*")
_MONEY = re.compile(r"€|\beur\b|\beuro\b|\bmiljoen\b|\bmln\b|\bmiljard\b|\bmld\b|\bduizend euro\b")
_PERCENT = re.compile(r"\d\s?%|\bprocent\b|\bprocentpunt\w*|\bhelft\b|\bkwart\b|\bderde\b|\bpercentage\b")
_TIME_UNIT = r"(?:uur|uren|dag|dagen|week|weken|maand|maanden|jaar|jaren|kwartaal|kwartalen)"
_DURATION = re.compile(
    rf"(?:\d+(?:[.,]\d+)?|\b(?:{_NUMBER_WORDS}))\s*(?:\w+\s)?{_TIME_UNIT}\b|\bhalfjaar\b|\banderhalf jaar\b"
)
_FREQUENCY = re.compile(
    r"\b(?:jaarlijks\w*|halfjaarlijks\w*|tweejaarlijks\w*|maandelijks\w*|wekelijks\w*|dagelijks\w*|"
    r"kwartaal\w*|per (?:jaar|maand|week|kwartaal|dag|half jaar)|(?:elk|elke|ieder|iedere) (?:jaar|maand|"
    r"week|kwartaal|dag|half jaar)|eens per|\d+\s?(?:x|keer|maal)|(?:" + _NUMBER_WORDS + r") (?:keer|maal))\b"
)
_MONTHS = "|".join((*DUTCH_MONTHS, "voorjaar", "najaar", "zomer", "winter", "kwartaal", "q[1-4]"))
_DATE = re.compile(rf"(?<!\d){_YEAR}(?!\d)|\b\d{{1,2}}-\d{{1,2}}-\d{{2,4}}\b|\b(?:{_MONTHS})\b")
_DAY = re.compile(
    rf"\b\d{{1,2}}(?:e|ste|de)?\s+(?:{'|'.join(DUTCH_MONTHS)})\b|\b\d{{1,2}}[-/]\d{{1,2}}[-/]\d{{2,4}}\b"
)
_RELATIVE_TIME = re.compile(
    rf"\b(?:binnen|na|voor|uiterlijk|vanaf|tot|within|after|before)\s+(?:\d+|een|één|(?:{_NUMBER_WORDS}))\s+"
    rf"(?:\w+\s)?{_TIME_UNIT}\b"
)
_CHANGE_WORDS = re.compile(
    r"\b(?:gedaald|gestegen|afgenomen|toegenomen|gegroeid|gekrompen|daling|stijging|afname|toename|groei|"
    r"krimp|verdubbeld|gehalveerd|minder|meer|hoger|lager|van \S+ naar|teruggelopen|opgelopen)\b"
)
_NAME_PARTICLES = ("van", "de", "der", "den", "vd", "ter", "ten")  # "Marlies van der Molen"
_NAME = re.compile(
    r"(?<![.:]\s)(?<!^)\b([A-Z][a-zà-ÿ]+(?:\s+(?:"
    + "|".join((*_NAME_PARTICLES, "van der", "van den"))
    + r"))?\s+[A-Z][a-zà-ÿ]{2,})\b"
)
_NOT_NAMES = lexicon.NOT_NAMES


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence, list item or table row of a passage."""

    text: str  # as shown to the reader (a glued label removed)
    chunk: Chunk
    position: int  # order within the passage
    is_row: bool  # a table row: its meaning comes from the table's caption
    stems: frozenset[str]
    context_stems: frozenset[str]  # the section heading, and for a row the table caption
    context: str  # that heading and caption as text

    @property
    def folded(self) -> str:
        return fold(self.text)


def strip_glued_label(sentence: str) -> str:
    """The sentence without a table label or heading that extraction glued in front of it."""
    match = _GLUED.match(sentence)
    if not match:
        return sentence
    label = match.group(1)
    if re.search(r"[.!?:;]\s*$", label.strip()) or len(label.split()) > 5:
        return sentence
    return sentence[len(label) :]


def _is_row(text: str) -> bool:
    tokens = text.split()
    numeric = sum(1 for t in tokens if re.fullmatch(r"[€]?[\d.,]+%?|-|–", t))
    return len(tokens) >= 2 and numeric / len(tokens) >= 0.35


def _caption(chunk: Chunk) -> str:
    """A table's caption and header lines: its first lines until the first row."""
    lines: list[str] = []
    for line in chunk.text.split("\n")[:3]:
        if _is_row(line) and lines:
            break
        lines.append(line)
    sources = [line for line in chunk.text.split("\n") if fold(line).startswith(("bron", "source"))]
    return " ".join(lines + sources[:1])


def _lead_in(chunk: Chunk) -> str:
    """The sentence that introduces a list ("De analyse levert de volgende knelpunten op:")."""
    first = chunk.text.split("\n", 1)[0].strip()
    return first if first.endswith(":") or not re.match(r"^(?:[-*•]|\(?\w{1,2}[.)])\s", first) else ""


def units_of(chunk: Chunk, analyze: Analyze) -> list[Unit]:
    return list(_units(chunk, analyze))


@lru_cache(maxsize=4096)
def _units(chunk: Chunk, analyze: Analyze) -> tuple[Unit, ...]:
    # The heading and the document's title say what a passage is about ("Nazorg ...", "... WSP").
    heading = " ".join(p for p in (chunk.title, chunk.section.split(" > ")[-1] if chunk.section else "") if p)
    caption = _caption(chunk) if chunk.chunk_type == "table" else ""
    lead_in = _lead_in(chunk) if chunk.chunk_type == "list" else ""
    out: list[Unit] = []
    previous = ""
    for i, sentence in enumerate(split_sentences(chunk.text)):
        text = strip_glued_label(sentence).strip()
        if len(text) < 12:
            continue
        row = chunk.chunk_type == "table" and _is_row(text)
        if row:
            context = f"{heading} {caption}"
        else:
            # A sentence often leans on the one before it ("De jobcoach begeleidt ... De begeleiding
            # duurt zes maanden."): that sentence is context, as a list's lead-in is for its items.
            context = " ".join(p for p in (heading, lead_in if i else "", previous) if p)
        out.append(
            Unit(
                text=text,
                chunk=chunk,
                position=i,
                is_row=row,
                stems=frozenset(analyze(text)),
                context_stems=frozenset(analyze(context)),
                context=context,
            )
        )
        previous = "" if row else text
    return tuple(out)


def _is_name(words: str) -> bool:
    """Capitalised words that name a person: none of them a name of the documents' own bodies or
    places, and not all of them common English words ("Economic Board", "Human Capital")."""
    from wordfreq import zipf_frequency  # lazy: its word list loads on the first name looked at

    tokens = fold(words).split()
    if set(tokens) & _NOT_NAMES:
        return False
    parts = [t for t in tokens if t not in _NAME_PARTICLES]
    return not all(zipf_frequency(t, "en") >= _COMMON_ENGLISH for t in parts)


_COMMON_ENGLISH = 4.5  # Zipf: about once per 30,000 English words


def years_in(text: str) -> list[YearRange]:
    """Years and periods a text names, as ranges ("2019-2021", "sinds 2022", "tot 2040")."""
    folded = fold(text)
    out: list[YearRange] = []
    spans: list[tuple[int, int]] = []
    for match in _RANGE_IN_TEXT.finditer(folded):
        a, b = match.group(1), match.group(2)
        end = int(b) if len(b) == 4 else int(a[:2] + b)
        if int(a) <= end <= int(a) + 30:
            out.append(YearRange(start=int(a), end=end))
            spans.append(match.span())
    for pattern, open_end in ((_SINCE_IN_TEXT, True), (_UNTIL_IN_TEXT, False)):
        for match in pattern.finditer(folded):
            if not any(s <= match.start(1) < e for s, e in spans):
                y = int(match.group(1))
                out.append(YearRange(start=y, end=2100) if open_end else YearRange(start=1900, end=y))
                spans.append(match.span())
    for match in _YEAR_IN_TEXT.finditer(folded):
        if not any(s <= match.start() < e for s, e in spans):
            y = int(match.group(0))
            out.append(YearRange(start=y, end=y))
    return out


def _matches(stem: str, stems: Iterable[str]) -> bool:
    """A stem is present as itself or as a form of the same word ("wajong" in "wajongers", "krap" in
    "krapte"): one is the other plus at most a few letters."""
    if stem in stems:
        return True
    if len(stem) < 4:
        return False
    return any(len(s) >= 4 and _same_family(stem, s) for s in stems)


def _same_family(a: str, b: str) -> bool:
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return long.startswith(short) and len(long) - len(short) <= 4


def term_present(term: FocusTerm, stems: frozenset[str], text: str = "") -> bool:
    """The term stands in a text given as its stems and its folded wording (for phrases)."""
    if any(all(_matches(s, stems) for s in form) for form in term.forms):
        return True
    return bool(text) and any(phrase in text for phrase in term.phrases)


def anchor(focus: tuple[FocusTerm, ...], unit: Unit, context_weight: float = 1.0) -> float:
    """Share of the question's focus (by weight) the unit covers; its context counts for part."""
    return anchor_texts(
        focus, (unit.stems, unit.folded), (unit.context_stems, fold(unit.context)), context_weight
    )


def anchor_texts(
    focus: tuple[FocusTerm, ...],
    own: tuple[frozenset[str], str],
    context: tuple[frozenset[str], str] = (frozenset(), ""),
    context_weight: float = 1.0,
) -> float:
    """`anchor` over (stems, folded text) pairs: an indicator row, a whole passage."""
    known = [t for t in focus if t.known]
    total = sum(t.weight for t in known)
    if not total:
        return 1.0  # a question about nothing the corpus knows: other checks decide
    got = 0.0
    for term in known:
        if term_present(term, *own):
            got += term.weight
        elif term_present(term, *context):
            got += context_weight * term.weight
    return got / total


def _is_count_token(token: str) -> bool:
    """A number that counts something: not a year (2.056, with its thousands dot, is no year)."""
    digits = token.rstrip("%").replace(".", "").replace(",", "")
    year = len(digits) == 4 and digits[:2] in ("19", "20") and token.isdigit()
    return bool(digits) and not year


def counts_thing(text: str, thing_stems: frozenset[str], analyze: Analyze, window: int = 6) -> bool:
    """A number within a few words of a mention of the counted thing ("250 plaatsingen", "14% van de
    mensen"); a number written out only right before it ("zes maanden")."""
    words = text.split()
    mentions = [i for i, w in enumerate(words) if any(_matches(s, thing_stems) for s in analyze(w))]
    if not mentions:
        return False
    digits = [i for i, w in enumerate(words) if any(_is_count_token(n) for n in _DIGIT_NUMBER.findall(w))]
    written = [i for i, w in enumerate(words) if _count_word(w)]
    return any(abs(m - n) <= window for m in mentions for n in digits) or any(
        m - n == 1 for m in mentions for n in written
    )


_ENUMERATOR = re.compile(r"^\s*(?:\(?\d{1,2}[.)]|[a-z][.)]|[-*•])\s+")


def has_count(text: str) -> bool:
    text = _ENUMERATOR.sub("", text)  # "4. Meer communicatie met zzp'ers": a list number counts nothing
    return any(_is_count_token(n) for n in _DIGIT_NUMBER.findall(text)) or any(
        _count_word(w) for w in text.split()
    )


def _count_word(word: str) -> bool:
    bare = word.strip(",.;:()!?'\"").lower()
    return bare == "één" or fold(bare) in _COUNT_WORDS


_PERCENTAGES = re.compile(r"\d+(?:[.,]\d+)?\s?(?:%|procent\b|percent\b)", re.IGNORECASE)


def holds(kind: AnswerType, unit: Unit, day: bool = False) -> bool:
    """The unit states a value of this kind (types without a value kind always hold)."""
    text, folded = unit.text, unit.folded
    if kind == AnswerType.AMOUNT:
        return _MONEY.search(folded) is not None and has_count(text)
    if kind == AnswerType.SHARE:
        return _PERCENT.search(folded) is not None
    if kind == AnswerType.COUNT:
        # "hoeveel ...": a number of things; a percentage alone is a share, not a count.
        return has_count(_PERCENTAGES.sub(" ", text))
    if kind == AnswerType.CHANGE:
        return (_PERCENT.search(folded) is not None or has_count(text)) and (
            _CHANGE_WORDS.search(folded) is not None or len(years_in(text)) >= 2
        )
    if kind == AnswerType.DURATION:
        return _DURATION.search(folded) is not None
    if kind == AnswerType.FREQUENCY:
        return _FREQUENCY.search(folded) is not None
    if kind == AnswerType.DATE:
        # "Wanneer informeert ...": "binnen een week", "na zes maanden" answer when, relative to an event.
        return (_DAY if day else _DATE).search(folded) is not None or (
            not day and _RELATIVE_TIME.search(folded) is not None
        )
    if kind == AnswerType.PERSON:
        return any(_is_name(n) for n in _NAME.findall(text))
    return True
