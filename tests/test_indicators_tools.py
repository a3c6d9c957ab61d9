"""The indicator tools: search, get_indicator with conflicts side by side, compute, budget_status."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from assistant.errors import NotFoundError
from assistant.indicators import tools
from assistant.indicators.compute import ComputeError
from ingest.indicator_import import import_file
from ingest.indicators import load_indicator_table
from ingest.manifest import corpus_files, documents_for

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    docs = [m for metas in documents_for(CORPUS, corpus_files(CORPUS)).values() for m in metas]
    path = tmp_path / "indicators.sqlite"
    assert load_indicator_table(CORPUS, path, docs).loaded == 722
    return path


def test_find_indicators_spelling_variant_and_ranking(db: Path) -> None:
    hits = tools.find_indicators("statushouders bijstand Wijdmeren", limit=3, db_path=db)
    assert hits[0].row.id == "pwet_wijdemeren_statushouders"
    assert hits[0].row.source.document_id == "plan-pow-2019"


def test_find_indicators_two_gemeenten_ranks_both(db: Path) -> None:
    ids = [
        h.row.id for h in tools.find_indicators("Hoeveel 50-plussers in Gooise Meren en Huizen", db_path=db)
    ]
    assert any("gooise_meren_ge50" in i for i in ids[:6])
    assert any("huizen_ge50" in i for i in ids[:6])


def test_find_indicators_scope_filter(db: Path) -> None:
    hits = tools.find_indicators("werkzoekenden met een uitkering", scope="H'sum", db_path=db)
    assert hits and all(h.row.area == "Hilversum" for h in hits)


def test_families_return_whole_table(db: Path) -> None:
    fams = tools.find_indicator_families("Participatiewet-uitkering statushouder per gemeente", db_path=db)
    ids = {r.id for r in fams[0].rows}
    assert {"pwet_weesp_statushouders", "pwet_hilversum_totaal"} <= ids


def test_get_indicator_returns_both_conflicting_budget_values(db: Path) -> None:
    res = tools.get_indicator("pow001_versterking_wsp_2019_2021", db_path=db)
    values = {(r.id, r.value, r.source.document_id) for r in res.rows + res.alternatives}
    assert values == {
        ("pow001_versterking_wsp_2019_2021", 387500.0, "voorstel-pow-2019"),
        ("pow003_versterking_wsp_2019_2021", 417500.0, "plan-pow-2019"),
    }
    assert res.conflict is True
    assert all(r.source.sentence and r.source.line for r in res.rows + res.alternatives)


def test_get_indicator_unknown_id(db: Path) -> None:
    with pytest.raises(NotFoundError):
        tools.get_indicator("bestaat_niet", db_path=db)


def test_compute_sum_difference_percentage_rounding(db: Path) -> None:
    total = tools.compute("sum(pow001_totaal_2019, pow001_totaal_2020, pow001_totaal_2021)", db_path=db)
    assert total.result == 2_000_000
    assert total.formula == "sum(469100, 827550, 703350)"
    assert total.inputs[0].source is not None and total.inputs[0].source.line == 86
    gap = tools.compute(
        "norm - extra",
        {"norm": "banenafspraak_gv_norm_eind_2020", "extra": "banenafspraak_gv_extra_banen_q4_2020"},
        db_path=db,
    )
    assert gap.result == 292
    share = tools.compute("round(pct(extra, norm), 1)", {"norm": 900, "extra": "608"}, db_path=db)
    assert share.result == 67.6
    assert tools.compute("round(a * b / 100)", {"a": "1.451", "b": "5"}).result == 73


def test_compute_division_by_zero(db: Path) -> None:
    with pytest.raises(ComputeError, match="deling door nul"):
        tools.compute("a / (b - b)", {"a": 1, "b": 2}, db_path=db)


def test_compute_unknown_name(db: Path) -> None:
    with pytest.raises(ComputeError, match="onbekende naam 'onbekend'"):
        tools.compute("onbekend + 1", db_path=db)


@pytest.mark.parametrize(
    "expr", ["__import__('os').system('true')", "x.__class__", "open('/etc/passwd')", "2 ** 99"]
)
def test_compute_refuses_calls_and_attributes(db: Path, expr: str) -> None:
    with pytest.raises(ComputeError, match="niet toegestaan"):
        tools.compute(expr, {"x": 1}, db_path=db)


def test_budget_status_says_realisation_missing(db: Path) -> None:
    status = tools.budget_status("PoW", "versterking WSP", 2020, db_path=db)
    assert status.realisation_known is False
    assert "geen realisatiecijfers" in status.message.lower()
    (line,) = status.lines
    assert line.besteed is None and line.resterend is None
    assert sorted(r.value for r in line.begroot) == [155000.0, 170000.0]


def test_budget_status_computes_resterend_after_import(db: Path, tmp_path: Path) -> None:
    export = tmp_path / "fin.csv"
    export.write_text(
        "Programma;Begrotingspost;Jaar;Besteed;Peildatum\n"
        "Werken aan Werk;Innovatiefonds;2020;€ 150.000,-;31-12-2020\n",
        encoding="utf-8",
    )
    assert import_file(export, db).realisations_added == 1
    status = tools.budget_status("WaW", "Innovatiefonds", "2020", db_path=db)
    (line,) = status.lines
    assert (line.besteed, line.resterend, line.peildatum) == (150000.0, 50000.0, "2020-12-31")
    assert status.realisation_known is True


def test_tool_call_under_10_ms(db: Path) -> None:
    tools.find_indicators("warm up", db_path=db)
    start = time.perf_counter()
    for _ in range(20):
        tools.get_indicator("pwet_hilversum_totaal", db_path=db)
        tools.compute("a + b", {"a": "pwet_hilversum_totaal", "b": 1}, db_path=db)
    assert (time.perf_counter() - start) / 40 < 0.010
