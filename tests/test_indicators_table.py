"""The indicators table: every reference row loads with verified provenance; bad rows are reported."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from ingest.indicators import load_indicator_table
from ingest.manifest import corpus_files, documents_for
from ingest.numbers import NumberFormatError, parse_number

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def _docs(corpus: Path) -> list:
    return [m for metas in documents_for(corpus, corpus_files(corpus)).values() for m in metas]


def test_all_reference_rows_load_with_verified_provenance(tmp_path: Path) -> None:
    report = load_indicator_table(CORPUS, tmp_path / "ind.sqlite", _docs(CORPUS))
    with (CORPUS / "indicators.csv").open(encoding="utf-8") as fh:
        n_rows = sum(1 for _ in csv.DictReader(fh))
    assert n_rows == 722
    assert report.failed == []
    assert report.loaded == 722


def _corpus_with_rows(tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    with (CORPUS / "indicators.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    edit(rows)
    with (corpus / "indicators.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return corpus


def test_row_whose_sentence_is_not_in_document_is_rejected_with_line(tmp_path: Path) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[4]["sentence"] = "Deze zin staat nergens in het document: 999 banen."

    corpus = _corpus_with_rows(tmp_path, edit)
    report = load_indicator_table(corpus, tmp_path / "ind.sqlite", _docs(corpus))
    assert report.loaded == 721
    assert len(report.failed) == 1
    line, reason = report.failed[0]
    assert line == 6  # header is line 1, rows[4] is line 6
    assert "sentence not found" in reason


def test_unknown_unit_is_rejected(tmp_path: Path) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[0]["unit"] = "parsecs"

    corpus = _corpus_with_rows(tmp_path, edit)
    report = load_indicator_table(corpus, tmp_path / "ind.sqlite", _docs(corpus))
    assert report.failed == [
        (2, "unknown unit 'parsecs' (known units: see KNOWN_UNITS in ingest/indicators.py)")
    ]


def test_bad_number_and_period_are_rejected(tmp_path: Path) -> None:
    def edit(rows: list[dict[str, str]]) -> None:
        rows[1]["value"] = "1,2,3"
        rows[2]["period"] = "ooit"

    corpus = _corpus_with_rows(tmp_path, edit)
    report = load_indicator_table(corpus, tmp_path / "ind.sqlite", _docs(corpus))
    lines = dict(report.failed)
    assert "not a number" in lines[3]
    assert "not a recognised period" in lines[4]


def test_pro_memorie_row_has_no_value() -> None:
    with (CORPUS / "indicators.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["id"] == "pow003_evaluatie_wsp")
    assert row["value"] == "" and row["qualifier"] == "p.m."


def test_qualifier_derived_from_text() -> None:
    with (CORPUS / "indicators.csv").open(encoding="utf-8") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["bijstand_zonder_opleiding_startkwalificatie_pct"]["qualifier"] == "ruim"
    assert rows["pwet_aandeel_statushouders_pct"]["qualifier"] == "bijna"


def test_reload_keeps_imported_history_and_is_atomic(tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "ind.sqlite"
    load_indicator_table(CORPUS, db, _docs(CORPUS))
    with sqlite3.connect(db) as conn:
        conn.execute(
            "INSERT INTO indicator_versions (indicator_id, value, unit, peildatum, imported_at) "
            "VALUES ('pwet_hilversum_totaal', 2200, 'personen', '2024-01-01', 'now')"
        )
    load_indicator_table(CORPUS, db, _docs(CORPUS))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM indicator_versions").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM indicators").fetchone()[0] == 722
    assert [p.name for p in tmp_path.iterdir()] == ["ind.sqlite"]  # no temp file left behind


@pytest.mark.parametrize(
    ("text", "value"),
    [("4.043", 4043), ("5,6", 5.6), ("€ 5,6 miljoen", 5_600_000), ("€ 2 mln", 2_000_000),
     ("€ 3.000,-", 3000), ("68%", 68), ("twee miljoen", 2_000_000), ("1.234,56", 1234.56)],
)  # fmt: skip
def test_dutch_numbers(text: str, value: float) -> None:
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value)
    assert parsed.raw == text


def test_number_1_2_3_is_ambiguous() -> None:
    with pytest.raises(NumberFormatError, match="ambiguous"):
        parse_number("1,2,3")
