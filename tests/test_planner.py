"""The figure planner, precise or silent, on a small synthetic indicators table: a table with a
regional total and its gemeenten, budget lines per year, and a question it cannot compute."""

from __future__ import annotations

import csv

import pytest
from answer_fixtures import TEXTS

from assistant.answer.intent import read_question
from assistant.indicators.planner import FigurePlanner
from assistant.retrieval.glossary import Glossary
from assistant.retrieval.vocabulary import CorpusVocabulary
from ingest.indicators import load_indicator_table
from ingest.manifest import corpus_files, documents_for

TABLE = """Personen met een WW-uitkering januari 2019
Regio Gooi en Vechtstreek Aantal personen
Hilversum 1.451
Huizen 605
Totaal regio 2.056

Scholingsbudget 2020 € 40.000
Scholingsbudget 2021 € 60.000
Scholingsbudget 2020-2021 € 100.000

Sonar eind 2020: klanten met profiel 871, klanten zonder profiel 277, alle kandidaten met profiel 1.715
In 2018 brengen de gemeenten 750 kandidaten in beeld; 250 kandidaten helpt het servicepunt aan een baan.

Begroting Perspectief op Werk: Totaal 2019-2021 € 2.000.000, Taalcoach € 300.000, Jobcoach € 100.000
Begroting Werken aan Werk: Totaal 2019-2022 € 5.600.000, Taalcoach € 450.000
Mensen in de bijstand naar leeftijd: aantal en aandeel dat vijf jaar of langer in de bijstand zit
55 jaar tot AOW-leeftijd | 126.200 | 64%
De leerwerkplaats kost € 128.500 per jaar en heeft als doel 20 inwoners per jaar aan een baan te helpen.
Sonar Hilversum eind 2020: klanten met profiel 55, klanten zonder profiel 185
De norm is 900 extra banen eind 2020.
In het vierde kwartaal van 2020 zijn 608 extra banen gerealiseerd.
Een adviseur van het servicepunt bedient gemiddeld 30 werkgevers.
Participatiewet naar loonwaarde: 0-40 | totaal
Hilversum 1.045 2.175
Huizen 373 746
Sonar Huizen eind 2020: klanten met profiel 34, klanten zonder profiel 70
Werkloze beroepsbevolking per 1.000 inwoners: Huizen 60, landelijk 48; banen per 1.000 inwoners landelijk 758
Doorstroom WW naar Participatiewet 2015-2017: Huizen 6,1 4,0 3,2
Begroting Werken aan Werk 2019-2022: lokaal budget begeleiding € 1.400.000, impuls lokale initiatieven € 1.360.000
Mannen | 185.970 | 25% | 41%
Vrouwen | 244.240 | 25% | 47%
Totaal | 430.210 | 25% | 44%
Voor de coördinatie door de Regio is 13 uur per week gerekend.
25 tot 35 jaar | 1.234 | 30% | 20%
Sonar Huizen eind 2020: UWV-klanten met profiel 126, UWV-klanten zonder profiel 37
"""
MANIFEST = """[[document]]
id = "tabel"
file = "tabel.txt"
title = "Tabellen"
type = "plan"
date = "2019-06"
status = "concept"
"""
_COLUMNS = ["id", "label", "scope", "area", "period", "value", "unit", "document_id", "source_path", "line",
            "sentence", "year", "family", "measure", "programme", "budget_line"]  # fmt: skip


def _row(id_: str, label: str, scope: str, area: str, period: str, value: str, unit: str, line: int,
         sentence: str, year: str = "", family: str = "ww") -> dict[str, str]:  # fmt: skip
    return dict(zip(_COLUMNS, [id_, label, scope, area, period, value, unit, "tabel", "corpus/tabel.txt",
                               str(line), sentence, year, family, id_, "", ""], strict=True))  # fmt: skip


def _budget_rows() -> list[dict[str, str]]:
    pow_line = (
        "Begroting Perspectief op Werk: Totaal 2019-2021 € 2.000.000, Taalcoach € 300.000, Jobcoach € 100.000"
    )
    waw_line = "Begroting Werken aan Werk: Totaal 2019-2022 € 5.600.000, Taalcoach € 450.000"
    waw_lines = "Begroting Werken aan Werk 2019-2022: lokaal budget begeleiding € 1.400.000, impuls lokale initiatieven € 1.360.000"
    rows = [
        ("pow_totaal", "Begroting Perspectief op Werk: Totaal 2019-2021", "2000000", 14, pow_line, "2019-2021", "pow", "Totaal"),
        ("pow_taal", "Begroting Perspectief op Werk: Taalcoach 2019-2021", "300000", 14, pow_line, "2019-2021", "pow", "Taalcoach"),
        ("pow_job", "Begroting Perspectief op Werk: Jobcoach 2019-2021", "100000", 14, pow_line, "2019-2021", "pow", "Jobcoach"),
        ("waw_totaal", "Begroting Werken aan Werk: Totaal 2019-2022", "5600000", 15, waw_line, "2019-2022", "waw", "Totaal"),
        ("waw_taal", "Begroting Werken aan Werk: Taalcoach 2019-2022", "450000", 15, waw_line, "2019-2022", "waw", "Taalcoach"),
        ("waw_lokaal", "Begroting Werken aan Werk: Lokaal budget begeleiding 2019-2022", "1400000", 29, waw_lines, "2019-2022", "waw", "Lokaal budget begeleiding"),
        ("waw_impuls", "Begroting Werken aan Werk: Impuls lokale initiatieven 2019-2022", "1360000", 29, waw_lines, "2019-2022", "waw", "Impuls lokale initiatieven"),
    ]  # fmt: skip
    out = []
    for id_, label, value, line, sentence, year, family, budget_line in rows:
        row = _row(
            id_, label, "regio", "Gooi en Vechtstreek", year, value, "EUR", line, sentence, year, family
        )
        row["programme"] = "Perspectief op Werk" if family == "pow" else "Werken aan Werk"
        row["budget_line"] = budget_line
        out.append(row)
    return out


@pytest.fixture(scope="module")
def planner(tmp_path_factory: pytest.TempPathFactory) -> FigurePlanner:
    corpus = tmp_path_factory.mktemp("planner") / "corpus"
    corpus.mkdir()
    (corpus / "tabel.txt").write_text(TABLE, encoding="utf-8")
    (corpus / "documents.toml").write_text(MANIFEST, encoding="utf-8")
    rows = [
        _row("ww_hilversum", "Personen met WW-uitkering", "gemeente", "Hilversum", "januari 2019", "1451", "personen", 3, "Hilversum 1.451"),
        _row("ww_huizen", "Personen met WW-uitkering", "gemeente", "Huizen", "januari 2019", "605", "personen", 4, "Huizen 605"),
        _row("ww_regio", "Personen met WW-uitkering", "regio", "Gooi en Vechtstreek", "januari 2019", "2056", "personen", 5, "Totaal regio 2.056"),
        _row("scholing_2020", "Scholingsbudget 2020", "regio", "Gooi en Vechtstreek", "2020-2021", "40000", "EUR", 7, "Scholingsbudget 2020 € 40.000", "2020", "budget"),
        _row("scholing_2021", "Scholingsbudget 2021", "regio", "Gooi en Vechtstreek", "2020-2021", "60000", "EUR", 8, "Scholingsbudget 2021 € 60.000", "2021", "budget"),
        _row("scholing_2020_2021", "Scholingsbudget 2020-2021", "regio", "Gooi en Vechtstreek", "2020-2021", "100000", "EUR", 9, "Scholingsbudget 2020-2021 € 100.000", "2020-2021", "budget"),
        _row("sonar_met", "Sonar: klanten met profiel", "regio", "Gooi en Vechtstreek", "eind 2020", "871", "personen", 11, "Sonar eind 2020: klanten met profiel 871, klanten zonder profiel 277, alle kandidaten met profiel 1.715", family="sonar"),
        _row("sonar_zonder", "Sonar: klanten zonder profiel", "regio", "Gooi en Vechtstreek", "eind 2020", "277", "personen", 11, "Sonar eind 2020: klanten met profiel 871, klanten zonder profiel 277, alle kandidaten met profiel 1.715", family="sonar"),
        _row("sonar_totaal", "Sonar: totaal met profiel", "regio", "Gooi en Vechtstreek", "eind 2020", "1715", "personen", 11, "Sonar eind 2020: klanten met profiel 871, klanten zonder profiel 277, alle kandidaten met profiel 1.715", family="sonar"),
        _row("in_beeld", "kandidaten door gemeenten in beeld gebracht", "regio", "Gooi en Vechtstreek", "2018", "750", "personen", 12, "In 2018 brengen de gemeenten 750 kandidaten in beeld; 250 kandidaten helpt het servicepunt aan een baan.", "2018", "wsp"),
        _row("aan_baan", "kandidaten door het servicepunt aan een baan geholpen", "regio", "Gooi en Vechtstreek", "2018", "250", "personen", 12, "In 2018 brengen de gemeenten 750 kandidaten in beeld; 250 kandidaten helpt het servicepunt aan een baan.", "2018", "wsp"),
        *_budget_rows(),
        _row("werkgevers_per_adviseur", "Servicepunt: werkgevers per adviseur", "regio", "Gooi en Vechtstreek", "2018", "30", "werkgevers per adviseur", 22, "Een adviseur van het servicepunt bedient gemiddeld 30 werkgevers.", "2018", "wsp"),
        _row("sonar_hil_met", "Sonar: klanten (doelgroep) met profiel", "gemeente", "Hilversum", "eind 2020", "55", "personen", 19, "Sonar Hilversum eind 2020: klanten met profiel 55, klanten zonder profiel 185", family="sonar"),
        _row("sonar_hil_zonder", "Sonar: klanten zonder profiel", "gemeente", "Hilversum", "eind 2020", "185", "personen", 19, "Sonar Hilversum eind 2020: klanten met profiel 55, klanten zonder profiel 185", family="sonar"),
        _row("norm_2020", "Banenafspraak: norm extra banen", "regio", "Gooi en Vechtstreek", "eind 2020", "900", "banen", 20, "De norm is 900 extra banen eind 2020.", "2020", "banen"),
        _row("gerealiseerd_2020", "Banenafspraak: gerealiseerde extra banen", "regio", "Gooi en Vechtstreek", "Q4 2020", "608", "banen", 21, "In het vierde kwartaal van 2020 zijn 608 extra banen gerealiseerd.", "2020", "banen"),
        _row("bijstand_55", "Aantal in bijstand, 55 jaar tot AOW-leeftijd", "nederland", "Nederland", "2022", "126200", "personen", 17, "55 jaar tot AOW-leeftijd | 126.200 | 64%", "2022", "bijstand"),
        _row("bijstand_55_lang", "Aandeel vijf jaar of langer in bijstand, 55 jaar tot AOW-leeftijd", "nederland", "Nederland", "2022", "64", "procent", 17, "55 jaar tot AOW-leeftijd | 126.200 | 64%", "2022", "bijstand"),
        _row("leerwerk_budget", "Leerwerkplaats: budget per jaar", "regio", "Gooi en Vechtstreek", "2020", "128500", "EUR per jaar", 18, "De leerwerkplaats kost € 128.500 per jaar en heeft als doel 20 inwoners per jaar aan een baan te helpen.", "", "leerwerk"),
        _row("leerwerk_doel", "Leerwerkplaats: doel inwoners aan een baan per jaar", "regio", "Gooi en Vechtstreek", "2020", "20", "personen per jaar", 18, "De leerwerkplaats kost € 128.500 per jaar en heeft als doel 20 inwoners per jaar aan een baan te helpen.", "", "leerwerk"),
        _row("lw_hil_040", "Participatiewet naar loonwaarde 0-40%", "gemeente", "Hilversum", "januari 2019", "1045", "personen", 24, "Hilversum 1.045 2.175", family="loonwaarde"),
        _row("lw_hil_tot", "Participatiewet naar loonwaarde totaal", "gemeente", "Hilversum", "januari 2019", "2175", "personen", 24, "Hilversum 1.045 2.175", family="loonwaarde"),
        _row("lw_hui_040", "Participatiewet naar loonwaarde 0-40%", "gemeente", "Huizen", "januari 2019", "373", "personen", 25, "Huizen 373 746", family="loonwaarde"),
        _row("lw_hui_tot", "Participatiewet naar loonwaarde totaal", "gemeente", "Huizen", "januari 2019", "746", "personen", 25, "Huizen 373 746", family="loonwaarde"),
        _row("sonar_hui_met", "Sonar: klanten (doelgroep) met profiel", "gemeente", "Huizen", "eind 2020", "34", "personen", 26, "Sonar Huizen eind 2020: klanten met profiel 34, klanten zonder profiel 70", family="sonar"),
        _row("sonar_hui_zonder", "Sonar: klanten zonder profiel", "gemeente", "Huizen", "eind 2020", "70", "personen", 26, "Sonar Huizen eind 2020: klanten met profiel 34, klanten zonder profiel 70", family="sonar"),
        _row("wbb_huizen", "Werkloze beroepsbevolking per 1.000 inwoners", "gemeente", "Huizen", "2019", "60", "per 1.000 inwoners", 27, "Werkloze beroepsbevolking per 1.000 inwoners: Huizen 60, landelijk 48; banen per 1.000 inwoners landelijk 758", family="per1000"),
        _row("banen_nl", "Banen per 1.000 inwoners, landelijk gemiddelde", "nederland", "Nederland", "2019", "758", "per 1.000 inwoners", 27, "Werkloze beroepsbevolking per 1.000 inwoners: Huizen 60, landelijk 48; banen per 1.000 inwoners landelijk 758", family="per1000"),
        _row("wbb_nl", "Werkloze beroepsbevolking per 1.000 inwoners", "nederland", "Nederland", "2019", "48", "per 1.000 inwoners", 27, "Werkloze beroepsbevolking per 1.000 inwoners: Huizen 60, landelijk 48; banen per 1.000 inwoners landelijk 758", family="per1000"),
        *[
            _row(f"doorstroom_huizen_{year}", f"Doorstroom WW naar Participatiewet {year}", "gemeente", "Huizen",
                 "2015-2017", value, "procent", 28, "Doorstroom WW naar Participatiewet 2015-2017: Huizen 6,1 4,0 3,2",
                 family="doorstroom")
            for year, value in (("2015", "6.1"), ("2016", "4.0"), ("2017", "3.2"))
        ],
        _row("cbs_25_35_aantal", "Totaal aantal in beschut werk, leeftijd 25 tot 35 jaar", "nederland", "Nederland", "2022",
             "1234", "personen", 34, "25 tot 35 jaar | 1.234 | 30% | 20%", "2022", "cbs_leeftijd"),
        _row("sonar_hui_uwv_met", "Sonar: UWV-klanten met profiel", "gemeente", "Huizen", "eind 2020", "126", "personen", 35,
             "Sonar Huizen eind 2020: UWV-klanten met profiel 126, UWV-klanten zonder profiel 37", family="sonar"),
        _row("sonar_hui_uwv_zonder", "Sonar: UWV-klanten zonder profiel", "gemeente", "Huizen", "eind 2020", "37", "personen", 35,
             "Sonar Huizen eind 2020: UWV-klanten met profiel 126, UWV-klanten zonder profiel 37", family="sonar"),
        _row("coordinatie_uren", "Coördinatie door de Regio: uren per week", "regio", "Gooi en Vechtstreek", "2020", "13",
             "uur per week", 33, "Voor de coördinatie door de Regio is 13 uur per week gerekend.", "2020", "coordinatie"),
        *[
            _row(f"cbs_{who}_{column}", f"{label}, {who}", "nederland", "Nederland", "2022", value, unit, line,
                 sentence, "2022", "cbs")
            for who, line, sentence, values in (
                ("mannen", 30, "Mannen | 185.970 | 25% | 41%", ("185970", "25", "41")),
                ("vrouwen", 31, "Vrouwen | 244.240 | 25% | 47%", ("244240", "25", "47")),
                ("totaal", 32, "Totaal | 430.210 | 25% | 44%", ("430210", "25", "44")),
            )
            for (column, label, unit), value in zip(
                (("aantal", "Totaal aantal in beschut werk", "personen"),
                 ("kort", "Aandeel twee tot vijf jaar beschut werk", "procent"),
                 ("lang", "Aandeel vijf jaar of langer beschut werk", "procent")),
                values, strict=True,
            )
        ],
    ]  # fmt: skip
    with (corpus / "indicators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    db = corpus.parent / "indicators.sqlite"
    docs = [m for metas in documents_for(corpus, corpus_files(corpus)).values() for m in metas]
    report = load_indicator_table(corpus, db, docs)
    assert report.loaded == len(rows), report.failed
    return FigurePlanner(db)


# The shared fixture glossary, with the two programme names as the real glossary writes them.
_GLOSSARY = Glossary(
    {
        "abbreviations": {
            "wsp": ["werkgeversservicepunt"],
            "pow": ["perspectief op werk"],
            "waw": ["werken aan werk"],
        },
        "english": {"budget": ["budget"]},
    }
)


def _plan(planner: FigurePlanner, question: str):  # type: ignore[no-untyped-def]
    corpus = CorpusVocabulary.of_texts([*TEXTS.values(), TABLE], _GLOSSARY)
    return planner.plan(read_question(question, corpus, corpus.expand), corpus.terms)


def _plan_last_turn(planner: FigurePlanner, *questions: str):  # type: ignore[no-untyped-def]
    """The plan for the last question of a conversation, each turn resolved against the ones before."""
    from assistant.answer.followup import resolve

    corpus = CorpusVocabulary.of_texts([*TEXTS.values(), TABLE], _GLOSSARY)
    history: list = []  # type: ignore[type-arg]
    for question in questions:
        history.append(resolve(read_question(question, corpus, corpus.expand), history))
    return planner.plan(history[-1], corpus.terms)


def test_no_gemeente_named_and_a_total_row_means_the_total(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel mensen hadden in totaal een WW-uitkering in januari 2019?")
    assert plan.stated and [r.id for r in plan.rows] == ["ww_regio"]
    assert "2.056" in plan.statement and "3.112" not in plan.statement  # never 1.451 + 605 + 2.056 + ...


def test_two_gemeenten_together_are_summed_without_the_regional_total(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel mensen in Hilversum en Huizen samen hadden een WW-uitkering?")
    assert plan.stated and {r.id for r in plan.rows} == {"ww_hilversum", "ww_huizen"}
    assert "1.451 + 605 = 2.056" in plan.statement


def test_budget_years_are_added_up_and_checked_against_the_tables_own_total(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Tel het scholingsbudget eens op: hoeveel is het in totaal?")
    assert plan.stated and "40.000 + 60.000 = 100.000" in plan.statement
    assert "scholing_2020_2021" in {r.id for r in plan.rows}


def test_a_place_outside_the_region_gets_no_figure(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel mensen in Amsterdam hadden een WW-uitkering?")
    assert not plan.stated and plan.rows == []


def test_a_difference_it_cannot_pair_is_shown_as_candidates_not_computed(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel meer WW-uitkeringen had Hilversum dan Laren?")
    assert not plan.stated and "=" not in plan.statement


def test_a_share_of_a_part_beside_its_complement_is_taken_of_the_two_together(planner: FigurePlanner) -> None:
    # "met" and "zonder profiel" make the whole; the total line of another axis (1.715) is not it.
    plan = _plan(planner, "Welk deel van de klanten in Sonar had eind 2020 een profiel?")
    assert plan.stated and {r.id for r in plan.rows} == {"sonar_met", "sonar_zonder"}
    assert "871 / 1.148 = 75,9%" in plan.statement


def test_a_share_of_a_whole_the_question_names_divides_the_part_by_that_whole(planner: FigurePlanner) -> None:
    plan = _plan(
        planner,
        "Welk deel van de kandidaten die de gemeenten in 2018 in beeld brachten, hielp het servicepunt aan een baan?",
    )
    assert plan.stated and [r.id for r in plan.rows] == ["aan_baan", "in_beeld"]
    assert "250 / 750 = 33,3%" in plan.statement


def test_two_programmes_joined_by_en_are_each_one_operand_of_the_sum(planner: FigurePlanner) -> None:
    # Never the years or lines of one programme: one row about each name, added up.
    plan = _plan(
        planner,
        "Hoeveel is er voor de taalcoach begroot als je Perspectief op Werk en Werken aan Werk samen neemt?",
    )
    assert plan.stated and [r.id for r in plan.rows] == ["pow_taal", "waw_taal"]
    assert "300.000 + 450.000 = 750.000" in plan.statement
    whole = _plan(planner, "Hoeveel geld hebben Perspectief op Werk en Werken aan Werk samen?")
    assert [r.id for r in whole.rows] == ["pow_totaal", "waw_totaal"]
    assert "2.000.000 + 5.600.000 = 7.600.000" in whole.statement


def test_two_budget_lines_the_question_names_are_compared(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel meer krijgt de taalcoach dan de jobcoach in Perspectief op Werk?")
    assert plan.stated and {r.id for r in plan.rows} == {"pow_taal", "pow_job"}
    assert "300.000 − 100.000 = 200.000" in plan.statement


def test_a_gemeentes_share_is_its_figure_over_the_regional_total(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Welk deel van de personen met een WW-uitkering woonde in Huizen?")
    assert plan.stated and [r.id for r in plan.rows] == ["ww_huizen", "ww_regio"]
    assert "605 van 2.056" in plan.statement and "29,4%" in plan.statement


def test_a_count_narrowed_by_the_percentage_beside_it_is_multiplied(planner: FigurePlanner) -> None:
    plan = _plan(
        planner,
        "Hoeveel mensen van 55 jaar tot de AOW-leeftijd zitten al vijf jaar of langer in de bijstand?",
    )
    assert plan.stated and "126.200 × 64% = 80.768" in plan.statement
    whole = _plan(planner, "Hoeveel mensen van 55 jaar tot de AOW-leeftijd zitten in de bijstand?")
    assert [r.id for r in whole.rows] == ["bijstand_55"] and "×" not in whole.statement


def test_a_cost_per_person_divides_a_budget_by_its_target_of_the_same_period(planner: FigurePlanner) -> None:
    plan = _plan(
        planner, "Wat kost de leerwerkplaats per inwoner die aan een baan geholpen wordt, volgens het doel?"
    )
    assert plan.stated and "128.500 / 20 = 6.425 EUR per persoon" in plan.statement
    # A budget is never given as the cost per person.
    silent = _plan(planner, "Wat kost de taalcoach van Perspectief op Werk per deelnemer?")
    assert not (silent.stated and "300.000 EUR" in silent.statement)


def test_a_follow_up_narrowing_the_last_count_multiplies_it_by_the_percentage_beside_it(  # the table row
    # names neither "vijf jaar" nor "langer": only the percentage's label does
    planner: FigurePlanner,
) -> None:
    plan = _plan_last_turn(
        planner,
        "Hoeveel mensen van 55 jaar tot de AOW-leeftijd zitten in de bijstand?",
        "Hoeveel van hen zitten er al vijf jaar of langer in?",
    )
    assert plan.stated and "126.200 × 64% = 80.768" in plan.statement


def test_a_gemeentes_share_is_taken_within_the_gemeente_when_its_table_gives_the_complement(
    planner: FigurePlanner,
) -> None:
    # Not 55 of the region's 871 with a profile: 55 of Hilversum's own 55 + 185.
    plan = _plan(planner, "Welk deel van de klanten in Hilversum had eind 2020 een profiel in Sonar?")
    assert plan.stated and "55 / 240 = 22,9%" in plan.statement


def test_how_far_behind_the_norm_is_the_norm_minus_the_number_realised(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel banen liep de regio eind 2020 achter op de norm?")
    assert plan.stated and "900 − 608 = 292" in plan.statement


def test_a_rate_is_no_count_of_what_it_is_per(planner: FigurePlanner) -> None:
    # "30 werkgevers per adviseur" says how many employers one adviser serves, not how many advisers.
    plan = _plan(planner, "Hoeveel adviseurs heeft het servicepunt?")
    assert not (plan.stated and "30" in plan.statement)
    rate = _plan(planner, "Hoeveel werkgevers heeft een adviseur gemiddeld?")
    assert rate.stated and "30 werkgevers per adviseur" in rate.statement


def test_a_target_is_not_what_happened(planner: FigurePlanner) -> None:
    # The leerwerkplaats has a target of 20 inwoners a year; nobody reports how many it placed.
    realised = _plan(
        planner, "Hoeveel inwoners heeft de leerwerkplaats in 2020 daadwerkelijk aan een baan geholpen?"
    )
    assert "20" not in realised.statement and not realised.stated and not realised.fitting
    # The norm of 900 extra banen is a target too; what was realised is the 608.
    jobs = _plan(planner, "Hoeveel extra banen zijn er eind 2020 daadwerkelijk bijgekomen?")
    assert jobs.stated and "608" in jobs.statement and "900" not in jobs.statement


def test_a_sum_asked_as_a_share_of_the_total_divides_it_by_the_tables_total_column(
    planner: FigurePlanner,
) -> None:
    # No regional total row: the gemeenten are added up, then set against the total column.
    plan = _plan(
        planner,
        "Hoeveel mensen in de Participatiewet hebben een loonwaarde van 0-40%, en welk percentage van het "
        "totaal is dat als je de tabel optelt?",
    )
    assert "1.045 + 373 = 1.418" in plan.statement or "373 + 1.045 = 1.418" in plan.statement
    assert "1.418 / 2.921 = 48,5%" in plan.statement
    # A question that states the share it checks asks the same computation.
    checked = _plan(
        planner,
        "Er staat dat 48% van de Participatiewet een loonwaarde van 0-40% heeft. Klopt dat als je de tabel optelt?",
    )
    assert "1.418 / 2.921 = 48,5%" in checked.statement
    # Without a share asked, the sum stays a sum.
    plain = _plan(planner, "Tel op: hoeveel mensen in de Participatiewet hebben een loonwaarde van 0-40%?")
    assert "1.418" in plain.statement and "2.921" not in plain.statement


def test_a_budget_lines_change_between_two_named_years_is_computed_from_that_line(
    planner: FigurePlanner,
) -> None:
    # The rows' period is the plan's (2020-2021); their budget year is the point in time.
    plan = _plan(planner, "Met hoeveel stijgt het scholingsbudget van 2020 naar 2021?")
    assert "60.000 − 40.000 = 20.000 meer" in plan.statement and "50% stijging" in plan.statement
    assert {r.id for r in plan.rows} == {"scholing_2020", "scholing_2021"}
    # 'Hoeveel minder ... in 2020 dan in 2021' asks the same change, not a difference of two lines.
    fewer = _plan(planner, "Hoeveel minder scholingsbudget is er in 2020 dan in 2021?")
    assert "60.000 − 40.000 = 20.000" in fewer.statement


def test_a_check_of_a_stated_total_adds_up_the_gemeenten_and_compares(planner: FigurePlanner) -> None:
    # No question word: a stated figure, a sum word and a check ("komen ... uit") ask for the sum.
    plan = _plan(planner, "In de WW-tabel staat onderaan 2.056. Komen de gemeenten samen daar ook op uit?")
    assert "1.451 + 605 = 2.056" in plan.statement and "De tabel noemt zelf 2.056" in plan.statement
    assert {r.id for r in plan.rows} == {"ww_hilversum", "ww_huizen", "ww_regio"}


def test_a_count_split_with_and_without_a_qualifier_the_question_does_not_name_counts_both(
    planner: FigurePlanner,
) -> None:
    # "klanten in Sonar" names neither "met" nor "zonder profiel": each gemeente counts both rows.
    plan = _plan(planner, "Hoeveel klanten stonden er eind 2020 in Sonar in Hilversum en Huizen samen?")
    assert "(55 + 185) + (34 + 70) = 240 + 104 = 344" in plan.statement
    # Naming the qualifier asks for that part only.
    named = _plan(
        planner, "Hoeveel klanten met profiel stonden er eind 2020 in Sonar in Hilversum en Huizen samen?"
    )
    assert "55 + 34 = 89" in named.statement or "34 + 55 = 89" in named.statement


def test_a_gemeente_against_the_country_takes_the_countrys_figure_of_the_same_measure(
    planner: FigurePlanner,
) -> None:
    # The national row of another measure (banen per 1.000 inwoners) is no side of the comparison.
    plan = _plan(
        planner,
        "How much higher is the unemployed labour force per 1,000 inhabitants in Huizen than the national average?",
    )
    assert "60 − 48 = 12" in plan.statement and "758" not in plan.statement
    dutch = _plan(
        planner, "Hoeveel hoger is de werkloze beroepsbevolking per 1.000 inwoners in Huizen dan landelijk?"
    )
    assert "60 − 48 = 12" in dutch.statement


def test_gemeenten_named_by_abbreviation_or_group_are_searched_by_their_own_names(
    planner: FigurePlanner,
) -> None:
    # The table rows say "Hilversum", never "H'sum" or "GM": the search for them uses the names.
    plan = _plan(planner, "hoeveel ww'ers hadden H'sum en huizen samen?")
    query = next(c.arguments["query"] for c in plan.tool_calls if c.name == "find_indicators")
    assert "Hilversum" in query
    assert "1.451 + 605 = 2.056" in plan.statement


def test_a_part_the_question_names_within_a_gemeente_is_taken_of_the_gemeentes_own_total(
    planner: FigurePlanner,
) -> None:
    # "naar verhouding" says a share is meant, not a figure per head; the whole is Huizen's own
    # total line (746), not the 0-40% band summed over the region.
    plan = _plan(
        planner,
        "Huizen heeft naar verhouding veel mensen met lage loonwaarde. Welk % van hun mensen in de "
        "Participatiewet heeft een loonwaarde van 0-40%?",
    )
    assert plan.stated and [r.id for r in plan.rows] == ["lw_hui_040", "lw_hui_tot"]
    assert "373 van 746" in plan.statement and "50%" in plan.statement


def test_a_budget_line_moving_between_two_named_years_is_a_change_whatever_the_verb(
    planner: FigurePlanner,
) -> None:
    plan = _plan(planner, "Met hoeveel gaat het scholingsbudget omhoog van 2020 naar 2021?")
    assert plan.stated and "60.000 − 40.000 = 20.000" in plan.statement


def test_a_percentage_moves_between_the_years_its_labels_name_in_percentage_points(
    planner: FigurePlanner,
) -> None:
    # The table's period is 2015-2017; each row's label names its own year.
    plan = _plan(
        planner,
        "Hoeveel procentpunt lager was de doorstroom van WW naar bijstand in Huizen in 2017 dan in 2015?",
    )
    assert plan.stated and "6,1 − 3,2 = 2,9 procentpunt lager" in plan.statement
    assert "2015 6,1, 2017 3,2" in plan.statement


def test_a_change_to_a_year_without_a_figure_is_neither_computed_nor_answered_by_the_other_year(
    planner: FigurePlanner,
) -> None:
    plan = _plan(
        planner,
        "Met hoeveel procentpunt daalde de doorstroom van WW naar bijstand in Huizen van 2017 naar 2018?",
    )
    assert not plan.stated and "=" not in plan.statement and not plan.fitting


def test_what_someone_earns_is_not_a_budget(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Wat verdient de jobcoach van Perspectief op Werk?")
    assert not plan.stated and not plan.fitting


def test_how_far_a_gemeente_sits_above_the_country_is_a_difference(planner: FigurePlanner) -> None:
    plan = _plan(
        planner,
        "werkloze beroepsbevolking per 1000 inwoners: hoeveel zit Huizen boven het landelijk gemiddelde?",
    )
    assert plan.stated and "60 − 48 = 12" in plan.statement


def test_a_gemeente_left_out_is_subtracted_from_the_regional_total(planner: FigurePlanner) -> None:
    plan = _plan(
        planner, "Als je Hilversum buiten beschouwing laat, hoeveel mensen hadden dan een WW-uitkering?"
    )
    assert plan.stated and "2.056 − 1.451 (Hilversum) = 605" in plan.statement
    share = _plan(
        planner, "Hoeveel mensen hadden een WW-uitkering zonder Huizen, en welk percentage was Huizen?"
    )
    assert share.stated and "2.056 − 605 (Huizen) = 1.451" in share.statement and "29,4%" in share.statement


def test_operands_of_several_words_joined_by_plus_are_each_one_row_of_the_sum(planner: FigurePlanner) -> None:
    plan = _plan(
        planner,
        "Hoeveel krijgen lokaal budget begeleiding plus impuls lokale initiatieven van Werken aan Werk samen?",
    )
    assert plan.stated and "1.400.000 + 1.360.000 = 2.760.000" in plan.statement
    share = _plan(
        planner,
        "Welk % van de begroting van Werken aan Werk gaat naar het lokaal budget begeleiding/scholing plus de impuls "
        "lokale initiatieven?",
    )
    assert share.stated and "2.760.000 / 5.600.000 = 49,3%" in share.statement


def test_a_share_no_column_of_the_table_row_names_is_the_part_over_the_tables_total_line(
    planner: FigurePlanner,
) -> None:
    # Not the women's share two to five years in beschut werk (25%): neither column is asked. Every
    # line says "Totaal aantal in beschut werk"; only the last one is the table's total.
    plan = _plan(planner, "Welk aandeel van de mensen in beschut werk is vrouw?")
    assert plan.stated and "244.240 van 430.210" in plan.statement and "56,8%" in plan.statement
    column = _plan(planner, "Welk deel van de vrouwen in beschut werk zit er vijf jaar of langer?")
    assert column.stated and "47" in column.statement and "56,8" not in column.statement


def test_hours_a_week_are_a_duration(planner: FigurePlanner) -> None:
    plan = _plan(planner, "Hoeveel uur per week is er voor de coördinatie door de Regio?")
    assert plan.stated and "13 uur per week" in plan.statement


def test_a_follow_up_keeps_the_column_the_topic_named(planner: FigurePlanner) -> None:
    # "En bij de mannen?" names no column itself; the topic's "vijf jaar of langer" still does.
    plan = _plan_last_turn(
        planner,
        "Zitten vrouwen langer in beschut werk dan mannen?",
        "Hoeveel vrouwen zijn dat, die vijf jaar of langer?",
        "En bij de mannen?",
    )
    assert plan.stated and "185.970" in plan.statement and "41%" in plan.statement


def test_a_count_for_an_age_band_the_table_gives_as_its_own_line_is_that_line(planner: FigurePlanner) -> None:
    # No count of a whole times an age share: the table states the band's own count.
    plan = _plan(planner, "Hoeveel mensen van 25 tot 35 jaar zitten er in beschut werk?")
    assert plan.stated and "1.234" in plan.statement


def test_a_sum_of_gemeenten_asked_as_a_share_of_the_region_divides_by_the_regional_total(
    planner: FigurePlanner,
) -> None:
    plan = _plan(
        planner, "Hoeveel WW-uitkeringen hadden Hilversum en Huizen samen, en welk deel van de regio is dat?"
    )
    assert (
        plan.stated and "1.451 + 605 = 2.056" in plan.statement and "2.056 / 2.056 = 100%" in plan.statement
    )


def test_a_difference_between_two_groups_split_met_and_zonder_counts_both_parts_of_each(
    planner: FigurePlanner,
) -> None:
    # The question names neither "met" nor "zonder profiel": each side is its two parts together.
    plan = _plan(
        planner, "Hoeveel meer UWV-klanten dan gemeentelijke klanten stonden er eind 2020 in Huizen in Sonar?"
    )
    assert plan.stated and "126 + 37 = 163" in plan.statement and "34 + 70 = 104" in plan.statement
    assert "163 − 104 = 59" in plan.statement


def test_a_benefit_named_the_way_people_say_it_finds_the_rows_its_table_names_otherwise(
    planner: FigurePlanner,
) -> None:
    # "bijstandsontvangers" are the people of a "Participatiewet" table, and with no column of the
    # table asked for, the line's total is the answer: 746, not the "loonwaarde 0-40%" part (373).
    plan = _plan(planner, "Hoeveel bijstandsontvangers had Huizen in januari 2019?")
    assert plan.stated and "746 personen" in plan.statement and "373" not in plan.statement, plan.statement
