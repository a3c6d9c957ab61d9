"""Split the freshly written own questions into a tuning half and a sealed half, once, before tuning.

Usage: .venv/bin/python scripts/split_own_set.py EARLIER.jsonl evals/drafts/*.jsonl
Run once, on 2 December 2026, with the earlier own set of 83 questions (`git show
a322504^:evals/questions.jsonl`, now the first 83 lines of evals/own-tuning.jsonl) as EARLIER.
The earlier own set was already used to fit the relevance weights, so it can
only be tuning material; the new questions are split stratified by kind and document with a fixed
seed so that both halves together are about half and half and the sealed half mirrors the mix of
kinds. Conversation scenarios ({"turns": ...}) are split the same way into their own two files.
The sealed files are scored only in aggregate (scripts/score_own.py prints no per-question lines).
"""

from __future__ import annotations

import json
import random
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = 20261202


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, items: list[dict]) -> None:
    path.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items), encoding="utf-8")


def split(items: list[dict], sealed_share: float, rng: random.Random) -> tuple[list[dict], list[dict]]:
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for it in items:
        strata[(it.get("kind", "conversation"), it["id"][:1])].append(it)
    tuning, sealed = [], []
    carry = 0.0  # rounding carried across strata, so the total share comes out right
    for key in sorted(strata):
        group = strata[key]
        rng.shuffle(group)
        want = len(group) * sealed_share + carry
        n = round(want)
        carry = want - n
        sealed += group[:n]
        tuning += group[n:]
    return tuning, sealed


def main(earlier: str, paths: list[str]) -> None:
    rng = random.Random(SEED)
    old = _read(Path(earlier))
    fresh, scenarios = [], []
    for p in map(Path, paths):
        for it in _read(p):
            (scenarios if "turns" in it else fresh).append(it)
    # Half of all questions sealed: every sealed one comes from the fresh pool.
    share = min(1.0, (len(old) + len(fresh)) / 2 / max(1, len(fresh)))
    tuning, sealed = split(fresh, share, rng)
    conv_tuning, conv_sealed = split(scenarios, 0.5, rng)
    _write(ROOT / "evals/own-tuning.jsonl", old + sorted(tuning, key=lambda it: it["id"]))
    _write(ROOT / "evals/own-sealed.jsonl", sorted(sealed, key=lambda it: it["id"]))
    _write(ROOT / "evals/conversations-tuning.jsonl", sorted(conv_tuning, key=lambda it: it["id"]))
    _write(ROOT / "evals/conversations-sealed.jsonl", sorted(conv_sealed, key=lambda it: it["id"]))
    for name, part in (("tuning", old + tuning), ("sealed", sealed)):
        kinds: dict[str, int] = defaultdict(int)
        for it in part:
            kinds[it["kind"]] += 1
        print(name, len(part), dict(sorted(kinds.items())))
    print("conversations", len(conv_tuning), len(conv_sealed))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
