"""Build the real-format fixture documents (PDF, DOCX) and their expected text under tests/fixtures/docs/.

Run `python scripts/make_doc_fixtures.py` (needs reportlab, a dev dependency) to regenerate them; the
files and the *.expected.json next to them are committed, so tests and the benchmark never need
reportlab. Each expected file lists the body words (running headers and footers excluded), the heading
paths in order, phrases with the page they are printed on, and the header/footer texts that must not
reach any chunk.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "docs"

SENTENCES = [
    "De jobcoach houdt na de plaatsing contact met de werkgever en de werknemer.",
    "Werkgevers in de regio melden vacatures bij het werkgeversservicepunt.",
    "Het budget voor scholing wordt per kwartaal verantwoord aan de colleges.",
    "Jongeren zonder startkwalificatie krijgen begeleiding naar een leerwerkplek.",
    "De gemeenten stemmen de inzet van loonkostensubsidie onderling af.",
    "Statushouders volgen naast de taalles een traject op de werkvloer.",
    "Elke deelnemer heeft een vast aanspreekpunt bij de gemeente.",
    "De resultaten worden twee keer per jaar besproken in het portefeuillehoudersoverleg.",
    "Voor mensen met een arbeidsbeperking zoeken we passend werk bij reguliere werkgevers.",
    "Het programma loopt door tot en met het einde van het volgende begrotingsjaar.",
    "Nazorg duurt in de regel zes maanden en kan eenmaal worden verlengd.",
    "De accountmanager bezoekt nieuwe werkgevers binnen twee weken na de eerste melding.",
]


def paragraph(seed: int, n: int) -> str:
    """n sentences starting at seed, deterministic, each made unique by a short number phrase."""
    out = []
    for k in range(n):
        s = SENTENCES[(seed + k) % len(SENTENCES)]
        out.append(s[:-1] + f" in fase {seed * 10 + k}.")
    return " ".join(out)


def words(text: str) -> list[str]:
    return [w for w in (re.sub(r"[^\w€%]+", "", t.lower()) for t in text.split()) if w]


# ---------------------------------------------------------------- PDF


def _pdf(
    path: Path,
    story_spec: list[tuple[str, Any]],
    header: str,
    footer: Any,
    total_pages_hint: int = 0,
) -> dict[str, Any]:
    """Build a PDF from a simple spec; returns the expected data. Two passes so footers know M."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6)
    heads = {
        1: ParagraphStyle(
            "h1", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceBefore=8, spaceAfter=6
        ),
        2: ParagraphStyle(
            "h2", fontName="Helvetica-Bold", fontSize=12, leading=15, spaceBefore=6, spaceAfter=4
        ),
    }
    cell = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)

    placed: list[tuple[str, int]] = []

    class Doc(SimpleDocTemplate):
        def afterFlowable(self, flowable: Any) -> None:
            text = getattr(flowable, "fixture_text", None)
            if text:
                placed.append((text, self.page))

    def build(total: int) -> int:
        placed.clear()
        doc = Doc(str(path), pagesize=A4, topMargin=2.5 * cm, bottomMargin=2.5 * cm, title=path.stem)
        pages = {"n": 0}

        def decorate(canvas: Any, _doc: Any) -> None:
            pages["n"] += 1
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(2 * cm, A4[1] - 1.3 * cm, header)
            canvas.drawCentredString(A4[0] / 2, 1.2 * cm, footer(canvas.getPageNumber(), total))
            canvas.restoreState()

        story: list[Any] = []
        for kind, value in story_spec:
            if kind in ("p", "h1", "h2"):
                flow = Paragraph(value, body if kind == "p" else heads[int(kind[1])])
                flow.fixture_text = value
                story.append(flow)
            elif kind == "space":
                story.append(Spacer(1, value))
            elif kind == "table":
                rows, spans, header_rows = value
                data = [[Paragraph(c, cell) if c else "" for c in row] for row in rows]
                table = Table(data, repeatRows=header_rows, hAlign="LEFT")
                style = [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("FONTNAME", (0, 0), (-1, header_rows - 1), "Helvetica-Bold"),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
                style += [("SPAN", a, b) for a, b in spans]
                table.setStyle(TableStyle(style))
                story.append(table)
        doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
        return pages["n"]

    total = build(total_pages_hint or 1)
    if build(total) != total:
        raise SystemExit(f"{path.name}: page count changed between passes")
    expected_words: list[str] = []
    headings: list[list[str]] = []
    path_now: list[str] = []
    for kind, value in story_spec:
        if kind == "p":
            expected_words += words(value)
        elif kind in ("h1", "h2"):
            expected_words += words(value)
            level = int(kind[1])
            path_now = [*path_now[: level - 1], value]
            headings.append(list(path_now))
        elif kind == "table":
            for row in value[0]:
                for c in row:
                    expected_words += words(c)
    # a phrase per paragraph: its first eight words, and the page its first line is printed on
    # (afterFlowable fires on the page where a flowable ends; a split paragraph is checked by its end)
    phrases = []
    for text, page in placed:
        tail = " ".join(text.split()[-6:])
        phrases.append([tail, page])
    return {
        "file": path.name,
        "pages": total,
        "words": expected_words,
        "headings": headings,
        "page_phrases": phrases,
        "noise": [header, footer(1, total), footer(total, total)],
    }


def letter() -> dict[str, Any]:
    spec: list[tuple[str, Any]] = [
        (
            "p",
            "Aan de gemeenteraden van Blaricum, Eemnes, Gooise Meren, Hilversum, Huizen, Laren en Wijdemeren",
        ),
        ("p", "Datum: 8 april 2024"),
        ("p", "Kenmerk: RGV/2024/0412"),
        ("p", "Onderwerp: voortgang van het programma Werk en Participatie"),
        ("space", 12),
        ("p", "Geachte raadsleden,"),
        ("p", paragraph(0, 5)),
        ("h1", "Aanleiding"),
        ("p", paragraph(1, 7)),
        ("p", paragraph(2, 6)),
        ("h1", "Stand van zaken"),
    ]
    spec += [("p", paragraph(3 + i, 6)) for i in range(5)]
    spec += [
        ("h1", "Cijfers per gemeente"),
        ("p", "De onderstaande tabel geeft het aantal plaatsingen per gemeente in 2023."),
        (
            "table",
            (
                [
                    ["Gemeente", "Plaatsingen", "Nazorg"],
                    ["Hilversum", "212", "180"],
                    ["Huizen", "97", "81"],
                    ["Gooise Meren", "143", "120"],
                    ["Wijdemeren", "61", "55"],
                    ["Totaal", "513", "436"],
                ],
                [],
                1,
            ),
        ),
        ("p", paragraph(9, 6)),
        ("h1", "Financiën"),
    ]
    spec += [("p", paragraph(12 + i, 7)) for i in range(4)]
    spec += [
        ("h1", "Tot slot"),
        ("p", paragraph(20, 6)),
        ("p", "Met vriendelijke groet,"),
        ("p", "Het college"),
    ]
    return _pdf(
        OUT / "brief-voortgang-2024.pdf",
        spec,
        "Regio Gooi en Vechtstreek",
        lambda n, m: f"Pagina {n} van {m}",
    )


def proposal() -> dict[str, Any]:
    header_rows = [
        ["Maatregel", "Begroot", "", "Toelichting"],
        ["", "2025", "2026", ""],
    ]
    body = []
    names = ["Jobcoaching", "Scholing", "Taaltraject", "Werkfit", "Proefplaatsing", "Nazorg", "Werkervaring"]
    for i in range(42):
        name = f"{names[i % len(names)]} cohort {i + 1}"
        body.append([name, f"{100 + i * 7}.000", f"{110 + i * 7}.000", f"Loopt door in fase {i + 1}"])
    spans = [((1, 0), (2, 0)), ((0, 0), (0, 1)), ((3, 0), (3, 1))]
    spec: list[tuple[str, Any]] = [
        ("h1", "1. Inleiding"),
        ("p", paragraph(30, 6)),
        ("p", paragraph(31, 5)),
        ("h1", "2. Doelgroepen"),
        ("p", paragraph(32, 4)),
        ("h2", "2.1 Jongeren"),
        ("p", paragraph(33, 6)),
        ("h2", "2.2 Statushouders"),
        ("p", paragraph(34, 6)),
        ("h1", "3. Begroting"),
        ("p", "De begroting per maatregel staat in de tabel hieronder, in euro per jaar."),
        ("table", ([*header_rows, *body], spans, 2)),
        ("p", paragraph(35, 5)),
        ("h1", "4. Uitvoering"),
    ]
    spec += [("p", paragraph(36 + i, 7)) for i in range(6)]
    spec += [("h2", "4.1 Planning"), ("p", paragraph(44, 6)), ("h1", "5. Besluit"), ("p", paragraph(45, 4))]
    data = _pdf(
        OUT / "voorstel-dienstverlening-2025.pdf",
        spec,
        "Voorstel dienstverlening 2025",
        lambda n, m: f"{n}/{m}",
    )
    data["table_header"] = "Maatregel | Begroot 2025 | Begroot 2026 | Toelichting"
    return data


# ---------------------------------------------------------------- DOCX


def programme_docx() -> dict[str, Any]:
    import docx

    document = docx.Document()
    expected: list[str] = []
    headings: list[list[str]] = []
    path_now: list[str] = []

    def heading(text: str, level: int) -> None:
        nonlocal path_now
        document.add_heading(text, level=level)
        expected.extend(words(text))
        path_now = [*path_now[: level - 1], text]
        headings.append(list(path_now))

    def para(text: str, style: str | None = None) -> None:
        document.add_paragraph(text, style=style)
        expected.extend(words(text))

    para("Datum: 14 maart 2023")
    heading("Programma Werk en Participatie", 1)
    para(paragraph(50, 5))
    heading("Ambities", 2)
    para(paragraph(51, 4))
    para("De regio werkt aan drie ambities:")
    for i in range(3):
        para(f"Ambitie {i + 1}: meer mensen aan het werk in fase {i}", "List Bullet")
        for j in range(2):
            para(f"Onderdeel {i + 1}.{j + 1} van deze ambitie met eigen aandacht", "List Bullet 2")
    heading("Dienstverlening", 2)
    para(paragraph(52, 5))
    heading("Werkgevers", 3)
    para(paragraph(53, 4))
    para("De acties voor werkgevers zijn:")
    for i in range(40):
        para(f"Actie {i + 1} voor werkgevers: {SENTENCES[i % len(SENTENCES)][:-1].lower()}", "List Number")
    heading("Werkzoekenden", 3)
    para(paragraph(54, 5))
    heading("Financiën", 1)
    para("De tabel toont de begroting per onderdeel.")
    table = document.add_table(rows=6, cols=4)
    table.style = "Table Grid"
    cells = [
        ["Onderdeel", "Begroot", "", "Bron"],
        ["", "2023", "2024", ""],
        ["Algemeen", "150.000", "155.000", "Rijk"],
        ["Algemeen", "20.000", "21.000", "Gemeenten"],
        ["Scholing", "80.000", "85.000", "Rijk"],
        ["Totaal", "250.000", "261.000", ""],
    ]
    # merge first, then fill: python-docx's merge() concatenates the texts of the merged cells
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 3).merge(table.cell(1, 3))
    table.cell(2, 0).merge(table.cell(3, 0))
    for r, row in enumerate(cells):
        for c, value in enumerate(row):
            if value and not (r == 3 and c == 0):
                table.cell(r, c).text = value
    for row in cells:
        expected.extend(w for c in row for w in words(c))
    # the merged "Algemeen" is one cell: its word counts once
    expected.remove("algemeen")
    para(paragraph(55, 4))
    heading("Tot slot", 1)
    para(paragraph(56, 3))
    path = OUT / "programma-werk-2023.docx"
    document.core_properties.created = datetime.datetime(2023, 3, 14)
    document.save(str(path))
    return {
        "file": path.name,
        "words": expected,
        "headings": headings,
        "page_phrases": [],
        "noise": [],
        "table_header": "Onderdeel | Begroot 2023 | Begroot 2024 | Bron",
        "merged_once": "Algemeen",
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for data in (letter(), proposal(), programme_docx()):
        target = OUT / (data["file"] + ".expected.json")
        target.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{data['file']}: {len(data['words'])} words, {len(data['headings'])} headings")


if __name__ == "__main__":
    main()
