"""The corpus as the question reading and the answer check see it: its analyzer, its glossary and how
rare each term or phrase is."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.retrieval.glossary import Glossary
from ingest.lexical import LexicalIndex, fold

TERMS_CACHE = 50_000  # analysed texts kept (units, headings, labels: a few MB for this corpus)


class CorpusVocabulary:
    """Stems (compounds split against the corpus vocabulary, spelling variants normalised by the
    glossary), BM25 idf per term and per phrase. One per index; cheap to build."""

    def __init__(self, lexical: LexicalIndex, glossary: Glossary, texts: Sequence[str]) -> None:
        self.lexical = lexical
        self.glossary = glossary
        self._folded = [" ".join(fold(t).split()) for t in texts]
        self._phrase_idf: dict[str, float] = {}
        self._terms: dict[str, tuple[str, ...]] = {}

    @classmethod
    def of_texts(cls, texts: Sequence[str], glossary: Glossary | None = None) -> CorpusVocabulary:
        """A vocabulary over plain texts (a small corpus in a test, a document set)."""
        return cls(LexicalIndex.build(list(texts)), glossary or Glossary({}), texts)

    def terms(self, text: str) -> list[str]:
        # Headings, titles and table captions come back for every unit of a passage: analyse once.
        found = self._terms.get(text)
        if found is None:
            found = tuple(self.lexical.analyzer.analyze(self.glossary.normalize(text)))
            if len(self._terms) < TERMS_CACHE:
                self._terms[text] = found
        return list(found)

    def idf(self, term: str) -> float:
        return float(self.lexical.idf(term))

    def known(self, term: str) -> bool:
        return bool(len(self.lexical._postings(term)))

    def phrase_idf(self, phrase: str) -> float:
        """BM25-style idf of a phrase: in how many passages it stands (cached; questions repeat them)."""
        if phrase not in self._phrase_idf:
            df = sum(1 for text in self._folded if phrase in text)
            n = len(self._folded)
            self._phrase_idf[phrase] = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
        return self._phrase_idf[phrase]

    def expand(self, text: str) -> tuple[str, tuple[tuple[str, ...], ...]]:
        """The question with spelling variants replaced, and each glossary term with its wordings."""
        expansion = self.glossary.expand(text)
        return expansion.base, (*expansion.meanings, *expansion.alternatives)
