"""The harness's covers rule agrees with the official scorer; metrics; own questions stand in the corpus."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from evals.covers import collapse, covers
from evals.harness import aggregate, load_questions, run
from evals.metrics import ndcg

ROOT = Path(__file__).resolve().parent.parent
SCORER = ROOT.parent / "shared/tools/rag_score.py"
QUOTE = "De beoogde startdatum van het Regionale Werkcentrum is 1 januari 2026, met voorafgaand een transitiejaar."
CASES = [
    ("Intro. " + QUOTE + " Meer tekst.", QUOTE),
    ("de beoogde startdatum van het regionale werkcentrum is 1 januari", QUOTE),
    ("startdatum werkcentrum 2026", QUOTE),
    ("Korte quote hier", "korte quote"),
    ("", QUOTE),
    ("Het Regionale Werkcentrum, 1 januari 2026!", "Regionale Werkcentrum 1 januari 2026"),
]


@pytest.mark.skipif(not SCORER.exists(), reason="shared/tools/rag_score.py not present")
@pytest.mark.parametrize(("passage", "quote"), CASES)
def test_covers_agrees_with_rag_score(passage: str, quote: str) -> None:
    spec = importlib.util.spec_from_file_location("rag_score", SCORER)
    assert spec and spec.loader
    rag = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(rag)
    assert covers(passage, quote) == rag.covers(passage, quote)


@pytest.mark.parametrize(
    ("name", "least", "most_unanswerable", "every_document"),
    # The probe sets weigh near misses and computations more: they were written to test those. The
    # third one's answerable questions leave out the raadsinformatiebrief (its facts were taken).
    [
        ("own-tuning.jsonl", 100, 0.35, True),
        ("own-sealed.jsonl", 100, 0.35, True),
        ("own-probe.jsonl", 90, 0.4, True),
        ("own-probe2.jsonl", 90, 0.45, True),
        ("own-probe3.jsonl", 60, 0.45, False),
        ("own-probe4.jsonl", 60, 0.2, True),
    ],
)
def test_own_question_sets_are_valid_and_cover_every_document(
    name: str, least: int, most_unanswerable: float, every_document: bool
) -> None:
    # Checked in aggregate only: the sealed half is never read question by question.
    corpus = {p.name: collapse(p.read_text(encoding="utf-8")) for p in (ROOT / "corpus").glob("*.txt")}
    items = load_questions(ROOT / "evals" / name)
    assert len(items) >= least
    docs = set()
    for it in items:
        assert it["kind"] in {"lookup", "multi", "compute", "procedure", "unanswerable"}
        assert bool(it["gold"]) == (it["kind"] != "unanswerable")
        assert it["kind"] != "compute" or "result" in (it.get("figures") or {})
        for g in it["gold"]:
            assert collapse(g["quote"]) in corpus[g["file"]]
            docs.add(g["file"])
    assert docs == set(corpus) if every_document else docs < set(corpus) and len(docs) >= 4
    share = sum(it["kind"] == "unanswerable" for it in items) / len(items)
    assert 0.15 <= share <= most_unanswerable


def test_the_halves_share_no_question() -> None:
    tuning = {it["id"] for it in load_questions(ROOT / "evals/own-tuning.jsonl")}
    sealed = {it["id"] for it in load_questions(ROOT / "evals/own-sealed.jsonl")}
    probe = {it["id"] for it in load_questions(ROOT / "evals/own-probe.jsonl")}
    probe2 = {it["id"] for it in load_questions(ROOT / "evals/own-probe2.jsonl")}
    probe3 = {it["id"] for it in load_questions(ROOT / "evals/own-probe3.jsonl")}
    probe4 = {it["id"] for it in load_questions(ROOT / "evals/own-probe4.jsonl")}
    assert tuning.isdisjoint(sealed) and len(tuning) + len(sealed) >= 200
    assert probe.isdisjoint(tuning | sealed) and probe2.isdisjoint(tuning | sealed | probe)
    assert probe3.isdisjoint(tuning | sealed | probe | probe2)
    assert probe4.isdisjoint(tuning | sealed | probe | probe2 | probe3)


def test_run_and_aggregate_per_kind() -> None:
    items = [
        {"id": "a", "kind": "lookup", "question": "q1", "gold": [{"quote": QUOTE}]},
        {"id": "b", "kind": "lookup", "question": "q2", "gold": [{"quote": QUOTE}]},
        {"id": "c", "kind": "unanswerable", "question": "q3", "gold": []},
    ]
    answers = {"q1": [QUOTE], "q2": ["iets anders", QUOTE], "q3": ["niets"]}
    report = run(items, {"search": lambda q: {"results": [{"text": t, "score": 0.5} for t in answers[q]]}})
    summary = aggregate(report["rows"])
    assert summary["lookup"]["recall@1"] == 0.5 and summary["lookup"]["mrr"] == 0.75
    assert json.dumps(report)  # serialisable for the saved report


def test_ndcg_binary() -> None:
    assert ndcg([QUOTE], [QUOTE]) == 1.0
    assert 0 < ndcg(["x", QUOTE], [QUOTE]) < 1.0
