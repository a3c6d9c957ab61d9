"""locate.js, the viewer's placing of a passage and its quote in a document, run in the real browser
on the cases that differ from a plain search: whitespace and line breaks that differ from the quote,
a shortened quote, [n] markers, a passage without line numbers (PDF), a quote that is not there."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from web_fixtures import DESKTOP, chromium, serving

from assistant.web.routes import router

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def call() -> Iterator[Any]:
    """call(name, *args) runs locate.js's exported function `name` in the page and returns its result."""
    app = FastAPI()
    app.include_router(router)
    with serving(app) as url:
        driver = chromium(*DESKTOP)
        driver.get(url + "/")

        def run(name: str, *args: Any) -> Any:
            return driver.execute_async_script(
                """
                const done = arguments[arguments.length - 1];
                import('/static/locate.js').then((m) => done(m[arguments[0]](...arguments[1])));
                """,
                name,
                list(args),
            )

        yield run
        driver.quit()


TEXT = "Kop\n\nDe nazorg duurt\nzes  maanden na\nplaatsing.\nSlot"


def _slice(text: str, found: dict[str, int] | None) -> str | None:
    return None if found is None else text[found["start"] : found["end"]]


def test_a_quote_is_found_across_line_breaks_and_double_spaces(call: Any) -> None:
    found = call("findLoose", TEXT, "nazorg duurt zes maanden na plaatsing")
    assert _slice(TEXT, found) == "nazorg duurt\nzes  maanden na\nplaatsing"


def test_a_quote_that_is_not_there_is_not_found(call: Any) -> None:
    assert call("findLoose", TEXT, "nazorg duurt twaalf maanden") is None
    assert call("findLoose", TEXT, "   ") is None


def test_regex_characters_in_a_quote_are_literal(call: Any) -> None:
    text = "Het budget (ca. € 1.000) is 50%+ [zie bijlage]."
    assert _slice(text, call("findLoose", text, "(ca. € 1.000) is 50%+ [zie")) == "(ca. € 1.000) is 50%+ [zie"
    assert call("findLoose", text, "ca? €") is None


def test_a_shortened_quote_is_its_parts_and_markers_are_dropped(call: Any) -> None:
    assert call("quoteParts", "De nazorg duurt … na plaatsing [2].") == ["De nazorg duurt", "na plaatsing."]
    assert call("quoteParts", "eerst...dan [1, 3]") == ["eerst", "dan"]


def test_a_passage_is_placed_by_its_line_range_counted_from_the_documents_first_line(call: Any) -> None:
    # The text starts at source line 10 (a sub-document), so lines 12-13 are its third and fourth.
    found = call("passageRange", TEXT, 10, {"line_start": 12, "line_end": 13, "text": ""})
    assert _slice(TEXT, found) == "De nazorg duurt\nzes  maanden na"


def test_a_passage_without_line_numbers_is_placed_by_its_text(call: Any) -> None:
    found = call("passageRange", TEXT, 1, {"line_start": None, "text": "zes maanden na plaatsing."})
    assert _slice(TEXT, found) == "zes  maanden na\nplaatsing."
    assert call("passageRange", TEXT, 1, {"line_start": None, "text": "iets heel anders"}) is None


def test_quote_ranges_prefer_the_passage_over_an_earlier_occurrence(call: Any) -> None:
    text = "zes maanden\nKop\nDe nazorg duurt zes maanden."
    passage = {"start": text.index("De"), "end": len(text)}
    ranges = call("quoteRanges", text, passage, "zes maanden")
    assert [r["start"] for r in ranges] == [text.rindex("zes maanden")]


def test_the_line_of_an_offset(call: Any) -> None:
    starts = call("lineStarts", TEXT)
    assert starts == [0, 4, 5, 21, 37, 48]
    assert [call("lineOf", starts, at) for at in (0, 3, 4, 5, 20, 21, 50)] == [0, 0, 1, 2, 2, 3, 5]
