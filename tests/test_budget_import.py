"""Budget realisations through `assistant indicators import`: bad cells refused with line and column,
"no amount" read as NULL, the good rows kept, the file's number format decided from its own cells,
and the ingest lock shared so an ingest rebuilding the table cannot lose an import."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from assistant.indicators import tools
from ingest.errors import IngestLockedError
from ingest.indicator_import import ImportReport, import_file
from ingest.indicators import load_indicator_table
from ingest.lock import ingest_lock
from ingest.manifest import corpus_files, documents_for

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
ASSISTANT = Path(sys.executable).parent / "assistant"
HEADER = ["Programma", "Begrotingspost", "Jaar", "Begroot", "Besteed", "Peildatum"]
BAD_SHEET = [
    ["Perspectief op Werk", "Pilot scholingsmakelaar", 2020, "82.800,00", "61.250,50", dt.date(2020, 12, 31)],
    ["Werken aan Werk", "Innovatiefonds", 2020, 200000, "€ 12,5 mln", "31-12-2020"],
    ["Werken aan Werk", "Schoonthuis continueren", 2020, "730.000", "187342.66", "31-12-2020"],
    ["Werken aan Werk", "Matching versterken", 2020, "59.000", "n.v.t.", "31-12-2020"],
    ["Werken aan Werk", "Sturen op resultaten", 2020, "-", "—", "31-12-2020"],
    ["Werken aan Werk", "Gezamenlijk monitoren", 2020, None, "16.000", "31-12-2020"],
]


def _docs() -> list:
    return [m for metas in documents_for(CORPUS, corpus_files(CORPUS)).values() for m in metas]


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "indicators.sqlite"
    path.parent.mkdir()
    load_indicator_table(CORPUS, path, _docs())
    return path


def _xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Realisatie"
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def _realisations(db: Path) -> dict[str, tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT budget_line, begroot, besteed, peildatum, source_file, source_line FROM realisations"
        )
        return {r[0]: r[1:] for r in rows}


def test_bad_cells_are_refused_with_line_and_column_and_the_good_rows_load(db: Path, tmp_path: Path) -> None:
    rep = import_file(_xlsx(tmp_path / "fin.xlsx", BAD_SHEET), db)
    failed = {line: reason for _, line, reason in rep.failed}
    assert sorted(failed) == [3, 4]
    assert failed[3].startswith("column E (Besteed): '€ 12,5 mln' has a unit word ('mln')")
    assert "12.500.000" in failed[3]  # says what to write instead
    assert failed[4].startswith("column E (Besteed): '187342.66' is written as 1,234.56")
    assert "'82.800,00' at [Realisatie] line 2, column D (Begroot)" in failed[4]  # the evidence
    assert "write 187.342,66" in failed[4]
    assert rep.applied and rep.realisations_added == 4
    assert [(r.line, r.outcome) for r in rep.rows] == [
        (2, "added"), (3, "failed"), (4, "failed"), (5, "added"), (6, "added"), (7, "added")
    ]  # fmt: skip
    got = _realisations(db)
    assert got["Pilot scholingsmakelaar"] == (82800.0, 61250.5, "2020-12-31", "fin.xlsx [Realisatie]", 2)
    assert got["Matching versterken"][:2] == (59000.0, None)  # n.v.t.: no amount
    assert got["Sturen op resultaten"][:2] == (None, None)  # - and —
    assert got["Gezamenlijk monitoren"][:2] == (None, 16000.0)  # an empty cell
    assert "Innovatiefonds" not in got and "Schoonthuis continueren" not in got


def test_the_same_bad_cells_in_a_csv(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "fin.csv"
    f.write_text(
        "Programma;Begrotingspost;Jaar;Begroot;Besteed;Peildatum\n"
        "Perspectief op Werk;Pilot scholingsmakelaar;2020;82.800,00;61.250,50;31-12-2020\n"
        "Werken aan Werk;Innovatiefonds;2020;200.000;€ 12,5 mln;31-12-2020\n"
        "Werken aan Werk;Schoonthuis continueren;2020;730.000;187342.66;31-12-2020\n"
        "Werken aan Werk;Matching versterken;2020;59.000;n.v.t.;31-12-2020\n"
        "Werken aan Werk;Sturen op resultaten;2020;-;—;31-12-2020\n"
        "Werken aan Werk;Gezamenlijk monitoren;2020;;16.000;31-12-2020\n",
        encoding="utf-8",
    )
    rep = import_file(f, db)
    assert [(line, reason.split(":")[0]) for _, line, reason in rep.failed] == [
        (3, "column E (Besteed)"),
        (4, "column E (Besteed)"),
    ]
    assert rep.realisations_added == 4 and rep.number_format == "nl"


def test_an_english_format_file_reads_its_decimal_points(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "export.csv"
    f.write_text(
        "Programme,Budget line,Year,Budget,Spent,As of\n"
        'Werken aan Werk,Schoonthuis continueren,2020,"730,000.00",187342.66,2020-12-31\n'
        'Werken aan Werk,Innovatiefonds,2020,"200,000","82,800",2020-12-31\n',
        encoding="utf-8",
    )
    rep = import_file(f, db)
    assert rep.failed == [] and rep.number_format == "en"
    got = _realisations(db)
    assert got["Schoonthuis continueren"][:2] == (730000.0, 187342.66)
    assert got["Innovatiefonds"][:2] == (200000.0, 82800.0)  # read by the file's convention


def test_a_dutch_cell_in_an_english_file_is_refused(db: Path, tmp_path: Path) -> None:
    f = tmp_path / "mixed.csv"
    f.write_text(
        "Programma;Begrotingspost;Jaar;Begroot;Besteed;Peildatum\n"
        "Werken aan Werk;Innovatiefonds;2020;200,000.00;150,000.50;2020-12-31\n"
        "Werken aan Werk;Matching versterken;2020;59,000.00;12.345,67;2020-12-31\n",
        encoding="utf-8",
    )
    rep = import_file(f, db)
    assert [line for _, line, _ in rep.failed] == [3]
    assert "this file writes numbers as 1,234.56" in rep.failed[0][2]


def test_all_or_nothing_changes_nothing_when_a_row_is_bad(db: Path, tmp_path: Path) -> None:
    rep = import_file(_xlsx(tmp_path / "fin.xlsx", BAD_SHEET), db, partial=False)
    assert not rep.applied and len(rep.failed) == 2
    assert _realisations(db) == {}


def test_programme_may_be_left_out_when_the_line_names_one(db: Path, tmp_path: Path) -> None:
    rows = [
        ["Pilot scholingsmakelaar", 2020, "82.800", "40.000", "30-06-2020"],
        ["Impuls lokale initiatieven", 2020, "340.000", "10.000", "30-06-2020"],  # in PoW and WaW
    ]
    rep = import_file(_xlsx(tmp_path / "p.xlsx", rows, HEADER[1:]), db)
    assert rep.realisations_added == 1
    ((_, line, reason),) = rep.failed
    assert line == 3 and "Perspectief op Werk and Werken aan Werk; add a Programma column" in reason


def test_reimport_is_unchanged_and_other_figures_for_a_peildatum_are_refused(
    db: Path, tmp_path: Path
) -> None:
    rows = [["Werken aan Werk", "Innovatiefonds", 2020, "200.000", "150.000", "31-12-2020"]]
    f = _xlsx(tmp_path / "a.xlsx", rows)
    assert import_file(f, db).realisations_added == 1
    again = import_file(f, db)
    assert (again.realisations_added, again.unchanged, again.failed) == (0, 1, [])
    rows[0][4] = "160.000"
    changed = import_file(_xlsx(tmp_path / "b.xlsx", rows), db)
    assert "never overwritten" in changed.failed[0][2]
    assert _realisations(db)["Innovatiefonds"][1] == 150000.0


def test_an_import_waits_for_the_ingest_lock_and_is_refused_after_the_wait(db: Path, tmp_path: Path) -> None:
    data = db.parent
    f = _xlsx(tmp_path / "fin.xlsx", BAD_SHEET[:1])
    # The lock's own error (the API answers it 409 "try again", not 422 "bad file").
    refused = pytest.raises(IngestLockedError, match=r"another ingest is running .*nothing was imported")
    with ingest_lock(data), refused:
        import_file(f, db, lock_dir=data, lock_wait_s=0.3)
    assert _realisations(db) == {}


def test_an_import_during_an_ingest_rebuild_is_not_lost(db: Path, tmp_path: Path) -> None:
    """The ingest holds the lock while it rebuilds indicators.sqlite; the import waits for it and lands
    in the rebuilt file, instead of in the old one that the rebuild replaces."""
    data = db.parent
    f = _xlsx(tmp_path / "fin.xlsx", BAD_SHEET[:1])
    result: dict[str, ImportReport] = {}
    with ingest_lock(data):
        worker = threading.Thread(
            target=lambda: result.update(rep=import_file(f, db, lock_dir=data, lock_wait_s=30))
        )
        worker.start()
        time.sleep(0.5)
        assert worker.is_alive()  # waiting for the lock
        assert load_indicator_table(CORPUS, db, _docs()).loaded == 722  # what an ingest does: rebuild
    worker.join(30)
    assert result["rep"].realisations_added == 1
    assert "Pilot scholingsmakelaar" in _realisations(db)
    load_indicator_table(CORPUS, db, _docs())  # the next ingest carries the import over, NULLs included
    assert _realisations(db)["Pilot scholingsmakelaar"][:2] == (82800.0, 61250.5)


def test_ingest_carries_null_amounts_over(db: Path, tmp_path: Path) -> None:
    import_file(_xlsx(tmp_path / "fin.xlsx", BAD_SHEET), db)
    before = _realisations(db)
    load_indicator_table(CORPUS, db, _docs())
    assert _realisations(db) == before


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(data),
        "ASSISTANT_CORPUS_DIR": str(CORPUS),
        "COLUMNS": "300",
    }
    return subprocess.run([str(ASSISTANT), *args], env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_cli_import_reports_each_bad_row_and_show_and_list_the_imports(db: Path, tmp_path: Path) -> None:
    f = _xlsx(tmp_path / "fin.xlsx", BAD_SHEET)
    proc = _cli(db.parent, "indicators", "import", str(f))
    assert proc.returncode == 1  # good rows in, bad rows still to fix
    assert "fin.xlsx [Realisatie] line 3: column E (Besteed): '€ 12,5 mln' has a unit word" in proc.stderr
    assert "fin.xlsx [Realisatie] line 4: column E (Besteed): '187342.66'" in proc.stderr
    assert "4 realisatie(s)" in proc.stdout and "Traceback" not in proc.stderr
    show = _cli(db.parent, "indicators", "show", "pow003_scholingsmakelaar_2020")
    assert "realisatie 2020 per 2020-12-31: begroot € 82.800, besteed € 61.250,5" in show.stdout
    assert "import fin.xlsx [Realisatie]:2" in show.stdout
    listed = _cli(db.parent, "indicators", "list", "--period", "2020", "--json")
    rows = {r["id"]: r for r in json.loads(listed.stdout)}
    (real,) = rows["waw_matching_versterken_2020"]["realisations"]
    assert (real["begroot"], real["besteed"], real["source_line"]) == (59000.0, None, 5)
    assert real["imported_at"]


def test_budget_status_uses_the_import_with_its_sources(db: Path, tmp_path: Path) -> None:
    import_file(_xlsx(tmp_path / "fin.xlsx", BAD_SHEET), db)
    (line,) = tools.budget_status("PoW", "scholingsmakelaar", 2020, db_path=db).lines
    assert (line.begroot_amount, line.besteed, line.resterend, line.peildatum) == (
        82800.0, 61250.5, 21549.5, "2020-12-31"
    )  # fmt: skip
    assert line.besteed_source is not None and line.begroot_source == line.besteed_source
    assert (line.besteed_source.kind, line.besteed_source.file, line.besteed_source.line) == (
        "import", "fin.xlsx [Realisatie]", 2
    )  # fmt: skip
    # No begroot in the import: the documents' (one value) with the document as its source.
    (monitor,) = tools.budget_status("WaW", "Gezamenlijk monitoren", 2020, db_path=db).lines
    assert monitor.resterend == 0.0 and monitor.begroot_source is not None
    assert monitor.begroot_source.kind == "document" and monitor.begroot_source.sentence
    # Besteed n.v.t.: no realisation, no remainder from the budget alone.
    (matching,) = tools.budget_status("WaW", "Matching versterken", 2020, db_path=db).lines
    assert (matching.realisation_known, matching.resterend, matching.begroot_amount) == (False, None, 59000.0)
    assert "n.v.t." in matching.message
    # Documents disagree on the begroot and the import has none: besteed known, resterend not computed.
    rows = [["Perspectief op Werk", "Versterking Werkgeversservicepunt", 2020, "", "100.000", "31-12-2020"]]
    import_file(_xlsx(tmp_path / "wsp.xlsx", rows), db)
    (wsp,) = tools.budget_status("PoW", "versterking WSP", 2020, db_path=db).lines
    assert (wsp.besteed, wsp.resterend, wsp.begroot_amount) == (100000.0, None, None)
    assert "verschilt tussen documenten" in wsp.message


def test_the_llm_tool_returns_the_same_fields(db: Path, tmp_path: Path) -> None:
    from assistant.indicators.langchain_tools import indicator_tools

    import_file(_xlsx(tmp_path / "fin.xlsx", BAD_SHEET), db)
    tool = next(t for t in indicator_tools(db) if t.name == "budget_status")
    out = tool.invoke({"programme": "Perspectief op Werk", "line": "Pilot scholingsmakelaar", "year": "2020"})
    (line,) = out["lines"]
    assert line["besteed_source"]["file"] == "fin.xlsx [Realisatie]" and line["besteed_source"]["line"] == 2
    assert (line["begroot_amount"], line["besteed"], line["resterend"], line["peildatum"]) == (
        82800.0, 61250.5, 21549.5, "2020-12-31"
    )  # fmt: skip
    assert out["realisation_known"] is True
