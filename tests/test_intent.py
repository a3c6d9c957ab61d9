"""The one reading of a question: answer type, focus, constraints and operation, Dutch and English."""

from __future__ import annotations

import pytest
from answer_fixtures import vocabulary

from assistant.answer.intent import AnswerType, Operation, QuestionIntent, YearRange, read_question


@pytest.fixture(scope="module")
def read():  # type: ignore[no-untyped-def]
    corpus = vocabulary()

    def reading(question: str) -> QuestionIntent:
        return read_question(question, corpus, corpus.expand)

    return reading


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Hoe werkt de nazorg van het WSP?", AnswerType.PROCEDURE),
        ("How does the aftercare work?", AnswerType.PROCEDURE),
        ("Wat kost de scholingsmakelaar per jaar?", AnswerType.AMOUNT),
        ("Wat verdient een jobcoach?", AnswerType.AMOUNT),
        ("How much money does the training broker get?", AnswerType.AMOUNT),
        ("Hoeveel kandidaten zijn er geplaatst?", AnswerType.COUNT),
        ("Welk percentage is jonger dan 27?", AnswerType.SHARE),
        ("Met hoeveel is het aantal gedaald?", AnswerType.CHANGE),
        ("Hoe lang duurt de begeleiding?", AnswerType.DURATION),
        ("Hoe vaak rapporteert de accountmanager?", AnswerType.FREQUENCY),
        ("Wanneer wordt het WSP geëvalueerd?", AnswerType.DATE),
        ("Wie is de huidige voorzitter van de Werkkamer?", AnswerType.PERSON),
        ("Wie is namens Huizen de contactpersoon?", AnswerType.PERSON),
        # A role named after "welke"/"which", or abbreviated, asks a name as much as "wie is de ...".
        ("Which alderman chairs the regional meeting?", AnswerType.PERSON),
        ("welke wethouder zit het overleg voor?", AnswerType.PERSON),
        ("wie is vz van de Werkkamer?", AnswerType.PERSON),
        ("In welke sectoren krimpt het aantal banen?", AnswerType.LOOKUP),
        ("Welk percentage is jonger dan 27?", AnswerType.SHARE),
        ("Hoe groot wordt het budget van de scholingsmakelaar, in euro's?", AnswerType.AMOUNT),
        ("Wie beslist over de aanpassingen?", AnswerType.ACTOR),
        ("Is de evaluatie al uitgevoerd?", AnswerType.YESNO),
        ("Waar komen die cijfers vandaan?", AnswerType.SOURCE),
        ("Tel de begroting eens op", AnswerType.AMOUNT),
        ("Wat was de bruto participatiegraad in 2021?", AnswerType.SHARE),  # a measure named by its noun
        ("Wat was de verhouding tussen vacatures en werklozen?", AnswerType.SHARE),
        # "betaald werk", "paid work" is employment: what is asked is a count, not money.
        ("Uitstroom naar betaald werk in 2018: hoeveel precies?", AnswerType.COUNT),
        ("How many moved into paid work in 2018?", AnswerType.COUNT),
        ("Hoeveel wordt er betaald voor de jobcoach?", AnswerType.AMOUNT),
    ],
)
def test_the_answer_type_asked(read, question: str, kind: AnswerType) -> None:  # type: ignore[no-untyped-def]
    assert read(question).answer_type == kind


def test_years_are_read_as_ranges(read) -> None:  # type: ignore[no-untyped-def]
    assert read("Hoeveel WW-uitkeringen waren er tussen 2019 en 2021?").years == (
        YearRange(start=2019, end=2021),
    )
    assert read("Wat is er sinds 2022 veranderd?").years == (YearRange(start=2022, end=2100),)
    assert read("Hoeveel banen verdwijnen er tot 2040?").years == (YearRange(start=1900, end=2040),)
    assert read("klopt het totaal voor 2020?").years == (YearRange(start=2020, end=2020),)
    assert read("What came out of the mid-2021 evaluation?").years == (YearRange(start=2021, end=2021),)
    assert read("Wat kost het in 2019-2021?").years == (YearRange(start=2019, end=2021),)


def test_now_and_so_far_ask_the_current_state(read) -> None:  # type: ignore[no-untyped-def]
    assert read("Hoeveel kandidaten zijn inmiddels geplaatst?").asks_current
    assert read("How many candidates have been placed so far?").asks_current
    assert not read("Hoeveel kandidaten zijn er in 2020 geplaatst?").asks_current


def test_places_in_and_outside_the_region_are_constraints_not_topic(read) -> None:  # type: ignore[no-untyped-def]
    intent = read("Hoeveel WW-uitkeringen had Amsterdam in januari 2019?")
    assert intent.places_outside == ("Amsterdam",)
    assert "amsterdam" not in {t.word for t in intent.focus}
    merger = read("Hoe pakt Weesp de banenafspraak aan na de fusie met Amsterdam?")
    assert merger.gemeenten == ("Weesp",) and merger.places_outside == ()


def test_age_bands_and_benefit_categories(read) -> None:  # type: ignore[no-untyped-def]
    assert read("Hoeveel 50-plussers zitten in de WW in Huizen?").age_band == "ge50"
    assert read("How many people under 27 receive unemployment benefits?").age_band == "lt27"
    assert read("hoeveel ww'ers zijn 55+?").age_band == "other:55"
    # An age range no table has is a constraint of its own, not the table's band under 27.
    assert read("wat is het aandeel bij jongeren van 18 tot 23 jaar?").age_band == "other:18-23"
    # "jongeren onder de 25" is another band than the tables' jongeren (under 27); "jongeren onder de
    # werkzoekenden" is that band.
    assert read("hoeveel jongeren onder de 25 zitten in de bijstand?").age_band == "other:25"
    assert read("hoeveel jongeren onder de werkzoekenden zijn er?").age_band == "lt27"
    assert read("Hoeveel mensen van 27 tot 50 jaar zitten in de WW?").age_band == "27_50"
    assert read("Hoeveel mensen hebben een Wajong-, WIA- of WAO-uitkering?").categories == ("ao",)
    assert read("hoeveel p-wetters onder de 27 heeft de regio?").categories == (
        "pwet",
    )  # a P-wet'er is in the P-wet


def test_the_focus_is_the_topic_most_specific_first(read) -> None:  # type: ignore[no-untyped-def]
    intent = read("Hoeveel budget is er eigenlijk voor de scholingsmakelaar?")
    words = [t.word for t in intent.focus]
    assert words[0] == "scholingsmakelaar"
    assert not {"hoeveel", "eigenlijk", "budget"} & set(words)  # frame, filler and the type word


def test_dutch_and_english_wordings_read_alike(read) -> None:  # type: ignore[no-untyped-def]
    dutch = read("Hoeveel geld krijgt de scholingsmakelaar in 2020?")
    english = read("How much money does the training broker get in 2020?")
    assert dutch.answer_type == english.answer_type == AnswerType.AMOUNT
    assert dutch.years == english.years
    assert dutch.focus[0].forms == english.focus[0].forms  # one idea, whatever the language


def test_operations(read) -> None:  # type: ignore[no-untyped-def]
    assert read("Hoeveel mensen in Hilversum en Huizen samen?").operation == Operation.SUM
    assert read("Hoeveel banen lopen we achter op de norm?").operation == Operation.DIFFERENCE
    assert read("Wat kost een voucher en past dat voor 33 jongeren?").operation == Operation.PRODUCT
    assert read("By what percentage did the number fall?").operation == Operation.CHANGE
    assert read("Met hoeveel stijgt het budget van 2019 naar 2020?").operation == Operation.CHANGE
    assert read("What share of all jobseekers lived in Hilversum?").operation == Operation.SHARE
    # A comparative with its "dan"/"than", or "hoeveel procentpunt scheelt dat", asks a difference.
    assert read("Hoeveel hoger is de werkloosheid in Weesp dan landelijk?").operation == Operation.DIFFERENCE
    assert read("How much higher is unemployment in Weesp than nationally?").operation == Operation.DIFFERENCE
    assert read("Hoeveel procentpunt scheelt dat met landelijk?").operation == Operation.DIFFERENCE
    assert read("By how many jobs did the number go up between 2020 and 2021?").operation == Operation.CHANGE


def test_a_change_verb_is_the_question_frame_not_its_focus(read) -> None:  # type: ignore[no-untyped-def]
    # "stijgt" says a change is asked; the budget is what it is about.
    for question in (
        "Met hoeveel stijgt het budget van 2019 naar 2020?",
        "Hoeveel daalt het budget in 2021?",
    ):
        words = {t.word for t in read(question).focus}
        assert "budget" in words and not words & {"stijgt", "daalt"}, words


def test_a_question_of_two_asks_keeps_the_first_ask_apart(read) -> None:  # type: ignore[no-untyped-def]
    intent = read("Hoeveel mensen hadden een WW-uitkering, en welk aandeel daarvan was jonger dan 27?")
    assert intent.answer_type == AnswerType.COUNT and AnswerType.SHARE in intent.also
    assert {t.word for t in intent.lead_focus} <= {t.word for t in intent.focus}


def test_what_is_left_is_asked_by_over_as_a_remainder_not_as_a_preposition(read) -> None:  # type: ignore[no-untyped-def]
    assert read("Hoeveel budget is er nog over voor de scholingsmakelaar?").asks_realisation
    assert read("Hoeveel geld blijft er over van het budget?").asks_realisation
    assert not read("Over hoeveel geld gaat het in totaal voor de scholingsmakelaar?").asks_realisation
    assert read("Hoeveel is er tot nu toe uitgekeerd uit het fonds?").asks_realisation


def test_meta_words_about_the_form_of_the_answer_are_not_its_topic(read) -> None:  # type: ignore[no-untyped-def]
    intent = read("Hoeveel kandidaten zijn er geplaatst? Graag in aantallen, niet in procenten")
    assert not {"aantallen", "procenten"} & {t.word for t in intent.focus}


def test_the_counted_thing_is_the_head_noun_not_an_age_word(read) -> None:  # type: ignore[no-untyped-def]
    assert read("How many candidates aged 50 or older were placed?").counted == "candidates"


def test_readings_found_on_the_second_probe_set(read) -> None:  # type: ignore[no-untyped-def]
    # A name asked after the role ("naam graag") is a person question, whatever the role is called.
    assert (
        read("wie is die SROI makelaar bij het WSP? naam + mailadres graag").answer_type == AnswerType.PERSON
    )
    # What something charges or earns, in Dutch and English, asks an amount.
    assert read("wat rekent een jobcoach per uur?").answer_type == AnswerType.AMOUNT
    assert read("What's the hourly rate of a job coach?").answer_type == AnswerType.AMOUNT
    assert read("What does a trainee earn?").answer_type == AnswerType.AMOUNT
    # "jr" is a year; "is die er gekomen" asks whether it happened.
    assert read("hoeveel ww'ers zitten in de leeftijd 27-35 jr?").age_band == "other:27-35"
    assert read("De Kamerbrief die in april zou komen: is die er gekomen?").asks_outcome


def test_how_large_a_share_is_a_share_and_relatively_asks_no_figure_per_head(read) -> None:  # type: ignore[no-untyped-def]
    size = read("Hoe groot is het aandeel van Hilversum in alle mensen in Sonar?")
    assert size.answer_type == AnswerType.SHARE and size.operation == Operation.SHARE
    relative = read("Welk % van de bijstandsontvangers is naar verhouding statushouder?")
    assert relative.operation == Operation.SHARE
    per_head = read("Welk percentage van het budget gaat er per deelnemer naar de jobcoach?")
    assert per_head.operation == Operation.RATIO


@pytest.mark.parametrize(
    "question",
    [
        "Met hoeveel gaat het scholingsbudget omhoog van 2020 naar 2021?",
        "met hoeveel zakt het totaal van 2020 naar 2021",
        "By how much does the budget go from 2020 to 2021?",
    ],
)
def test_how_much_a_figure_moves_between_two_years_is_a_change_whatever_the_verb(read, question: str) -> None:  # type: ignore[no-untyped-def]
    reading = read(question)
    assert reading.answer_type == AnswerType.CHANGE and reading.operation == Operation.CHANGE


def test_a_period_added_up_is_a_sum_not_a_change(read) -> None:  # type: ignore[no-untyped-def]
    reading = read("Hoeveel scholingsbudget is er van 2020 naar 2021 samen?")
    assert reading.answer_type != AnswerType.CHANGE and reading.operation == Operation.SUM


def test_a_percentage_after_boven_de_is_no_age(read) -> None:  # type: ignore[no-untyped-def]
    reading = read("Welk percentage heeft loonwaarde 0-40 en hoeveel ligt dat boven de 45% voor de regio?")
    assert reading.age_band == "" and reading.operation == Operation.DIFFERENCE
    assert read("Hoeveel mensen boven de 45 hebben een WW-uitkering?").age_band == "other:45"


def test_whether_something_came_about_is_an_outcome_despite_a_typo(read) -> None:  # type: ignore[no-untyped-def]
    assert read("is dat expertisecentrum er uiteindlijk gekomen?").asks_outcome
    assert read("Is de app er nu gekomen?").asks_outcome


def test_the_whole_of_a_share_ends_at_its_verb(read) -> None:  # type: ignore[no-untyped-def]
    reading = read("Welk deel van de werkzoekenden zit in de bijstand?")
    assert [t.word for t in reading.whole_focus] == ["werkzoekenden"]


def test_onder_de_as_among_is_no_difference(read) -> None:  # type: ignore[no-untyped-def]
    among = read("Hoe groot is het aandeel alleenstaande ouders onder de werkzoekenden?")
    assert among.operation != Operation.DIFFERENCE
    assert read("hoeveel zit Huizen boven het landelijk gemiddelde?").operation == Operation.DIFFERENCE


def test_what_an_evaluation_concluded_asks_an_outcome(read) -> None:  # type: ignore[no-untyped-def]
    # What an evaluation found, or whether a pilot was carried on, only a later document can say.
    assert read("What did the evaluation of the pilot conclude?").asks_outcome
    assert read("and was it continued after 2021?").asks_outcome
    assert read("Wat concludeerde de evaluatie van de pilot?").asks_outcome
    # Planning an evaluation is not asking its outcome.
    assert not read("When will the pilot be evaluated?").asks_outcome
