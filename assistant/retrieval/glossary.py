"""The maintained query glossary (corpus/glossary.toml): load it and expand a query with it."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ingest.lexical import fold

SECTIONS = ("spelling", "gemeenten", "abbreviations", "english")
_REPLACING = frozenset({"spelling", "gemeenten"})  # variants are wrong forms: replace them


class GlossaryError(ValueError):
    """glossary.toml cannot be read; the message names the section and term."""


@dataclass(frozen=True, slots=True)
class Rule:
    term: str  # folded
    expansions: tuple[str, ...]
    replace: bool
    exact_case: bool  # written in capitals in the glossary: matches only capitals ("DO", not "do")
    pattern: re.Pattern[str] = field(compare=False)


@dataclass(frozen=True, slots=True)
class Expansion:
    """A query after glossary normalisation, with the rules that fired (for display/debugging)."""

    base: str  # the query after replacements, without the appended expansions
    added: tuple[str, ...]
    # One entry per rule that added words: the query's own term first, then what it added. BM25
    # scores each entry as one concept (its best form), so "WSP" expanded to three forms does not
    # outweigh the rest of the question three times over.
    concepts: tuple[tuple[str, ...], ...] = ()
    # Variants replaced by more than one wording ("bijgesteld" -> "bijgesteld herijkt"): each is one
    # idea for the question reading, though BM25 scores the base words as they stand.
    alternatives: tuple[tuple[str, ...], ...] = ()
    # Every term that matched with all its wordings, even those another term had already added
    # ("Wajong, WIA of WAO" are three mentions of arbeidsongeschiktheid): for the question reading.
    meanings: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        """The normalised query: the base with the expansions appended."""
        return " ".join([self.base, *self.added])


class Glossary:
    """Term rules, longest term first so "employer service point" wins over "employer"."""

    def __init__(self, table: dict[str, dict[str, list[str]]]) -> None:
        rules: dict[str, Rule] = {}
        for section in SECTIONS:
            for term, expansions in table.get(section, {}).items():
                if not isinstance(expansions, list) or not all(isinstance(e, str) for e in expansions):
                    raise GlossaryError(f"[{section}] {term!r}: expected a list of strings")
                self._add(rules, term, expansions, section in _REPLACING)
        # Abbreviations work both ways: each long form also brings the abbreviation and its siblings.
        for term, expansions in table.get("abbreviations", {}).items():
            for long_form in expansions:
                siblings = [term, *(e for e in expansions if e != long_form)]
                self._add(rules, long_form, siblings, False)
        self.rules = sorted(rules.values(), key=lambda r: -len(r.term))
        self._variants: tuple[re.Pattern[str], dict[str, str]] | None = None

    @staticmethod
    def _add(rules: dict[str, Rule], term: str, expansions: list[str], replace: bool) -> None:
        exact_case = term.strip().isupper()
        key = term.strip() if exact_case else fold(term).strip()
        if not key:
            return
        old = rules.get(key)
        merged = tuple(dict.fromkeys([*(old.expansions if old else ()), *(fold(e) for e in expansions)]))
        pattern = re.compile(r"(?<![\w&'-])" + re.escape(key) + r"(?![\w&'-])")
        rules[key] = Rule(key, merged, replace or bool(old and old.replace), exact_case, pattern)

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """Read glossary.toml; a missing file is an empty glossary (search still works)."""
        if not path.exists():
            return cls({})
        try:
            return cls(tomllib.loads(path.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise GlossaryError(f"{path}: invalid TOML: {exc}") from None

    def normalize(self, text: str) -> str:
        """The text with spelling variants replaced (no expansions added): how a passage is read so
        that it meets a question normalised the same way ("Banenafpraak" in a document too).
        One pass of one pattern: passages are long and many."""
        if self._variants is None:
            replacing = {r.term: " ".join(r.expansions) for r in self.rules if r.replace and not r.exact_case}
            alternation = "|".join(re.escape(t) for t in sorted(replacing, key=len, reverse=True))
            self._variants = (re.compile(r"(?<![\w&'-])(?:" + alternation + r")(?![\w&'-])"), replacing)
        pattern, replacing = self._variants
        return pattern.sub(lambda m: replacing[m.group(0)], fold(text)) if replacing else fold(text)

    def expand(self, query: str) -> Expansion:
        """Replace spelling variants; append abbreviation/English expansions not already present."""
        text = fold(query)
        added: list[str] = []
        concepts: list[tuple[str, ...]] = []
        alternatives: list[tuple[str, ...]] = []
        meanings: list[tuple[str, ...]] = []
        consumed, original = text, query
        for rule in self.rules:
            # A plain substring test first: a rule can only match where its term stands, and most
            # of the glossary's terms stand in no given text (this keeps expand cheap per row).
            if rule.term not in (original if rule.exact_case else consumed):
                continue
            if rule.exact_case:
                if not rule.pattern.search(original):
                    continue
                original = rule.pattern.sub(" ", original)
            elif rule.pattern.search(consumed):
                # Blank out the matched phrase so a shorter rule inside it ("employer") cannot fire too.
                consumed = rule.pattern.sub(" ", consumed)
            else:
                continue
            if rule.replace:
                text = rule.pattern.sub(" ".join(rule.expansions), text)
                if len(rule.expansions) > 1:
                    alternatives.append(rule.expansions)
            else:
                meanings.append((fold(rule.term), *rule.expansions))
                new = [e for e in rule.expansions if e not in text and e not in added]
                added.extend(new)
                if new:
                    concepts.append((fold(rule.term), *new))
        text = " ".join(text.split())
        return Expansion(text, tuple(added), tuple(concepts), tuple(alternatives), tuple(meanings))
