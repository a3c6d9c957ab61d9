"""Typo correction of query words against the corpus vocabulary ("hoevel", "werkzoekende")."""

from __future__ import annotations

from ingest.lexical import STOPWORDS, Analyzer, fold, words

MIN_LEN = 5  # short words have too many neighbours at edit distance 1
# In a Dutch question, a word this common in Dutch (wordfreq's Zipf scale: 3 = once per million
# words) is a real word the corpus happens to lack ("later"), not a typo of a corpus word ("lager").
# English questions keep the correction: there it maps cognates onto the corpus ("profile" -> "profiel").
COMMON_DUTCH_ZIPF = 3.0


def is_common_dutch(word: str) -> bool:
    from wordfreq import zipf_frequency  # lazy: its word list loads on the first unknown word

    return zipf_frequency(word, "nl") >= COMMON_DUTCH_ZIPF


class TypoCorrector:
    """Replaces a query word the corpus lacks by its nearest corpus word (edit distance 1, or 2 for long)."""

    def __init__(self, analyzer: Analyzer) -> None:
        self.analyzer = analyzer
        self.vocabulary = analyzer.vocabulary
        self._choices = sorted(self.vocabulary)
        self._stop = sorted(STOPWORDS)
        self._memo: dict[str, str | None] = {}

    def nearest(self, word: str) -> str | None:
        if word in self._memo:
            return self._memo[word]
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        best: str | None = None
        # A misspelt stopword ("hoevel" for "hoeveel") must not become a topic word.
        if not process.extractOne(word, self._stop, scorer=Levenshtein.distance, score_cutoff=1):
            limit = 1 if len(word) < 9 else 2
            hit = process.extractOne(word, self._choices, scorer=Levenshtein.distance, score_cutoff=limit)
            best = hit[0] if hit else None
        self._memo[word] = best
        return best

    def correct(self, text: str) -> str:
        """The text with unknown words replaced by their nearest corpus word, when one is close."""
        from assistant.retrieval.language import detect_language

        dutch = detect_language(text) == "nl"
        out: list[str] = []
        for word in words(text):
            if (
                len(word) < MIN_LEN
                or word in self.vocabulary
                or word in STOPWORDS
                or not word.isalpha()
                or self.analyzer.split_compound(word)  # a new compound of known words is no typo
                or (dutch and is_common_dutch(word))
            ):
                out.append(word)
                continue
            out.append(self.nearest(word) or word)
        return " ".join(out) if out else fold(text)
