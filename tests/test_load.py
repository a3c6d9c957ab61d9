"""Loaders: good files of each type, and one test per kind of bad input with its clear reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from ingest.errors import IngestError
from ingest.load import load_document


def _pdf_bytes(pages: list[str], password: str | None = None) -> bytes:
    """A real PDF with one text line per page, built with pypdf (no extra dependency)."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    font_ref = writer._add_object(font)
    for text in pages:
        page = writer.add_blank_page(width=300, height=200)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode("latin-1"))
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font_ref})}
        )
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _reason(path: Path, **kwargs: float) -> str:
    with pytest.raises(IngestError) as info:
        load_document(path, **kwargs)
    assert info.value.path == str(path)
    return info.value.reason


def test_text_keeps_every_raw_line_and_hashes_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Kop\n\nEerste regel\nTweede regel")
    doc = load_document(path)
    assert [p.lines for p in doc.pages] == [["Kop", "", "Eerste regel", "Tweede regel"]]
    assert doc.pages[0].first_line == 1 and doc.pages[0].line_numbers
    import hashlib

    assert doc.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_markdown_is_one_page_of_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("# Titel\n\n| a | b |\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.pages[0].lines == ["# Titel", "", "| a | b |"]


def test_pdf_keeps_page_numbers(tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(_pdf_bytes(["Eerste pagina over nazorg", "Tweede pagina over scholing"]))
    doc = load_document(path)
    assert [p.page for p in doc.pages] == [1, 2]
    assert not doc.pages[0].line_numbers
    assert "nazorg" in " ".join(doc.pages[0].lines)
    assert "scholing" in " ".join(doc.pages[1].lines)
    assert "nazorg" in doc.text and "scholing" in doc.text


def test_docx_paragraphs_and_tables_become_lines(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Inleiding over werk")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Jaar", "Bedrag"
    table.cell(1, 0).text, table.cell(1, 1).text = "2019", "€ 200.000"
    document.add_paragraph("Slot")
    path = tmp_path / "brief.docx"
    document.save(str(path))
    doc = load_document(path)
    lines = doc.pages[0].lines
    assert lines.index("Inleiding over werk") < lines.index("Jaar\tBedrag") < lines.index("Slot")
    assert "2019\t€ 200.000" in lines
    assert not doc.pages[0].line_numbers


def test_corrupt_pdf(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x8a\x13 garbage without objects " * 20)
    reason = _reason(path)
    assert "corrupt" in reason and "PDF" in reason


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = tmp_path / "geheim.pdf"
    path.write_bytes(_pdf_bytes(["vertrouwelijk"], password="s3cret"))
    assert "encrypted" in _reason(path)


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "leeg.txt"
    path.write_text("  \n\n", encoding="utf-8")
    assert "empty" in _reason(path)


def test_binary_junk_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 8)
    assert "binary" in _reason(path)


def test_control_characters_without_nul_are_rejected(tmp_path: Path) -> None:
    path = tmp_path / "junk2.txt"
    path.write_bytes(b"\x01\x02\x03\x04\x05abc\x06\x07\x0e\x0f" * 50)
    assert "binary" in _reason(path)


def test_cp1252_text_is_decoded_right(tmp_path: Path) -> None:
    path = tmp_path / "oud.txt"
    path.write_bytes("Financiën: € 5,6 miljoen – “zo’n” bedrag".encode("cp1252"))
    with pytest.warns(UserWarning, match="cp1252"):
        doc = load_document(path)
    assert doc.text == "Financiën: € 5,6 miljoen – “zo’n” bedrag"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffFinanciën".encode())
    assert load_document(path).pages[0].lines == ["Financiën"]


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "tabel.xlsx"
    path.write_bytes(b"PK\x03\x04")
    reason = _reason(path)
    assert "unsupported" in reason and ".xlsx" in reason and ".pdf" in reason


def test_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "groot.txt"
    path.write_text("woord " * 50_000, encoding="utf-8")
    reason = _reason(path, max_file_mb=0.1)
    assert "limit" in reason and "ASSISTANT_MAX_FILE_MB" in reason
