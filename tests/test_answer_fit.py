"""The rules that tell an on-topic passage from an answer: years, amounts, counts, outcomes."""

from __future__ import annotations

from assistant.answer_fit import (
    counted_thing,
    figures_for_asked_years,
    in_english,
    missing_amount,
    missing_count,
    missing_date,
    missing_outcome,
    period_covers,
)
from assistant.answer_models import Figure


def _figure(period: str, unit: str = "personen", label: str = "Plaatsingen") -> Figure:
    return Figure(
        indicator_id="x", label=label, value=1.0, unit=unit, period=period, scope="regio", source={}
    )


def test_a_period_range_covers_the_years_inside_it() -> None:
    assert period_covers("2019-2021", "2020")
    assert period_covers("januari 2019", "2019")
    assert not period_covers("januari 2019", "2024")
    assert not period_covers("2019-2021", "2022")


def test_figures_for_another_year_do_not_answer() -> None:
    question = "Hoeveel plaatsingen waren er in 2024?"
    assert not figures_for_asked_years(question, [_figure("januari 2019")])
    assert figures_for_asked_years(question, [_figure("januari 2019"), _figure("2023-2025")])
    assert figures_for_asked_years("Hoeveel plaatsingen waren er?", [_figure("januari 2019")])


def test_a_cost_question_needs_an_amount() -> None:
    question = "Wat kost de scholingsmakelaar per jaar?"
    assert missing_amount(question, [], ["De scholingsmakelaar werkt 16 uur per week."]) == "bedrag"
    assert missing_amount(question, [], ["De kosten zijn € 40.000 per jaar."]) is None
    assert missing_amount(question, [_figure("2020", unit="euro")], []) is None
    assert (
        missing_amount("What is the hourly wage of an account manager?", [], ["Zij werken samen."])
        == "bedrag"
    )
    # Not a quantity question: a procedure about money needs no amount.
    assert missing_amount("Hoe loopt het geld naar de gemeenten?", [], ["Hilversum keert uit."]) is None


def test_a_count_question_needs_a_number_of_the_counted_thing() -> None:
    question = "Hoeveel statushouders doen mee aan het project?"
    assert counted_thing(question) == ("statushouders", "statushouder")
    far = "Eind 2023 zijn twee projecten gestart (Statushouders voor de klas) en begin 2024 is een lab met 24 deelnemers per jaar begonnen."
    assert missing_count(question, [], [far]) == "het aantal statushouders"
    assert missing_count(question, [], ["Er doen 12 statushouders mee."]) is None
    assert missing_count("Hoeveel mensen keren terug?", [], ["14% van de mensen meldt zich opnieuw."]) is None
    # Units and vague words are no counted thing; a question answered by figures is not checked.
    assert counted_thing("Hoeveel procent is dat?") is None
    assert missing_count(question, [_figure("2020")], []) is None


def test_people_and_hours_are_counted_by_figures_of_their_own_kind() -> None:
    people = "Hoeveel mensen zijn er eind 2023 gestart bij Ik in de kinderopvang?"
    projects = _figure("2023", unit="projecten", label="Aantal nieuwe projecten gestart")
    assert missing_count(people, [projects], []) == "het aantal mensen"
    assert missing_count(people, [projects, _figure("2023", unit="personen")], []) is None
    assert missing_count(people, [_figure("2023", unit="procent", label="Deelnemers")], []) is None
    hours = "Hoeveel uur extra consulentcapaciteit heeft Wijdemeren vrijgemaakt?"
    assert counted_thing(hours) == ("uur", "uur")
    assert missing_count(hours, [_figure("2020", unit="personen")], []) == "het aantal uur"
    assert missing_count(hours, [_figure("2020", unit="uur per week")], []) is None
    assert missing_count(hours, [], ["De consulent werkt 16 uren per week aan de banenafspraak."]) is None
    months = "Hoeveel maanden houdt de accountmanager contact na de plaatsing?"
    assert missing_count(months, [], ["Na plaatsing houdt de accountmanager zes maanden contact."]) is None
    # Other things keep the figure search's topic check: a figure of plaatsingen counts plaatsingen.
    assert missing_count("Hoeveel plaatsingen waren er?", [_figure("2020", unit="plaatsingen")], []) is None


def test_a_date_question_needs_a_day() -> None:
    question = "Op welke datum heeft de Werkkamer het plan vastgesteld?"
    assert (
        missing_date(question, ["De Werkkamer heeft het plan op 21 juni met enthousiasme vastgesteld."])
        is None
    )
    assert missing_date(question, ["Het plan is in 2019 door de Werkkamer vastgesteld."]) == "een datum"
    assert (
        missing_date("Wanneer is het plan vastgesteld?", ["In 2019."]) is None
    )  # a year can answer "wanneer"
    assert in_english("een datum") == "a date"


def test_an_outcome_question_needs_a_document_written_after_the_event() -> None:
    question = "Wat kwam er uit de evaluatie van het WSP in 2020?"
    # A 2019 plan can announce the 2020 evaluation, not report what came out of it.
    assert missing_outcome(question, "2019") == "de uitkomst in 2020"
    assert missing_outcome(question, "2022-06") is None
    assert (
        missing_outcome("What were the findings of the mid-2021 evaluation?", "2019-06")
        == "de uitkomst in 2021"
    )
    # Intended results and questions without a year are no outcome asks.
    assert missing_outcome("Welke resultaten wil het plan in 2021 halen?", "2019") is None
    assert missing_outcome("Wat kwam er uit de evaluatie?", "2019") is None
    # "daadwerkelijk" asks what was realised: a 2019 plan's intention for 2020 is no answer.
    realised = "Hoeveel jongeren zijn in 2020 daadwerkelijk met een jongerenvoucher aan het werk gekomen?"
    assert missing_outcome(realised, "2019") == "de uitkomst in 2020"
    assert missing_outcome(realised, "2021-06-30") is None
    assert in_english("de uitkomst in 2020") == "the outcome in 2020"
