"""Compare PDF text extractors on the fixture PDFs: time, word survival, tables found, font info.

pypdf is a dependency; pdfplumber and pymupdf are measured when installed (`pip install pdfplumber
pymupdf`). The figures are in README.md ("PDF extraction: measured before choosing").
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docs"


def _words(text: str) -> Counter[str]:
    return Counter(w for w in (re.sub(r"[^\w€%]+", "", t.lower()) for t in text.split()) if w)


def _pypdf(path: Path) -> tuple[str, int]:
    from pypdf import PdfReader

    return "\n".join(p.extract_text() or "" for p in PdfReader(path).pages), 0


def _pdfplumber(path: Path) -> tuple[str, int]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        text = "\n".join(p.extract_text() or "" for p in pdf.pages)
        tables = sum(len(p.find_tables()) for p in pdf.pages)
    return text, tables


def _pymupdf(path: Path) -> tuple[str, int]:
    import pymupdf

    with pymupdf.open(path) as doc:
        text = "\n".join(p.get_text() for p in doc)
        tables = sum(len(p.find_tables().tables) for p in doc)
    return text, tables


def main() -> None:
    extractors: dict[str, Callable[[Path], tuple[str, int]]] = {"pypdf": _pypdf}
    for name, fn in (("pdfplumber", _pdfplumber), ("pymupdf", _pymupdf)):
        try:
            __import__(name)
            extractors[name] = fn
        except ImportError:
            print(f"{name}: not installed, skipped")
    for pdf in sorted(FIXTURES.glob("*.pdf")):
        expected = json.loads((pdf.parent / f"{pdf.name}.expected.json").read_text(encoding="utf-8"))
        want = Counter(expected["words"])
        for name, fn in extractors.items():
            started = time.perf_counter()
            for _ in range(3):
                text, tables = fn(pdf)
            ms = (time.perf_counter() - started) / 3 * 1000
            got = _words(text)
            kept = sum(min(n, got[w]) for w, n in want.items()) / sum(want.values())
            print(f"{pdf.name:38} {name:10} {ms:7.1f} ms  words kept {kept:.2%}  tables found {tables}")


if __name__ == "__main__":
    main()
