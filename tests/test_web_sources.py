"""The source viewer on a small corpus of its own: a PDF cited by page gets a link that opens the
original at that page, and document text full of markup is shown as text, never run or parsed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from test_load import _pdf_bytes  # the loader tests' real two-page PDF, built with pypdf
from test_web_page import _ask, _click, _css, _one, _wait
from web_fixtures import DESKTOP, chromium, live_server, screenshot

from ingest.pipeline import ingest_corpus

pytestmark = pytest.mark.slow

PDF_PAGES = [
    "Inleiding over het werkgeversservicepunt in de regio",
    "Na plaatsing houdt de jobcoach zes maanden contact met de werkgever",
]
# Text that would run or vanish if the page ever parsed document text as HTML.
MARKUP = (
    "Aanmelden bij het loket\n\n"
    "Een kandidaat meld je aan bij <b>het loket</b> met het formulier "
    '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & [/x] van de regio.\n'
)


KEY = "wp-test-sleutel-1234567890"


@pytest.fixture(scope="module")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("web-sources")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "nazorg-plan.pdf").write_bytes(_pdf_bytes(PDF_PAGES))
    (corpus / "aanmelden.txt").write_text(MARKUP, encoding="utf-8")
    data = root / "data"
    report = ingest_corpus(corpus, data)
    assert not report.failed, report.failed
    return data, corpus


@pytest.fixture(scope="module")
def base_url(small_index: tuple[Path, Path]) -> Iterator[str]:
    with live_server(*small_index) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    driver = chromium(*DESKTOP)
    driver.get(base_url + "/")
    yield driver
    driver.quit()


def _open_citation_of(driver: Any, article: Any, source_file: str) -> None:
    for button in article.find_elements("css selector", ".sources .source-title"):
        _click(driver, button)
        _one(driver, "#viewer-meta dd")
        if source_file in _one(driver, "#viewer-meta").text:
            return
    raise AssertionError(f"no citation of {source_file}")


def test_a_pdf_citation_links_to_the_original_at_its_page(page: Any, base_url: str) -> None:
    article = _ask(page, "Hoe lang houdt de jobcoach contact met de werkgever na plaatsing?")
    _open_citation_of(page, article, "nazorg-plan.pdf")
    where = _one(page, "#viewer-where").text
    assert "pagina 2" in where and "regel" not in where  # a PDF's extracted line numbers mean nothing
    link = _one(page, "#viewer-links a.pdf-link")
    href = link.get_attribute("href")
    assert href.endswith("/file#page=2") and link.text == "Open de PDF op pagina 2"
    assert link.get_attribute("target") == "_blank"
    original = httpx.get(href.split("#")[0], timeout=30)
    assert original.headers["content-type"] == "application/pdf"
    assert original.content.startswith(b"%PDF")
    # The page's text is placed in the document and the quote highlighted there.
    marked = " ".join(m.text for m in _css(page, "#viewer-text mark"))
    assert "jobcoach zes maanden" in marked
    screenshot(page, "8-pdf-source")


def test_document_text_with_markup_is_shown_as_text(page: Any) -> None:
    article = _ask(page, "Hoe meld ik een kandidaat aan bij het loket?", answers_before=1)
    _open_citation_of(page, article, "aanmelden.txt")
    text = _one(page, "#viewer-text").text
    assert "<b>het loket</b>" in text and "<script>window.pwned = 1</script>" in text and "[/x]" in text
    assert not _css(page, "#viewer-text b, #viewer-text script, #viewer-text img")
    assert not _css(page, "article.answer b, article.answer script, article.answer img")
    assert page.execute_script("return window.pwned === undefined")
    screenshot(page, "9-markup-as-text")


def test_the_source_viewer_says_so_when_a_document_is_gone(page: Any, base_url: str) -> None:
    # A citation whose document the server no longer has: the passage from the answer stays readable.
    page.execute_script(
        """
        return import('/static/viewer.js').then((m) => m.openSource({
          document_id: 'bestaat-niet', chunk_id: 'bestaat-ook-niet', title: 'Verdwenen document',
          text: 'De nazorg duurt zes maanden.', quote: 'zes maanden'}, null));
        """
    )
    error = _one(page, "#viewer-error")
    assert error.is_displayed() and error.text.startswith("Het document kon niet worden geladen: Onbekend")
    assert [m.text for m in _css(page, "#viewer-text mark")] == ["zes maanden"]


def test_with_api_keys_the_page_asks_for_one_and_then_sends_it(small_index: tuple[Path, Path]) -> None:
    from selenium.webdriver.common.keys import Keys

    from assistant.api.security import hash_key
    from assistant.config import ApiKeySpec

    keys = [ApiKeySpec(name="web-test", sha256=hash_key(KEY), role="reader")]
    with live_server(*small_index, api_keys=keys) as url:
        driver = chromium(*DESKTOP)
        try:
            driver.get(url + "/")  # the page itself needs no key; every API call does
            box = _one(driver, "#question")
            box.send_keys("Hoe lang houdt de jobcoach contact met de werkgever?", Keys.ENTER)
            error = _one(driver, "#ask-error")
            assert "Geen API-sleutel meegestuurd" in error.text and "API-sleutel" in error.text
            assert box.get_attribute("value") == "Hoe lang houdt de jobcoach contact met de werkgever?"
            _click(driver, _one(driver, ".key-settings summary"))
            _one(driver, "#api-key").send_keys(KEY, Keys.ENTER)
            assert _one(driver, "#key-state").text == "Sleutel opgeslagen voor deze sessie."
            _click(driver, _one(driver, "#ask-button"))
            article = _one(driver, "article.answer")
            _open_citation_of(driver, article, "nazorg-plan.pdf")
            # A plain link cannot carry the key: the PDF is fetched with it and opened from memory.
            before = len(driver.window_handles)
            _click(driver, _one(driver, "#viewer-links a.pdf-link"))
            _wait(driver, lambda d: len(d.window_handles) > before, 10)
            driver.switch_to.window(driver.window_handles[-1])
            assert driver.current_url.startswith("blob:" + url) and driver.current_url.endswith("#page=2")
        finally:
            driver.quit()
