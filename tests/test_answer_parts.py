"""Pure parts of the answer engine: quote location, places, language, number reading."""

from __future__ import annotations

import pytest

from assistant.answer.numbers import numbers_in
from assistant.answer.places import gemeenten_in, places_outside_in
from assistant.answer.quotes import locate_quote, split_sentences, stands_in
from assistant.retrieval.language import detect_language

SOURCE = (
    "Kop\n\nDe accountmanager informeert binnen een week de \n\nconsulent over de plaatsing.\n"
    "Het <sup>1</sup>**budget** is € 3.000,- per jaar.\nGooise Meren\t2.855\t8%\n"
)


def test_quote_is_found_across_wraps_and_markup_and_returned_verbatim() -> None:
    located = locate_quote(
        "De accountmanager informeert binnen een week de consulent over de plaatsing.", SOURCE
    )
    assert located is not None
    assert located.line_start == 3 and located.line_end == 5
    assert stands_in(located.quote, SOURCE)
    marked = locate_quote("Het budget is € 3.000,- per jaar.", SOURCE)
    assert marked is not None and "<sup>1</sup>**budget**" in marked.quote
    assert stands_in(marked.quote, SOURCE)


def test_table_cells_joined_with_bars_map_back_to_tabs() -> None:
    row = locate_quote("Gooise Meren | 2.855 | 8%", SOURCE)
    assert row is not None and row.line_start == 7
    assert stands_in(row.quote, SOURCE)
    assert locate_quote("Gooise Meren | 2.855 | 8% en meer tekst", SOURCE) is None


def test_text_not_in_the_source_is_not_located() -> None:
    assert locate_quote("De accountmanager informeert binnen twee weken de consulent.", SOURCE) is None
    assert not stands_in("kort", SOURCE)  # too short to verify


def test_sentences_and_list_items_are_split() -> None:
    text = "Eerste zin hier. Tweede zin daar.\n- een item\n2. Nog een stap."
    assert split_sentences(text) == ["Eerste zin hier.", "Tweede zin daar.", "- een item", "2. Nog een stap."]


def test_gemeente_spelling_variants_and_demonyms() -> None:
    assert gemeenten_in("GM en huizen bij elkaar") == ["Gooise Meren", "Huizen"]
    assert gemeenten_in("Wijdmeren en de Hilversummers, H'sum") == ["Wijdemeren", "Hilversum"]
    assert gemeenten_in("de HBEL-gemeenten") == ["Huizen", "Blaricum", "Eemnes", "Laren"]
    assert gemeenten_in("Loosdrecht en Bussum") == ["Wijdemeren", "Gooise Meren"]


def test_places_outside_the_region_are_known_and_plain_words_are_not_places() -> None:
    assert places_outside_in("Hoeveel WW-uitkeringen had Amsterdam?") == ["Amsterdam"]
    assert places_outside_in("Wat werkt het best voor jongeren in Hilversum?") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("How many candidates had a profile in Sonar?", "en"),
        ("hoevel werkzoekenden heeft wijdemeren eigenlijk?", "nl"),
        ("Wie viele Arbeitsuchende gibt es in Hilversum und wann beginnt das?", "de"),
        ("En in Huizen?", "nl"),
    ],
)
def test_language_detection(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_numbers_compare_across_dutch_and_plain_notation() -> None:
    assert {"2000000", "5.6", "5600000", "292"} <= numbers_in("€ 2.000.000 en 5,6 miljoen, 292 banen")
    assert "2000000" in numbers_in('{"result": 2000000.0}')


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("twaalf miljoen euro", "12000000"),
        ("vijfentwintig kandidaten", "25"),
        ("tweeduizend plaatsingen", "2000"),
        ("twenty-five", "20"),  # English compounds are read by their parts
        ("drie leerroutes", "3"),
    ],
)
def test_numbers_written_out_in_words_are_read(text: str, number: str) -> None:
    assert number in numbers_in(text)


def test_the_article_een_is_no_number_but_een_miljoen_is() -> None:
    assert numbers_in("een plan voor een regio") == set()
    assert numbers_in("een miljoen") == {"1000000"}


@pytest.mark.parametrize(
    ("period", "key"),
    [
        ("maart 2016", (2016, 3)),
        ("ultimo januari 2019", (2019, 1)),
        ("Q4 2020", (2020, 12)),
        ("eind 2020", (2020, 12)),
        ("2019", (2019, 6)),
        ("2019-2021", None),  # a range is no point a change starts or ends at
        ("tot 2040", None),
    ],
)
def test_points_in_time_order_a_change(period: str, key: tuple[int, int] | None) -> None:
    from assistant.indicators.rows import period_key

    assert period_key(period) == key


def test_a_field_label_that_asks_is_quoted_with_its_answer_and_never_glued_to_the_next() -> None:
    # Maatregel fiches read "Voor welke doelgroep(en)? 1. Inwoners ... Wat willen we bereiken? ...".
    from answer_fixtures import chunk, vocabulary

    from assistant.answer.evidence import units_of
    from assistant.answer.extractive import quote_text

    corpus = vocabulary()
    text = (
        "Minimaal 60% van de deelnemers vindt een baan.\nVoor welke doelgroep(en)?\n"
        "1. Inwoners die onder de Participatiewet vallen.\nWat willen we bereiken?\n"
        "Veertig inwoners vinden een baan in de zorg."
    )
    units = units_of(chunk("jobcoach").model_copy(update={"text": text}), corpus.terms)
    by_text = {u.text: u for u in units}
    label = by_text["Voor welke doelgroep(en)?"]
    assert (
        quote_text(label, corpus.terms)
        == "Voor welke doelgroep(en)? 1. Inwoners die onder de Participatiewet vallen."
    )
    first = by_text["Minimaal 60% van de deelnemers vindt een baan."]
    assert "doelgroep" not in quote_text(first, corpus.terms)


def test_a_list_number_counts_nothing() -> None:
    from assistant.answer.evidence import has_count

    assert not has_count("4. Meer communicatie met zzp'ers over stille armoede.")
    assert has_count("4. Er zijn 120 zzp'ers bereikt.")
