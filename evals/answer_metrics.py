"""Answer-level metrics (plug-ins on `ask` output): status, refusals, citations, figures with unit and period."""

from __future__ import annotations

import math
import re
import unicodedata
from pathlib import Path
from typing import Any

from evals.covers import covers


def _collapse(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def number_forms(x: float) -> set[str]:
    """Ways a Dutch or English answer may write x (the same forms the shared scorer accepts)."""
    if abs(x - round(x)) < 1e-9:
        n = round(x)
        forms = {str(n), f"{n:,}".replace(",", "."), f"{n:,}"}
        if abs(n) >= 1_000_000 and n % 100_000 == 0:
            m = n / 1_000_000
            ms = f"{m:.1f}" if m % 1 else f"{int(m)}"
            forms |= {f"{ms} miljoen", f"{ms.replace('.', ',')} miljoen", f"{ms} mln"}
        return forms
    return {f"{x:.{d}f}".replace(".", sep) for d in (1, 2) for sep in (".", ",")}


def writes_number(answer: str, value: float) -> bool:
    text = unicodedata.normalize("NFKC", answer)
    return any(
        re.search(r"(?<![\d.,])" + re.escape(form) + r"(?!\d|[.,]\d)", text) for form in number_forms(value)
    )


class AnswerMetrics:
    """Per question: status right, refused, citations valid and on target, numbers right with unit and period."""

    name = "answer"
    needs = "ask"

    def __init__(self, corpus_dir: Path = Path("corpus")) -> None:
        self._corpus = "\n".join(
            _collapse(p.read_text(encoding="utf-8", errors="replace"))
            for p in sorted(corpus_dir.glob("*"))
            if p.suffix in (".txt", ".md")
        )

    def score(self, item: dict[str, Any], output: dict[str, Any]) -> dict[str, float]:
        unanswerable = item.get("kind") == "unanswerable"
        refused = output.get("status") == "no_answer"
        cites = output.get("citations", []) or []
        row: dict[str, float] = {
            "status_ok": float(refused == unanswerable),
            "refused": float(refused),
            "unanswerable": float(unanswerable),
        }
        if cites:
            valid = [
                len(_collapse(c["quote"])) >= 12 and _collapse(c["quote"]) in self._corpus for c in cites
            ]
            row["cite_valid"] = sum(valid) / len(valid)
        if not unanswerable:
            gold = [g["quote"] for g in item.get("gold", [])]
            spans = [c.get("quote", "") for c in cites] + [c.get("text", "") for c in cites]
            row["cite_hit"] = float(any(covers(s, g) for s in spans for g in gold))
        expected = (item.get("figures") or {}).get("result")
        if item.get("kind") == "compute" and expected is not None:
            values = expected if isinstance(expected, list) else [expected]
            row["numbers_ok"] = float(all(writes_number(output.get("answer", ""), float(v)) for v in values))
            figures = output.get("figures", []) or []
            row["figures_have_unit_period"] = float(
                bool(figures) and all(f["unit"] and f["period"] for f in figures)
            )
        return row


def refusal_scores(rows: list[dict[str, Any]]) -> dict[str, float]:
    """Refusal precision (refusals that were right) and recall (unanswerables refused)."""
    scored = [r["metrics"] for r in rows if "refused" in r.get("metrics", {})]
    refused = [m for m in scored if m["refused"]]
    unanswerable = [m for m in scored if m["unanswerable"]]
    precision = sum(m["unanswerable"] for m in refused) / len(refused) if refused else math.nan
    recall = sum(m["refused"] for m in unanswerable) / len(unanswerable) if unanswerable else math.nan
    return {"refusal_precision": precision, "refusal_recall": recall}


ANSWER_COLUMNS = ["status_ok", "cite_valid", "cite_hit", "numbers_ok", "figures_have_unit_period"]


def render_answers(report: dict[str, Any]) -> str:
    """The answer-level table per kind, the refusal scores and the questions whose status was wrong."""
    lines = ["", "Answers", f"{'kind':<14}" + "".join(f"{c[:12]:>13}" for c in ANSWER_COLUMNS)]
    for kind, vals in sorted(report["summary"].items(), key=lambda kv: (kv[0] != "all", kv[0])):
        cells = [f"{vals[c]:>13.3f}" if c in vals else f"{'-':>13}" for c in ANSWER_COLUMNS]
        lines.append(f"{kind:<14}" + "".join(cells))
    everything = report["summary"].get("all", {})
    for name in ("refusal_precision", "refusal_recall"):
        if name in everything:
            lines.append(f"{name}: {everything[name]:.3f}")
    wrong = [r for r in report["rows"] if r.get("metrics", {}).get("status_ok") == 0.0]
    if wrong:
        lines += ["", "Wrong status (answered vs refused):"]
        lines += [f"- {r['id']} [{r['kind']}]: {r['question']}" for r in wrong]
    return "\n".join(lines)
