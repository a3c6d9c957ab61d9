"""`assistant indicators import`: Dutch formats, bad files refused with reasons, versions by peildatum."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import openpyxl
import pytest

from assistant.indicators import tools
from ingest.indicator_import import IndicatorImportError, import_file
from ingest.indicators import load_indicator_table
from ingest.manifest import corpus_files, documents_for

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    docs = [m for metas in documents_for(CORPUS, corpus_files(CORPUS)).values() for m in metas]
    path = tmp_path / "indicators.sqlite"
    load_indicator_table(CORPUS, path, docs)
    return path


def _count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM indicator_versions").fetchone()[0])


def test_csv_dutch_formats_and_header_synonyms(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text(
        "Code;Waarde;Eenheid;Peildatum\npwet_hilversum_totaal;2.210;personen;31-12-2023\n"
        "pow_subsidie_gv;€ 2.000.000;EUR;2024-01-01\nbanenafspraak_gv_realisatie_2020_pct_lt;68%;;2024-01-01\n",
        encoding="utf-8",
    )
    rep = import_file(f, db)
    assert (rep.versions_added, rep.failed, rep.applied) == (3, [], True)
    res = tools.get_indicator("pow_subsidie_gv", db_path=db)
    assert res.versions[-1].value == 2_000_000


def test_csv_in_cp1252_is_read(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "cp1252.csv"
    f.write_bytes(
        "indicator;bedrag;peildatum;omschrijving\njongerenvoucher_jaar1;€ 3.000,-;2024-02-01;één\n".encode(
            "cp1252"
        )
    )
    rep = import_file(f, db)
    assert rep.versions_added == 1
    assert any("cp1252" in n for n in rep.notes)


def test_number_1_2_3_is_a_bad_row_and_file_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(
        'id,waarde,peildatum\npwet_hilversum_totaal,2210,2024-01-01\npwet_huizen_totaal,"1,2,3",2024-01-01\n'
    )
    rep = import_file(f, db, partial=False)
    assert rep.applied is False
    assert rep.failed == [
        ("", 3, "column B (waarde): '1,2,3': separators in odd places; write e.g. 1.234,56")
    ]
    assert _count(db) == 0  # all-or-nothing: the good row was not loaded either


def test_a_bad_row_never_costs_the_good_ones(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "bad.csv"
    f.write_text("id;waarde;peildatum\npwet_hilversum_totaal;2210;2024-01-01\nonbekend_id;5;2024-01-01\n")
    rep = import_file(f, db)
    assert rep.applied and rep.versions_added == 1
    assert rep.failed == [("", 3, "column A (id): unknown indicator id 'onbekend_id'")]
    assert [(r.line, r.outcome) for r in rep.rows] == [(2, "added"), (3, "failed")]
    assert _count(db) == 1


def test_unknown_unit_is_a_bad_row(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "unit.csv"
    f.write_text("id;waarde;eenheid;peildatum\npwet_hilversum_totaal;2210;lichtjaren;2024-01-01\n")
    rep = import_file(f, db)
    assert rep.failed == [("", 2, "column C (eenheid): unknown unit 'lichtjaren'")]


def test_empty_file_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "empty.csv"
    f.write_bytes(b"")
    with pytest.raises(IndicatorImportError, match="empty"):
        import_file(f, db)


def test_file_over_size_limit_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "huge.csv"
    with f.open("wb") as fh:  # sparse: 100 MB on paper, no time or disk spent
        fh.truncate(100 * 1024 * 1024)
    with pytest.raises(IndicatorImportError, match="over the limit"):
        import_file(f, db)
    assert _count(db) == 0


def test_xlsx_merged_header_cells_are_refused(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indicator", "Waarde", None, "Peildatum"])
    ws.merge_cells("B1:C1")
    ws.append(["pwet_hilversum_totaal", 2210, None, "2024-01-01"])
    f = tmp_path / "merged.xlsx"
    wb.save(f)
    with pytest.raises(IndicatorImportError, match="merged header cells B1:C1"):
        import_file(f, db)


def test_xlsx_formula_cell_without_value_is_a_bad_row(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Indicator", "Waarde", "Peildatum"])
    ws.append(["pwet_hilversum_totaal", "=1000+1210", "2024-01-01"])  # openpyxl saves no cached result
    f = tmp_path / "formula.xlsx"
    wb.save(f)
    rep = import_file(f, db, partial=False)
    assert rep.applied is False
    assert rep.failed == [("Sheet", 2, "cell B2 is a formula without a computed value")]


def test_xlsx_several_sheets(db: Path, tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "cijfers"
    ws.append(["Indicator", "Waarde", "Peildatum"])
    ws.append(["pwet_hilversum_totaal", 2210, "2024-01-01"])
    fin = wb.create_sheet("financien")
    fin.append(["Programma", "Post", "Jaar", "Begroot", "Gerealiseerd", "Peildatum"])
    fin.append(["Perspectief op Werk", "Pilot scholingsmakelaar", 2020, 82800, "€ 80.000", "2021-01-31"])
    f = tmp_path / "multi.xlsx"
    wb.save(f)
    rep = import_file(f, db)
    assert (rep.versions_added, rep.realisations_added, rep.failed) == (1, 1, [])


def test_newer_peildatum_adds_version_and_keeps_history(db: Path, tmp_path: Path) -> None:
    for date, value in (("2023-12-31", "2.210"), ("2024-06-30", "2.300")):
        f = tmp_path / f"{date}.csv"
        f.write_text(f"id;waarde;peildatum\npwet_hilversum_totaal;{value};{date}\n")
        assert import_file(f, db).versions_added == 1
    res = tools.get_indicator("pwet_hilversum_totaal", all_versions=True, db_path=db)
    assert [(v.peildatum, v.value) for v in res.versions] == [("2023-12-31", 2210.0), ("2024-06-30", 2300.0)]
    assert res.rows[0].value == 2175  # the document's figure stays as it was
    latest = tools.get_indicator("pwet_hilversum_totaal", db_path=db)
    assert [v.value for v in latest.versions] == [2300.0]


def test_same_peildatum_other_value_is_not_overwritten(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "a.csv"
    f.write_text("id;waarde;peildatum\npwet_hilversum_totaal;2210;2024-01-01\n")
    import_file(f, db)
    f.write_text("id;waarde;peildatum\npwet_hilversum_totaal;9999;2024-01-01\n")
    rep = import_file(f, db)
    assert rep.versions_added == 0 and "never overwritten" in rep.failed[0][2]
    assert tools.get_indicator("pwet_hilversum_totaal", db_path=db).versions[-1].value == 2210
