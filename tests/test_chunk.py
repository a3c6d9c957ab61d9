"""The structure-aware chunker on the real corpus files: structure kept, noise dropped, line map right."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.quotes import locate_quote, split_sentences
from ingest.chunk import chunk_document, clean_text
from ingest.load import load_document
from ingest.manifest import read_manifest
from ingest.models import Chunk

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def chunks() -> dict[str, list[Chunk]]:
    out: dict[str, list[Chunk]] = {}
    for parts in read_manifest(CORPUS).values():
        path = CORPUS / parts[0].file
        out[parts[0].id] = chunk_document(load_document(path), parts, f"corpus/{parts[0].file}")
    return out


def _holding(chunks: list[Chunk], text: str) -> list[Chunk]:
    return [c for c in chunks if text in c.text]


def test_nazorg_procedure_stays_in_one_chunk_in_order(chunks: dict[str, list[Chunk]]) -> None:
    steps = [
        "De accountmanager informeert binnen een week de consulent",
        "De accountmanager informeert twee weken voor afloop van de proefplaatsing",
        "De accountmanager houdt in de plaatsingslijst bij",
    ]
    holders = _holding(chunks["plan-pow-2019"], steps[0])
    assert len(holders) == 1
    chunk = holders[0]
    positions = [chunk.text.index(step) for step in steps]
    assert positions == sorted(positions)
    assert chunk.document_id == "plan-pow-2019/bijlage-3"
    assert chunk.date == "2018-04-03" and chunk.kenmerk == "18.0002137"
    assert "Nazorg" in chunk.section


def test_suwi_basispakket_list_is_whole_with_its_lead_in(chunks: dict[str, list[Chunk]]) -> None:
    holders = _holding(chunks["programma-wp-2022"], "passende kandidaten voor te dragen")
    assert len(holders) == 1
    text = holders[0].text
    assert "basispakket publieke werkgeversdienstverlening" in text
    assert "arbeidsmarktinformatie te bieden" in text
    assert holders[0].chunk_type == "list"


def test_flattened_table_keeps_caption_header_and_all_rows(chunks: dict[str, list[Chunk]]) -> None:
    holders = _holding(chunks["plan-pow-2019"], "Wijdemeren 883 6% 44% 51%")
    assert len(holders) == 1
    table = holders[0]
    assert table.chunk_type == "table"
    assert table.text.startswith("Werkzoekenden met een uitkering Participatiewet")
    assert "Aantal personen % < 27 jaar" in table.text
    assert "Eemnes 388" in table.text and "Totaal regio 14.018" in table.text
    assert "Bron: Geregistreerde Werkzoekenden UWV (GWU)" in table.text


def test_multi_line_table_header_is_reconstructed(chunks: dict[str, list[Chunk]]) -> None:
    holders = _holding(chunks["plan-pow-2019"], "Hilversum 188 1.960 27 460 2175")
    assert len(holders) == 1
    assert "Aantallen Participatiewet naar leeftijd" in holders[0].text
    assert "houders" in holders[0].text


def test_wrapped_lines_are_rejoined_and_hyphenated_compounds_mended(chunks: dict[str, list[Chunk]]) -> None:
    text = " ".join(c.text for c in chunks["plan-pow-2019"])
    assert "In januari 2019 bedraagt het aantal WW-uitkeringen 4.043." in text
    assert "één werkgevers- en vacaturebestand" in text  # a suspended hyphen keeps its space


def test_noise_is_dropped(chunks: dict[str, list[Chunk]]) -> None:
    plan = " ".join(c.text for c in chunks["plan-pow-2019"])
    assert "google.com/url" not in plan
    rib = " ".join(c.text for c in chunks["rib-wp-2024"])
    assert "niet verantwoordelijk of aansprakelijk" not in rib


def test_sections_follow_the_table_of_contents(chunks: dict[str, list[Chunk]]) -> None:
    holders = _holding(chunks["plan-pow-2019"], "Gemeenten investeren de komende jaren maximaal")
    assert holders[0].section.startswith("6. Actieagenda: Perspectief op Werk > 2. Versterking")


def test_no_chunk_crosses_a_sub_document(chunks: dict[str, list[Chunk]]) -> None:
    starts = {
        "plan-pow-2019/bijlage-1": 3084,
        "plan-pow-2019/bijlage-2": 3268,
        "plan-pow-2019/bijlage-3": 3652,
    }
    for chunk in chunks["plan-pow-2019"]:
        assert chunk.line_start is not None and chunk.line_end is not None
        for start in starts.values():
            assert not (chunk.line_start < start <= chunk.line_end), chunk.line_start


def test_every_sentence_maps_back_to_its_lines(chunks: dict[str, list[Chunk]]) -> None:
    """The line map is right: each sentence of a chunk is found in the source within its line range."""
    missing = 0
    total = 0
    for doc_chunks in chunks.values():
        source = (ROOT / doc_chunks[0].source_path).read_text(encoding="utf-8")
        for chunk in doc_chunks:
            for sentence in split_sentences(chunk.text):
                if len(sentence) < 20:
                    continue
                total += 1
                located = locate_quote(sentence, source, chunk.line_start, chunk.line_end)
                assert chunk.line_start is not None and chunk.line_end is not None
                if located is None or not (chunk.line_start <= located.line_start <= chunk.line_end):
                    missing += 1
    assert total > 1500
    assert missing / total < 0.01  # sentences interrupted by a footnote are the only known exceptions


def test_clean_text_removes_markup_but_keeps_words() -> None:
    assert clean_text("De <sup>1</sup>**partijen** in [Programma](#) *G&V* werk\\_&\\_participatie") == (
        "De partijen in Programma G&V werk_&_participatie"
    )
    assert clean_text("na het 1<sup>e</sup> kwartaal") == "na het 1e kwartaal"
