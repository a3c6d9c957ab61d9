"""Real-format documents (PDF with running headers, footers and merged-header tables across pages; Word
with heading styles, merged cells and nested lists): every word reaches a chunk, section paths are
the headings, every chunk's page is right, no header/footer text in any chunk. The fixtures and their
expected text are built by scripts/make_doc_fixtures.py and committed."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from ingest.chunk import chunk_document
from ingest.load import load_document
from ingest.manifest import corpus_files, default_meta, documents_for
from ingest.models import Chunk
from ingest.noise import noise_flags

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "docs"
DOCS = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".pdf", ".docx"))


def words(text: str) -> Counter[str]:
    return Counter(w for w in (re.sub(r"[^\w€%]+", "", t.lower()) for t in text.split()) if w)


def chunk_words(chunks: list[Chunk]) -> Counter[str]:
    """Words of the chunk texts, plus each heading once (a heading's words reach chunks as their path)."""
    headings: list[str] = []
    for c in chunks:
        for h in c.section.split(" > ") if c.section else []:
            if h not in headings:
                headings.append(h)
    return words("\n".join(c.text for c in chunks) + "\n" + "\n".join(headings))


def survival(expected: Counter[str], got: Counter[str]) -> float:
    return sum(min(n, got[w]) for w, n in expected.items()) / sum(expected.values())


def _load(path: Path) -> tuple[list[Chunk], dict]:
    expected = json.loads((path.parent / f"{path.name}.expected.json").read_text(encoding="utf-8"))
    doc = load_document(path)
    return chunk_document(doc, [default_meta(path)], f"corpus/{path.name}"), expected


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_every_word_reaches_a_chunk(path: Path) -> None:
    chunks, expected = _load(path)
    want = Counter(expected["words"])
    assert survival(want, chunk_words(chunks)) >= 0.995, (want - chunk_words(chunks)).most_common(10)


@pytest.mark.parametrize("path", DOCS, ids=[p.name for p in DOCS])
def test_section_paths_are_the_headings(path: Path) -> None:
    chunks, expected = _load(path)
    paths = list(dict.fromkeys(c.section for c in chunks if c.section))
    assert paths == [" > ".join(h) for h in expected["headings"]]


@pytest.mark.parametrize("path", [p for p in DOCS if p.suffix == ".pdf"], ids=lambda p: p.name)
def test_pdf_page_of_every_chunk_and_no_running_lines(path: Path) -> None:
    chunks, expected = _load(path)
    for phrase, page in expected["page_phrases"]:
        holding = [
            c for c in chunks if " ".join(phrase.split()) in " ".join((c.section + " " + c.text).split())
        ]
        assert holding, phrase
        assert any(c.page == page for c in holding), (phrase, page, [c.page for c in holding])
    for noise in [*expected["noise"], "Pagina ", "van 4"]:
        assert not [c.text for c in chunks if noise in c.text], noise
    assert all(not re.search(r"^\s*\d+\s*/\s*\d+\s*$", line, re.M) for c in chunks for line in [c.text])


def test_merged_table_header_is_flattened_and_repeated_when_the_table_continues() -> None:
    chunks, expected = _load(FIXTURES / "voorstel-dienstverlening-2025.pdf")
    tables = [c for c in chunks if c.chunk_type == "table"]
    assert len({c.page for c in tables}) == 2  # the table runs over two pages
    assert all(c.text.split("\n")[0] == expected["table_header"] for c in tables)
    assert "Begroot | 2025" not in "\n".join(c.text for c in tables)


def test_word_merged_cells_once_lists_not_repeated_and_chunks_bounded() -> None:
    from ingest.chunk import MAX_CHARS

    chunks, expected = _load(FIXTURES / "programma-werk-2023.docx")
    table = next(c for c in chunks if c.chunk_type == "table")
    assert table.text.split("\n")[0] == expected["table_header"]
    assert table.text.count(expected["merged_once"]) == 1
    assert max(len(c.text) for c in chunks) <= MAX_CHARS
    items = [line for c in chunks if c.chunk_type == "list" for line in c.text.split("\n")]
    assert len(items) == len(set(items))  # no list line stands in two chunks
    assert any(line.startswith("40. Actie 40") for line in items)


def test_footer_page_numbers_are_never_table_rows() -> None:
    chunks, _ = _load(FIXTURES / "brief-voortgang-2024.pdf")
    table = next(c for c in chunks if c.chunk_type == "table")
    assert table.text.startswith("Gemeente | Plaatsingen | Nazorg") and "Pagina" not in table.text
    assert table.text.rstrip().endswith("Totaal | 513 | 436")


def test_shipped_corpus_word_survival() -> None:
    """The same count for the shipped corpus: content words (noise lines aside) reach a chunk."""
    corpus = ROOT / "corpus"
    files = corpus_files(corpus)
    documents = documents_for(corpus, files)
    from ingest.chunk import clean_text

    for path in files:
        doc = load_document(path)
        chunks = chunk_document(doc, documents[path.name], f"corpus/{path.name}")
        lines = [
            line
            for p in doc.pages
            for line, noisy in zip(p.lines, noise_flags(p.lines), strict=True)
            if not noisy
        ]
        kept = survival(words(clean_text("\n".join(lines))), chunk_words(chunks))
        assert kept >= 0.995, (path.name, kept)


@pytest.mark.parametrize("line", ["Pagina 3 van 8", "- 3 -", "3/8", "blz. 4", "Page 2 of 9", "12", "– 7 –"])
def test_page_number_patterns(line: str) -> None:
    from ingest.pdf import PAGE_NUMBER

    assert PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["3 van de 8 gemeenten", "Artikel 3", "2024-2026", "8 april 2024"])
def test_text_is_not_a_page_number(line: str) -> None:
    from ingest.pdf import PAGE_NUMBER

    assert not PAGE_NUMBER.match(line)


def test_table_grid_flattens_a_merged_header_and_keeps_merged_cells_once() -> None:
    from ingest.tables import GridCell, render_rows

    cells = [
        GridCell("Onderdeel", 0, 0, rowspan=2),
        GridCell("Begroot", 0, 1, colspan=2),
        GridCell("2023", 1, 1),
        GridCell("2024", 1, 2),
        GridCell("Algemeen", 2, 0, rowspan=2),
        GridCell("1", 2, 1),
        GridCell("2", 2, 2),
        GridCell("3", 3, 1),
        GridCell("4", 3, 2),
        GridCell("Totaal over alles", 4, 0, colspan=3),
    ]
    lines, heads = render_rows(cells, 5, 3)
    assert heads == 1
    assert lines == ["Onderdeel\tBegroot 2023\tBegroot 2024", "Algemeen\t1\t2", "\t3\t4", "Totaal over alles"]
