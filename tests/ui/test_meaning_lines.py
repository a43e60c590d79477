"""How a term earned by meaning reads on the score card and in the bank editor's Try-it."""

from __future__ import annotations

from callback_sim.core.models import TermResult
from callback_sim.tui.screens.banks import term_result_line
from callback_sim.tui.widgets.score_card import how_earned

MEANT = TermResult(
    label="Asks what success looks like",
    weight=2,
    matched=True,
    evidence="What would the person in this seat have accomplished?",
    phrase="a great hire",
    span=(0, 54),
    source="meaning",
    sentence="What would the person in this seat have accomplished?",
    credit=0.75,
    similarity=0.74,
)


def test_the_score_card_says_the_idea_was_said_in_other_words() -> None:
    assert how_earned(MEANT) == "[in other words: near “a great hire”, 75% credit]"


def test_try_it_shows_the_nearest_phrase_and_the_sentence() -> None:
    line = term_result_line(MEANT, avoid=False).plain
    assert "in other words, near “a great hire” ← “What would the person" in line
    assert "(75% of its weight)" in line
    assert "keyword list" not in line
