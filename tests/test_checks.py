"""The one answerability check: a value of the asked kind, anchored to the focus in the same unit,
meeting the constraints; otherwise no_answer with the reason. On a small synthetic corpus."""

from __future__ import annotations

import pytest
from answer_fixtures import chunk, vocabulary

from assistant.answer.checks import check, unit_gap
from assistant.answer.evidence import term_present, units_of
from assistant.answer.intent import read_question


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return vocabulary()


def _verdict(corpus, question: str, *names: str, **kinds: str):  # type: ignore[no-untyped-def]
    intent = read_question(question, corpus, corpus.expand)
    units = [u for name in names for u in units_of(chunk(name, kinds.get(name, "prose")), corpus.terms)]
    return check(intent, units, corpus.terms)


def test_a_near_miss_topic_present_amount_absent_is_no_answer(corpus) -> None:  # type: ignore[no-untyped-def]
    # The jobcoach passage is about the jobcoach but states no amount.
    verdict = _verdict(corpus, "Wat kost een jobcoach per uur?", "jobcoach")
    assert not verdict.answered
    assert verdict.reason is not None and "bedrag" in verdict.reason.nl
    # The same passage does answer how long the support lasts.
    assert _verdict(corpus, "Hoe lang begeleidt de jobcoach de kandidaat?", "jobcoach").answered


def test_an_amount_next_to_its_topic_answers(corpus) -> None:  # type: ignore[no-untyped-def]
    assert _verdict(corpus, "Hoeveel budget is er voor de scholingsmakelaar?", "budget").answered
    # ... and the English wording of the same question is answered by the same passage.
    assert _verdict(corpus, "How much budget is there for the training broker?", "budget").answered


def test_a_year_the_unit_does_not_cover_is_the_reason(corpus) -> None:  # type: ignore[no-untyped-def]
    verdict = _verdict(corpus, "Hoeveel budget is er in 2024 voor de scholingsmakelaar?", "budget")
    assert not verdict.answered and verdict.reason is not None and verdict.reason.nl == "2024"
    ranged = _verdict(corpus, "Hoeveel budget is er tussen 2019 en 2021 voor de scholingsmakelaar?", "budget")
    assert ranged.answered  # 2020 and 2021 fall inside the range asked


def test_a_place_outside_the_region_is_the_reason(corpus) -> None:  # type: ignore[no-untyped-def]
    verdict = _verdict(corpus, "Hoeveel personen hadden in Amsterdam een WW-uitkering?", "ww", ww="table")
    assert not verdict.answered and verdict.reason is not None and "Amsterdam" in verdict.reason.nl
    assert _verdict(corpus, "Hoeveel personen hadden in Huizen een WW-uitkering?", "ww", ww="table").answered


def test_a_gemeente_must_be_named_by_the_row_itself(corpus) -> None:  # type: ignore[no-untyped-def]
    intent = read_question("Hoeveel personen in Huizen hebben een WW-uitkering?", corpus, corpus.expand)
    rows = {u.text.split()[0]: u for u in units_of(chunk("ww", "table"), corpus.terms) if u.is_row}
    assert unit_gap(intent, rows["Huizen"], corpus.terms) is None
    gap = unit_gap(intent, rows["Hilversum"], corpus.terms)
    assert gap is not None and gap.nl == "Huizen"


def test_a_person_nobody_names_and_a_person_named(corpus) -> None:  # type: ignore[no-untyped-def]
    assert _verdict(corpus, "Wie is de contactpersoon van het programma?", "contact").answered
    verdict = _verdict(
        corpus, "Wie is de accountmanager die de consulent informeert?", "nazorg", nazorg="list"
    )
    assert not verdict.answered and verdict.reason is not None and "naam" in verdict.reason.nl


def test_the_outcome_of_a_later_event_is_not_read_from_the_plan_announcing_it(corpus) -> None:  # type: ignore[no-untyped-def]
    verdict = _verdict(corpus, "Wat kwam er uit de evaluatie van het WSP in 2020?", "evaluatie")
    assert not verdict.answered and verdict.reason is not None and "uitkomst" in verdict.reason.nl


def test_what_was_spent_needs_realisation_data(corpus) -> None:  # type: ignore[no-untyped-def]
    intent = read_question("Hoeveel is er al uitgegeven aan de scholingsmakelaar?", corpus, corpus.expand)
    units = units_of(chunk("budget"), corpus.terms)
    assert not check(intent, units, corpus.terms, realisation_known=False).answered


def test_the_article_een_is_no_count(corpus) -> None:  # type: ignore[no-untyped-def]
    # "een kandidaat" counts nothing; "twee kandidaten" and "2.056 personen" (no year) do.
    intent = read_question(
        "Hoeveel kandidaten zijn er door de accountmanager geplaatst?", corpus, corpus.expand
    )

    def gap(text: str):  # type: ignore[no-untyped-def]
        unit = units_of(chunk("jobcoach").model_copy(update={"text": text}), corpus.terms)[0]
        return unit_gap(intent, unit, corpus.terms)

    assert gap("De accountmanager plaatst een kandidaat bij de werkgever.") is not None
    assert gap("De accountmanager plaatst twee kandidaten bij de werkgever.") is None
    assert gap("De accountmanager plaatst 2.056 kandidaten bij de werkgever.") is None


def test_the_countrys_figure_does_not_answer_for_the_region(corpus) -> None:  # type: ignore[no-untyped-def]
    intent = read_question(
        "Hoeveel personen in Gooi en Vechtstreek hebben een WW-uitkering?", corpus, corpus.expand
    )
    row = next(u for u in units_of(chunk("ww", "table"), corpus.terms) if u.text.startswith("Totaal"))
    assert unit_gap(intent, row, corpus.terms, national=lambda unit: False) is None
    gap = unit_gap(intent, row, corpus.terms, national=lambda unit: True)
    assert gap is not None and "landelijk" in gap.nl
    national = read_question("Hoeveel personen hebben landelijk een WW-uitkering?", corpus, corpus.expand)
    assert unit_gap(national, row, corpus.terms, national=lambda unit: True) is None


def test_the_thing_counted_is_found_in_its_glossary_wording() -> None:
    # "residents" are counted where the document writes "inwoners".
    from assistant.retrieval.glossary import Glossary
    from assistant.retrieval.vocabulary import CorpusVocabulary

    text = "Geleidelijk schuiven 54.500 inwoners van 50 tot 65 jaar door naar de groep 65-plus."
    corpus = CorpusVocabulary.of_texts([text], Glossary({"english": {"residents": ["inwoners"]}}))
    intent = read_question("How many residents are moving on to the 65-plus group?", corpus, corpus.expand)
    unit = units_of(chunk("jobcoach").model_copy(update={"text": text}), corpus.terms)[0]
    assert intent.counted == "residents" and unit_gap(intent, unit, corpus.terms) is None


def test_an_age_range_no_passage_states_is_the_reason(corpus) -> None:  # type: ignore[no-untyped-def]
    # The WW table gives the band under 27; a question about 18 to 23 year olds is not answered by it.
    ranged = "Welk percentage van de personen van 18 tot 23 jaar had in Huizen een WW-uitkering?"
    assert not _verdict(corpus, ranged, "ww", ww="table").answered
    band = "Welk percentage van de personen jonger dan 27 jaar had in Huizen een WW-uitkering?"
    assert _verdict(corpus, band, "ww", ww="table").answered


def test_an_outcome_needs_a_passage_that_reports_it_done(corpus) -> None:  # type: ignore[no-untyped-def]
    # A document of 2022 that still plans the evaluation ("wordt geëvalueerd") does not say how it
    # turned out, though it was written after the year the passage names.
    later = units_of(chunk("evaluatie", date="2022-06"), corpus.terms)
    asked = read_question("Is het Werkgeversservicepunt uiteindelijk geëvalueerd?", corpus, corpus.expand)
    verdict = check(asked, later, corpus.terms)
    assert not verdict.answered and verdict.reason is not None and "uitkomst" in verdict.reason.nl
    # Without asking for the outcome the same passage answers when it happens.
    when = read_question("Wanneer wordt het Werkgeversservicepunt geëvalueerd?", corpus, corpus.expand)
    assert check(when, later, corpus.terms).answered


def test_a_result_the_plan_aims_for_is_no_reported_outcome(corpus) -> None:  # type: ignore[no-untyped-def]
    # "betere resultaten" is what the review looks for, not what it found.
    aims = chunk("evaluatie", date="2022-06").model_copy(
        update={
            "text": "Met de review onderzoeken we of het Werkgeversservicepunt leidt tot betere resultaten."
        }
    )
    asked = read_question("Wat kwam er uit de review van het Werkgeversservicepunt?", corpus, corpus.expand)
    assert not check(asked, units_of(aims, corpus.terms), corpus.terms).answered
    found = aims.model_copy(
        update={
            "chunk_id": "c-found",
            "text": "Uit de review bleek dat het Werkgeversservicepunt 40% meer werkgevers bereikt.",
        }
    )
    assert check(asked, units_of(found, corpus.terms), corpus.terms).answered


def test_what_someone_earns_is_not_what_the_post_costs(corpus) -> None:  # type: ignore[no-untyped-def]
    verdict = _verdict(corpus, "Wat verdient de scholingsmakelaar eigenlijk?", "budget")
    assert not verdict.answered and verdict.reason is not None and "salaris" in verdict.reason.nl
    assert _verdict(corpus, "Wat kost de scholingsmakelaar?", "budget").answered


def test_a_share_of_a_whole_the_unit_does_not_name_is_no_answer(corpus) -> None:  # type: ignore[no-untyped-def]
    # The table gives the WW'ers' age shares; "de kandidaten" (of the jobcoach) are not their whole.
    verdict = _verdict(
        corpus, "Welk deel van de kandidaten in Huizen heeft een WW-uitkering?", "ww", ww="table"
    )
    assert not verdict.answered and verdict.reason is not None and "kandidaten" in verdict.reason.nl
    assert _verdict(
        corpus, "Welk deel van de personen met een WW-uitkering in Huizen is jonger dan 27?", "ww", ww="table"
    ).answered


@pytest.mark.parametrize(
    ("sentence", "done"),
    [
        ("In 2020 is het expertisecentrum geopend.", True),
        (
            "Wanneer de partners besluiten te stoppen, wordt het budget geïnvesteerd in het expertisecentrum.",
            False,
        ),
        (
            "a. Of de makelaar nodig is en het budget niet beter geïnvesteerd kan worden in het centrum.",
            False,
        ),
    ],
)
def test_a_condition_or_a_possibility_reports_nothing_done(sentence: str, done: bool) -> None:
    from assistant.answer.checks import reports_done
    from ingest.lexical import fold

    assert reports_done(fold(sentence)) is done


def test_a_compound_no_passage_writes_needs_both_its_parts(corpus) -> None:  # type: ignore[no-untyped-def]
    # "werkgeversbudget" stands nowhere; the budget passage names "budget" but no "werkgever". Left
    # unknown, the compound would not count and the scholingsmakelaar's budget would answer.
    verdict = _verdict(corpus, "Hoe hoog is het werkgeversbudget in 2020?", "budget")
    assert not verdict.answered
    assert verdict.reason is not None and "werkgeversbudget" in verdict.reason.nl
    # A compound of the two words the passage does name is answered by it.
    assert _verdict(corpus, "Hoe hoog is het scholingsmakelaarbudget in 2020?", "budget").answered


def test_a_separable_verb_reads_as_the_word_the_documents_use(corpus) -> None:  # type: ignore[no-untyped-def]
    # "stroomden ... uit" is "uitstromen": the passage on "uitstroom" names what is asked.
    unit = units_of(chunk("uitstroom"), corpus.terms)[0]

    def named(question: str) -> bool:
        intent = read_question(question, corpus, corpus.expand)
        term = next(t for t in intent.focus if t.word == "stroomden")
        return term_present(term, unit.stems | unit.context_stems, unit.folded)

    assert named("Hoeveel kandidaten stroomden in 2018 uit naar betaald werk?")
    assert not named("Hoeveel kandidaten stroomden in 2018 naar betaald werk?")  # no particle, no "uitstroom"


def test_an_organisation_in_common_english_words_is_no_persons_name(corpus) -> None:  # type: ignore[no-untyped-def]
    # "Economic Board" is capitalised like "Marielle Stitzinger", but names no person.
    verdict = _verdict(corpus, "Wie is de contactpersoon van het werkgeversnetwerk?", "board")
    assert not verdict.answered and verdict.reason is not None and "naam" in verdict.reason.nl
    assert _verdict(corpus, "Wie is de contactpersoon van het programma?", "contact").answered


def test_a_year_can_name_the_document_by_its_date(corpus) -> None:  # type: ignore[no-untyped-def]
    # "De opdracht van 2017: wat staat erin?": the passage, in a document dated 2017, speaks of
    # another year; the year asked names the document. A figure still has to be about the year asked.
    text = "Vanaf 2019 begeleidt de jobcoach de kandidaat na plaatsing bij de werkgever."
    dated = units_of(chunk("jobcoach", date="2017-09-11").model_copy(update={"text": text}), corpus.terms)
    lookup = read_question("Document van 2017: wat doet de jobcoach na plaatsing?", corpus, corpus.expand)
    assert check(lookup, dated, corpus.terms).answered
    other = units_of(chunk("jobcoach", date="2019-06").model_copy(update={"text": text}), corpus.terms)
    assert not check(lookup, other, corpus.terms).answered
    budget = units_of(chunk("budget", date="2017-09-11"), corpus.terms)
    amount = read_question("Hoeveel budget is er in 2017 voor de scholingsmakelaar?", corpus, corpus.expand)
    assert not check(amount, budget, corpus.terms).answered
