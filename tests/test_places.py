"""Places a question names: gemeenten, and gemeenten it leaves out of a total."""

from __future__ import annotations

import pytest

from assistant.answer.places import gemeenten_left_out


@pytest.mark.parametrize(
    ("question", "left_out"),
    [
        ("Hoeveel WW'ers zijn er zonder Weesp?", ["Weesp"]),
        ("weesp hoort er niet meer bij. hoeveel blijven er over als je weesp eruit haalt?", ["Weesp"]),
        ("Als je Hilversum buiten beschouwing laat, hoeveel zijn het er?", ["Hilversum"]),
        ("How many are there excluding Huizen and Laren?", ["Huizen", "Laren"]),
        ("Hoeveel WW'ers hebben Huizen en Laren samen?", []),
    ],
)
def test_a_gemeente_left_out_of_a_total(question: str, left_out: list[str]) -> None:
    assert gemeenten_left_out(question) == left_out
