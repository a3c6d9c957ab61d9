"""Bad and non-text files in a real corpus: each is reported on its own line, the rest is ingested,
indicator provenance is checked against the loaded text (a PDF or Word file is never read as UTF-8),
and the generation switches only when every step, indicators included, succeeded."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.index import open_index
from ingest.pipeline import ingest_corpus
from ingest.store import read_current

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "docs"
HEADER = "id,label,scope,period,value,unit,document_id,source_path,line,sentence\n"


def _corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "nazorg.txt").write_text(
        "Nazorg\n\nDe nazorg duurt 6 maanden na plaatsing.\n", encoding="utf-8"
    )
    shutil.copy(FIXTURES / "brief-voortgang-2024.pdf", corpus / "brief.pdf")
    shutil.copy(FIXTURES / "programma-werk-2023.docx", corpus / "programma.docx")
    (corpus / "documents.toml").write_text(
        '[[document]]\nid = "nazorg"\nfile = "nazorg.txt"\ntitle = "Nazorg"\ndate = "2023"\n\n'
        '[[document]]\nid = "brief"\nfile = "brief.pdf"\ntitle = "Brief"\n',
        encoding="utf-8",
    )
    (corpus / "indicators.csv").write_text(
        HEADER
        + 'nazorg_duur,Duur nazorg,regio,2023,6,maanden,nazorg,corpus/nazorg.txt,3,"De nazorg duurt 6 maanden"\n'
        + 'plaatsingen_totaal,Plaatsingen,regio,2023,513,plaatsingen,brief,corpus/brief.pdf,68,"Totaal\t513"\n',
        encoding="utf-8",
    )
    return corpus


def test_pdf_and_docx_next_to_an_indicators_file(tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path), tmp_path / "data"
    report = ingest_corpus(corpus, data)
    assert report.failed == [] and sorted(report.added) == ["brief.pdf", "nazorg.txt", "programma.docx"]
    assert report.indicators_loaded == 2 and report.indicators_failed == []  # one sentence from the PDF text
    docs = {d["id"]: d for d in open_index(data).documents}
    # no date in documents.toml: read from the letterhead, marked estimated (never the file's mtime)
    assert (docs["brief"]["date"], docs["brief"]["date_precision"]) == ("2024-04-08", "estimated")
    assert (docs["programma"]["date"], docs["programma"]["date_precision"]) == ("2023-03-14", "estimated")
    assert (docs["nazorg"]["date"], docs["nazorg"]["date_precision"]) == ("2023", "")
    again = ingest_corpus(corpus, data)
    assert again.generation == report.generation and again.indicators_loaded == 2


def test_zero_page_pdf_corrupt_docx_and_unreadable_file_do_not_stop_the_rest(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    corpus, data = _corpus(tmp_path), tmp_path / "data"
    out = io.BytesIO()
    PdfWriter().write(out)
    (corpus / "leeg.pdf").write_bytes(out.getvalue())
    (corpus / "kapot.docx").write_bytes(b"PK\x03\x04 not really a zip")
    report = ingest_corpus(corpus, data)
    reasons = dict(report.failed)
    assert "no pages" in reasons["leeg.pdf"] and "OCR" not in reasons["leeg.pdf"]
    assert "corrupt or unreadable Word file" in reasons["kapot.docx"]
    assert sorted(report.added) == ["brief.pdf", "nazorg.txt", "programma.docx"]
    assert report.indicators_loaded == 2


def test_unreadable_file_is_reported_and_the_rest_is_ingested(tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path), tmp_path / "data"
    secret = corpus / "geheim.txt"
    if os.geteuid() != 0:
        secret.write_text("Geheime tekst.\n", encoding="utf-8")
        secret.chmod(0)
        expected = "permission denied"
    else:  # root reads any file whatever its mode: take a file no one can read (EIO on read)
        secret.symlink_to("/proc/self/mem")
        expected = "cannot be read"
    report = ingest_corpus(corpus, data)
    assert [name for name, _ in report.failed] == ["geheim.txt"], report.failed
    assert expected in report.failed[0][1]
    assert sorted(report.added) == ["brief.pdf", "nazorg.txt", "programma.docx"]
    assert report.indicators_loaded == 2
    again = ingest_corpus(corpus, data)  # still unreadable: a known failure, nothing re-done
    assert again.generation == report.generation and [n for n, _ in again.failed] == ["geheim.txt"]


def test_failing_indicator_step_leaves_the_index_as_it_was_and_a_rerun_works(tmp_path: Path) -> None:
    corpus, data = _corpus(tmp_path), tmp_path / "data"
    first = ingest_corpus(corpus, data)
    (corpus / "nazorg.txt").write_text("Nazorg\n\nDe nazorg duurt 6 maanden na plaatsing, ook nu.\n")
    (corpus / "indicators.csv").write_bytes(b"\xff\xfe\x00 not a csv")  # unreadable as UTF-8
    with pytest.raises(IngestError, match=r"indicators.csv.*the index was not changed"):
        ingest_corpus(corpus, data)
    assert read_current(data) == first.generation
    (corpus / "indicators.csv").write_text(
        HEADER
        + 'nazorg_duur,Duur nazorg,regio,2023,6,maanden,nazorg,corpus/nazorg.txt,3,"De nazorg duurt 6"\n'
    )
    fixed = ingest_corpus(corpus, data)
    assert fixed.generation != first.generation and fixed.updated == ["nazorg.txt"]
    assert fixed.indicators_loaded == 1
    assert ingest_corpus(corpus, data).generation == fixed.generation  # then a no-change run
