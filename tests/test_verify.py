"""One verification for both modes: each [n] supports its sentence or is removed, numbers in digits
and in words need a source, markers are renumbered per sentence."""

from __future__ import annotations

from answer_fixtures import TEXTS, chunk, vocabulary

from assistant.answer.verify import SUPPORT_MIN, support, verify

CORPUS = vocabulary()


def _source(path: str) -> str:
    return TEXTS[path.removeprefix("corpus/").removesuffix(".txt")]


def _verify(text: str, shown: dict[int, str], tool_numbers: set[str] | None = None):  # type: ignore[no-untyped-def]
    chunks = {n: chunk(name) for n, name in shown.items()}
    return verify(text, chunks, _source, CORPUS.terms, tool_numbers or set())


def test_a_supported_sentence_gets_its_quote_located_verbatim() -> None:
    out = _verify("De jobcoach begeleidt de kandidaat na plaatsing [1].", {1: "jobcoach"})
    assert out.supported_sentences == 1 and not out.unsupported
    assert out.citations[0].quote == "De jobcoach begeleidt de kandidaat na plaatsing bij de werkgever."


def test_a_marker_never_shown_is_removed_and_reported() -> None:
    shown = {n: "jobcoach" for n in range(1, 6)}  # five passages shown
    out = _verify("De begeleiding duurt zes maanden [9].", shown)
    assert "[9]" not in out.text and out.citations == []
    assert out.unsupported == ["De begeleiding duurt zes maanden."]


def test_a_citation_that_supports_nothing_is_removed() -> None:
    out = _verify("GEHACKT [1].", {1: "jobcoach"})
    assert out.supported_sentences == 0 and out.citations == [] and "[1]" not in out.text
    assert support("GEHACKT", TEXTS["jobcoach"], CORPUS.terms) < SUPPORT_MIN


def test_numbers_written_in_words_are_checked_like_digits() -> None:
    out = _verify(
        "De begeleiding duurt zes maanden [1]. Het budget is twaalf miljoen euro [1].", {1: "jobcoach"}
    )
    assert "12000000" in out.loose_numbers and "6" not in out.loose_numbers
    assert any("twaalf miljoen" in u for u in out.unsupported)


def test_a_number_from_a_tool_result_is_supported() -> None:
    out = _verify("Samen 2.056 personen [1].", {1: "ww"}, tool_numbers={"2056"})
    assert out.loose_numbers == []


def test_markers_are_renumbered_per_sentence_in_order_of_first_use() -> None:
    out = _verify(
        "Het budget is € 82.800 per jaar [4]. De jobcoach begeleidt de kandidaat na plaatsing [2].",
        {2: "jobcoach", 4: "budget"},
    )
    assert out.text.index("[1]") < out.text.index("[2]")
    assert [c.chunk_id for c in out.citations] == ["c-budget", "c-jobcoach"]


def test_an_extractive_quote_that_cannot_be_located_is_left_out_of_the_text() -> None:
    # LLM mode keeps the sentence (reported unsupported); an extractive answer is made of quotes, so a
    # quote its source does not hold is never shown as if the source said it.
    text = "De jobcoach begeleidt de kandidaat na plaatsing [1].\n2020 € 55.200 [1]"
    chunks = {1: chunk("jobcoach")}
    kept = verify(text, chunks, _source, CORPUS.terms, set())
    assert "55.200" in kept.text and kept.unsupported == ["2020 € 55.200"]
    dropped = verify(text, chunks, _source, CORPUS.terms, set(), drop_unsupported=True)
    assert "55.200" not in dropped.text and dropped.unsupported == ["2020 € 55.200"]
    assert dropped.loose_numbers == [] and "De jobcoach begeleidt" in dropped.text


def test_a_figure_from_table_rows_is_quoted_with_the_table_down_to_its_last_row_read() -> None:
    # The reader checks "1.451 + 605" against the rows with the caption and header that say what
    # the columns are; one row on its own ("Huizen 605 4%") says nothing about WW or the year.
    from assistant.answer.extractive import table_span

    table = chunk("ww", chunk_type="table")
    hints = table_span(table, ["Hilversum 1.451 5%", "Huizen 605 4%"])
    out = verify(
        "Samen 1.451 + 605 = 2.056 personen [1].",
        {1: table},
        _source,
        CORPUS.terms,
        {"2056"},
        hints={1: hints},
    )
    quote = out.citations[0].quote
    assert quote.startswith("Personen met een WW-uitkering januari 2019") and quote.endswith("Huizen 605 4%")
    assert "Totaal regio" not in quote  # the table stops at the last row read
    assert table_span(chunk("jobcoach"), ["De begeleiding duurt zes maanden."]) == []  # prose: no span


def test_a_procedures_steps_are_quoted_as_one_stretch_of_their_passage() -> None:
    from assistant.answer.evidence import units_of
    from assistant.answer.extractive import step_spans

    procedure = chunk("nazorg", chunk_type="list")
    steps = [u for u in units_of(procedure, CORPUS.terms) if u.text[0].isdigit()]
    text = "\n".join(f"{u.text} [1]" for u in steps)
    out = verify(text, {1: procedure}, _source, CORPUS.terms, set(), hints={1: step_spans(procedure, steps)})
    assert len(out.citations) == 1 and out.text.count("[1]") == len(steps) == 3
    quote = out.citations[0].quote
    assert quote.startswith("1. De accountmanager") and quote.endswith("het dossier gesloten.")


def test_a_list_item_is_cited_in_its_list_from_the_lead_in() -> None:
    from assistant.answer.extractive import compose
    from assistant.answer.intent import read_question

    checklist = chunk("nazorg", chunk_type="list").model_copy(
        update={
            "text": "Bij de evaluatie komen aan bod:\n- de samenwerking met UWV.\n- de tevredenheid van werkgevers."
        }
    )
    intent = read_question(
        "Komt de tevredenheid van werkgevers aan bod bij de evaluatie?", CORPUS, CORPUS.expand
    )
    proposal = compose(intent, [(checklist, 1.0)], CORPUS.terms)
    source = {checklist.source_path: checklist.text}
    out = verify(proposal.text, proposal.shown, source.__getitem__, CORPUS.terms, set(), hints=proposal.hints)
    assert out.citations and out.citations[0].quote.startswith("Bij de evaluatie komen aan bod:")


def test_a_quoted_sentence_is_cited_with_the_sentence_it_leans_on() -> None:
    from assistant.answer.extractive import MAX_QUOTE_CHARS, compose, sentence_window
    from assistant.answer.intent import read_question

    passage = chunk("jobcoach")
    intent = read_question("Hoe lang duurt de begeleiding door de jobcoach?", CORPUS, CORPUS.expand)
    proposal = compose(intent, [(passage, 1.0)], CORPUS.terms)
    out = verify(proposal.text, proposal.shown, _source, CORPUS.terms, set(), hints=proposal.hints)
    assert "De begeleiding duurt zes maanden" in out.text
    assert out.citations[0].quote == TEXTS["jobcoach"]  # the sentence before it says whose begeleiding
    # The window never grows past a quote's length.
    long = passage.model_copy(update={"text": "Een lange zin over iets anders. " * 20 + TEXTS["jobcoach"]})
    window = sentence_window(long, "De begeleiding duurt zes maanden.", CORPUS.terms)
    assert window is not None and len(window) <= MAX_QUOTE_CHARS and window.endswith("zes maanden.")


def test_a_figure_read_from_prose_is_quoted_with_the_sentence_it_leans_on() -> None:
    from assistant.answer.extractive import compose
    from assistant.answer.intent import read_question

    passage = chunk("jobcoach")
    intent = read_question("Hoe lang begeleidt de jobcoach?", CORPUS, CORPUS.expand)
    proposal = compose(
        intent,
        [(passage, 1.0)],
        CORPUS.terms,
        figure_text="Duur begeleiding jobcoach: 6 maanden",
        figure_sources=[(passage, "De begeleiding duurt zes maanden.")],
    )
    out = verify(proposal.text, proposal.shown, _source, CORPUS.terms, {"6"}, hints=proposal.hints)
    assert out.citations and out.citations[0].quote == TEXTS["jobcoach"]  # not the figure's sentence alone
