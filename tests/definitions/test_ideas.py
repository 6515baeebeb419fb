"""Breaking a definition into key ideas: sentences, then clauses, bullets dropped, short
fragments kept with the one before, repeats once."""

import pytest

from ruche.definitions.ideas import key_ideas


@pytest.mark.parametrize(
    ("text", "ideas"),
    [
        (
            "SSE puts people first. It is democratic!",
            ["SSE puts people first.", "It is democratic!"],
        ),
        (
            "Governed democratically; profits reinvested",
            ["Governed democratically", "profits reinvested"],
        ),
        ("Utilité sociale : répondre aux besoins", ["Utilité sociale", "répondre aux besoins"]),
        (
            "- local anchoring\n* limited profit\n1. free membership",
            ["local anchoring", "limited profit", "free membership"],
        ),
        ("People first. Yes.", ["People first. Yes."]),
        ("People first. People first.", ["People first."]),
        ("Économie solidaire. economie  SOLIDAIRE", ["Économie solidaire."]),
        ("   \n\n ", []),
        ("One", ["One"]),
    ],
)
def test_key_ideas(text, ideas):
    assert key_ideas(text) == ideas


def test_an_idea_fits_on_a_card():
    assert all(len(idea) <= 2000 for idea in key_ideas("word " * 1000))
