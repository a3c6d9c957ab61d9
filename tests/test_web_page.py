"""The web page in a real headless Chromium against a real server on the ingested corpus: ask, see a
cited answer stream in, open a citation and see the quote highlighted in its document, read on, send
feedback, see figures and a no_answer, pick up the conversation after a reload, and use it on a phone.
Screenshots go to tests/artifacts/web/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from web_fixtures import DESKTOP, PHONE, ROOT, chromium, copy_data, live_server, screenshot

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (ROOT / ".data" / "index" / "CURRENT").exists(), reason="run `assistant ingest` first"
    ),
]
WAIT_S = 90  # the first answer loads the models


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = copy_data(tmp_path_factory.mktemp("web"))
    with live_server(data, ROOT / "corpus") as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    driver = chromium(*DESKTOP)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser: Any, base_url: str) -> Any:
    """The page freshly opened, with no conversation remembered from an earlier test."""
    browser.set_window_size(*DESKTOP)
    browser.get(base_url + "/")
    browser.execute_script("localStorage.clear(); sessionStorage.clear();")
    browser.get(base_url + "/")
    return browser


def _wait(driver: Any, condition: Any, timeout: float = WAIT_S) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(condition)


def _css(driver: Any, selector: str) -> list[Any]:
    from selenium.webdriver.common.by import By

    return list(driver.find_elements(By.CSS_SELECTOR, selector))


def _one(driver: Any, selector: str) -> Any:
    found = _wait(driver, lambda d: _css(d, selector))
    return found[0]


def _click(driver: Any, element: Any) -> None:
    """Scroll the element to the middle first, as a user would, clear of the sticky question box."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _record_progress(driver: Any) -> None:
    """Remember every text the progress line shows (it is gone once the answer is in)."""
    driver.execute_script(
        """
        window.progressSeen = [];
        const node = document.getElementById('progress');
        new MutationObserver(() => { if (node.textContent) window.progressSeen.push(node.textContent); })
          .observe(node, {childList: true, characterData: true, subtree: true});
        """
    )


def _ask(driver: Any, question: str, answers_before: int = 0) -> Any:
    """Type the question and press Enter, as a user does; returns the new answer's <article>."""
    from selenium.webdriver.common.keys import Keys

    box = _one(driver, "#question")
    box.clear()
    box.send_keys(question, Keys.ENTER)
    _wait(driver, lambda d: len(_css(d, "article.answer")) > answers_before)
    return _css(driver, "article.answer")[-1]


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _api(base_url: str, path: str) -> Any:
    response = httpx.get(base_url + path, timeout=30)
    response.raise_for_status()
    return response.json()


def test_a_question_gets_a_cited_answer_whose_source_opens_with_the_quote_highlighted(
    page: Any, base_url: str
) -> None:
    from selenium.webdriver.common.keys import Keys

    _record_progress(page)
    article = _ask(page, "hoe werkt de nazorg van het WSP?")
    assert "status-answered" in article.get_attribute("class")
    # Streaming: the progress line showed the stages while the answer was made.
    seen = page.execute_script("return window.progressSeen")
    assert "Zoeken in de documenten…" in seen and "Antwoord samenstellen…" in seen
    cites = article.find_elements("css selector", ".answer-text button.cite")
    assert cites and cites[0].text == "[1]"
    answer_id = article.get_attribute("data-answer-id")
    answer = _api(base_url, f"/v1/answers/{answer_id}")["answer"]
    first = answer["citations"][0]
    sources = article.find_elements("css selector", ".sources li")
    assert len(sources) == len(answer["citations"])
    assert first["title"] in sources[0].text
    assert f"regels {first['line_start']}–{first['line_end']}" in sources[0].text
    screenshot(page, "1-answer")

    # Keyboard: focus the first citation and press Enter.
    page.execute_script("arguments[0].focus()", cites[0])
    page.switch_to.active_element.send_keys(Keys.ENTER)
    mark = _one(page, "#viewer-text mark")
    viewer = _one(page, "#viewer")
    assert viewer.is_displayed()
    document = _api(base_url, f"/v1/documents/{first['document_id']}")["document"]
    meta = {
        dt.get_attribute("textContent"): dd.get_attribute("textContent")
        for dt, dd in zip(_css(page, "#viewer-meta dt"), _css(page, "#viewer-meta dd"), strict=True)
    }
    assert _one(page, "#viewer-title").text == document["title"]
    assert meta["Status"] == document["status"] and meta["Kenmerk"] == (document["kenmerk"] or "geen")
    assert meta["Datum"].endswith(document["date"][:4])
    # The highlighted span is the quote, in the lines the citation names, in its surrounding text.
    marked = " ".join(m.text for m in _css(page, "#viewer-text mark"))
    assert _squash(first["quote"]) in _squash(marked)
    quoted = list(range(first["line_start"], first["line_end"] + 1))
    marked_lines = [int(x.get_attribute("data-line")) for x in _css(page, "#viewer-text .line.quoted")]
    assert marked_lines == quoted
    passage_lines = [int(x.get_attribute("data-line")) for x in _css(page, "#viewer-text .line.passage")]
    assert set(quoted) <= set(passage_lines)  # the quote stands in its cited passage (the chunk)
    all_lines = [int(x.get_attribute("data-line")) for x in _css(page, "#viewer-text .line")]
    assert all_lines[0] < first["line_start"] and all_lines[-1] > first["line_end"]
    assert f"regels {first['line_start']}–{first['line_end']}" in _one(page, "#viewer-where").text
    in_view = """const box = arguments[0].getBoundingClientRect(), m = arguments[1].getBoundingClientRect();
        return m.top >= box.top && m.bottom <= box.bottom"""
    assert page.execute_script(in_view, _one(page, "#viewer-text"), mark)  # scrolled to the quote
    screenshot(page, "2-source-viewer")

    # Read on: more of the document below the passage.
    _one(page, "#read-on").click()
    more = [int(x.get_attribute("data-line")) for x in _css(page, "#viewer-text .line")]
    assert more[0] == all_lines[0] and more[-1] > all_lines[-1]

    # Escape closes the viewer and gives the focus back to the citation.
    page.switch_to.active_element.send_keys(Keys.ESCAPE)
    _wait(page, lambda d: not _one(d, "#viewer").is_displayed(), 5)
    assert page.switch_to.active_element == cites[0]

    # Feedback, by keyboard too: a down vote with a comment is stored with the answer's audit record.
    page.execute_script("arguments[0].focus()", article.find_element("css selector", ".vote-down"))
    page.switch_to.active_element.send_keys(Keys.ENTER)
    comment = article.find_element("css selector", ".feedback textarea")
    assert page.switch_to.active_element == comment
    comment.send_keys("De tweede stap mist de termijn.", Keys.TAB)
    assert page.switch_to.active_element.text == "Feedback versturen"
    page.switch_to.active_element.send_keys(Keys.ENTER)
    _wait(page, lambda d: "Bedankt" in article.find_element("css selector", ".feedback-status").text, 10)
    feedback = _api(base_url, f"/v1/answers/{answer_id}")["feedback"]
    assert [(f["vote"], f["comment"]) for f in feedback] == [("down", "De tweede stap mist de termijn.")]
    screenshot(page, "3-feedback")


def test_figures_show_as_a_table_with_unit_period_and_a_source_that_opens(page: Any) -> None:
    article = _ask(page, "Hoeveel banen liepen we eind 2020 achter op de norm van de banenafspraak?")
    headers = [th.text for th in article.find_elements("css selector", "table.figures th")]
    assert headers == ["Cijfer", "Waarde", "Eenheid", "Periode", "Gebied", "Bron"]
    rows = [
        [td.text for td in tr.find_elements("css selector", "td")]
        for tr in article.find_elements("css selector", "table.figures tbody tr")
    ]
    assert rows and all(row[2] and row[3] and row[5] for row in rows)  # unit, period, source
    assert any(row[1] == "900" and row[2] == "banen" for row in rows)
    screenshot(page, "4-figures")
    source = article.find_element("css selector", "table.figures tbody tr .source-title")
    _click(page, source)
    mark = _one(page, "#viewer-text mark")
    assert mark.text.strip()
    assert _css(page, "#viewer-text .line.passage")


def test_no_answer_says_so_and_shows_the_closest_passages(page: Any) -> None:
    article = _ask(page, "Wat is het uurloon van een jobcoach in Amsterdam?")
    assert "status-no_answer" in article.get_attribute("class")
    assert article.find_element("css selector", ".notice").text == "Geen antwoord gevonden in de documenten."
    block = article.find_element("css selector", ".sources-block")
    assert block.find_element("css selector", "h3").text == "Dichtstbijzijnde passages"
    assert block.find_elements("css selector", "li .source-title")
    screenshot(page, "5-no-answer")


def test_a_question_that_cannot_be_answered_as_asked_asks_for_clarity(page: Any) -> None:
    article = _ask(
        page, "Wie funktioniert die Nachsorge beim Arbeitgeber? Können Sie mir das bitte erklären?"
    )
    assert "status-clarify" in article.get_attribute("class")
    assert article.find_element("css selector", ".notice").text == "Verduidelijking nodig."
    assert "Nederlands of het Engels" in article.find_element("css selector", ".answer-text").text


def test_a_reload_shows_the_conversation_so_far_and_a_follow_up_continues_it(
    page: Any, base_url: str
) -> None:
    answer_id = _ask(page, "hoe werkt de nazorg van het WSP?").get_attribute("data-answer-id")
    conversation = page.execute_script("return localStorage.getItem('wp.conversationId')")
    assert conversation
    page.refresh()
    _wait(page, lambda d: len(_css(d, "article.answer")) == 1, 20)
    assert _one(page, ".question").text.endswith("hoe werkt de nazorg van het WSP?")
    assert _css(page, "article.answer .answer-text button.cite")
    assert _css(page, "article.answer")[0].get_attribute("data-answer-id") == answer_id
    _ask(page, "En hoe lang duurt die?", answers_before=1)
    turns = _api(base_url, f"/v1/conversations/{conversation}")["turns"]
    assert [t["question"] for t in turns] == ["hoe werkt de nazorg van het WSP?", "En hoe lang duurt die?"]
    # A new conversation empties the page and forgets the id.
    _one(page, "#new-conversation").click()
    assert not _css(page, "article.answer")
    assert page.execute_script("return localStorage.getItem('wp.conversationId')") is None


def test_on_a_phone_the_page_fits_and_the_viewer_covers_the_screen(page: Any) -> None:
    width, height = PHONE
    page.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True},
    )
    try:
        page.refresh()
        article = _ask(page, "hoe werkt de nazorg van het WSP?")
        fits = "return document.documentElement.scrollWidth <= window.innerWidth"
        assert page.execute_script("return window.innerWidth") == width
        assert page.execute_script(fits)
        button = _one(page, "#ask-button")
        assert button.is_displayed() and button.rect["x"] + button.rect["width"] <= width
        screenshot(page, "6-phone-answer")
        _click(page, article.find_element("css selector", ".answer-text button.cite"))
        _one(page, "#viewer-text mark")
        rect = _one(page, "#viewer").rect
        assert rect["x"] == 0 and rect["width"] == width
        assert page.execute_script(fits)
        screenshot(page, "7-phone-viewer")
    finally:
        page.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_failed_question_keeps_what_was_typed_and_says_why(page: Any) -> None:
    from selenium.webdriver.common.keys import Keys

    box = _one(page, "#question")
    # chromedriver types only characters of the basic plane, so the emoji are put in by script.
    page.execute_script("arguments[0].value = '🙂🙂🙂'", box)
    box.send_keys(Keys.ENTER)
    error = _wait(page, lambda d: _one(d, "#ask-error").is_displayed() and _one(d, "#ask-error"), 30)
    assert "geen woorden" in error.text
    assert box.get_attribute("value") == "🙂🙂🙂"
    assert not _css(page, "article.answer") and not _css(page, ".turn")
