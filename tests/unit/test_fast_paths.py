"""The scorer's fast paths give exactly what the plain algorithms give.

Scoring indexes answers and rubrics to stay quick (docs/scoring.md, section 10): an ASCII
tokeniser, sentence breaks from the whole text's punctuation, negation scope by bisection,
phrases tried only when their first word occurs. Each is checked here against the plain,
one-step-at-a-time algorithm on many seeded random texts.
"""

from __future__ import annotations

import random
import re
import string

import pytest

from callback_sim.core.scoring.sentences import (
    CEASING,
    HYPOTHETICALS,
    NEGATION_WINDOW,
    NEGATIVE_SUBJECTS,
    NEGATORS,
    PREFERENCE_WINDOW,
    SUBJECT_WINDOW,
    SUPPOSITION_WINDOW,
    Layout,
)
from callback_sim.core.text import _ASCII_TOKEN_RE, _TOKEN_RE, PhraseSet, Scan

_PIECES = [
    *"ab c1,.;:()[]\u2013\u2014\"-\n!?…。 '%$",
    *("  -  ", " - ", "\n\n", "e\u0301", "\t-\t", "\u00a0-\u00a0", "\r\n", "x-", "-y"),
    *("3.5", "1,200", " not ", " if ", " unless ", " never ", " not only ", " I ", " we "),
]


def _texts(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_the_ascii_tokeniser_finds_the_same_tokens() -> None:
    alphabet = [*string.printable, "'", "'", "1,2", "3.4", "don't"]
    for text in _texts(alphabet, 5000, seed=3):
        assert [m.span() for m in _ASCII_TOKEN_RE.finditer(text)] == [
            m.span() for m in _TOKEN_RE.finditer(text)
        ], text


# The plain algorithm: read the gap between every two tokens.
_SENTENCE_GAP = re.compile(r"[.!?…。]|\n")
_CLAUSE_GAP = re.compile(r"[,;:()\[\]\u2013\u2014\"]|\s-\s")


def _plain_layout(text: Scan) -> tuple[list[tuple[int, int]], list[int], list[int], list[int]]:
    count = len(text.keys)
    sentences: list[tuple[int, int]] = []
    sentence_of, clause_start, clause_end = [0] * count, [0] * count, [0] * count
    first = clause = 0
    for index in range(count):
        if index > first:
            gap = text.gap(index - 1, index)
            if _SENTENCE_GAP.search(gap):
                sentences.append((first, index))
                clause_end[clause:index] = [index] * (index - clause)
                first = clause = index
            elif _CLAUSE_GAP.search(gap):
                clause_end[clause:index] = [index] * (index - clause)
                clause = index
        sentence_of[index] = len(sentences)
        clause_start[index] = clause
    if count:
        sentences.append((first, count))
        clause_end[clause:count] = [count] * (count - clause)
    return sentences, sentence_of, clause_start, clause_end


@pytest.mark.parametrize("seed", range(4))
def test_sentences_and_clauses_match_reading_every_gap(seed: int) -> None:
    for raw in _texts(_PIECES, 2000, seed):
        text = Scan(raw)
        lay = Layout(text)
        sentences, sentence_of, clause_start, clause_end = _plain_layout(text)
        assert [(s.first, s.last) for s in lay.sentences] == sentences, raw
        assert lay.sentence_of == sentence_of, raw
        assert lay.clause_start == clause_start, raw
        assert lay.clause_end == clause_end, raw


def _sets_aside(lay: Layout, j: int) -> bool:
    keys = lay.text.keys
    if keys[j] == "of" and j and keys[j - 1] == "instead":
        return True
    if keys[j] == "than":
        first = lay.sentences[lay.sentence_of[j]].first
        return any(keys[k] in ("rather", "sooner") for k in range(first, j)[-PREFERENCE_WINDOW:])
    following = keys[j + 1] if j + 1 < len(keys) else ""
    return keys[j] in CEASING and following.endswith("ing") and len(following) > 4


def _plain_negated(lay: Layout, index: int, window: int) -> bool:
    keys = lay.text.keys
    start = lay.clause_start[index]
    for j in range(max(start, index - window), index):
        if keys[j] in NEGATORS:
            if keys[j] == "not" and j + 1 < len(keys) and keys[j + 1] in ("only", "just"):
                continue
            return True
    return any(
        keys[j] in NEGATIVE_SUBJECTS or _sets_aside(lay, j)
        for j in range(max(start, index - SUBJECT_WINDOW), index)
    )


def _plain_hypothetical(lay: Layout, index: int) -> bool:
    keys = lay.text.keys
    low = max(lay.clause_start[index], index - SUPPOSITION_WINDOW)
    return any(keys[j] in HYPOTHETICALS for j in range(low, index))


def test_negation_and_supposition_scope_match_scanning_back() -> None:
    words = [" not", " only", " just", " never", " if", " unless", " it", " worked", ",", "."]
    words += [" neither", " instead", " of", " rather", " than", " stopped", " blaming"]
    for raw in _texts(words, 3000, seed=11):
        lay = Layout(Scan(raw))
        for index in range(len(lay.text.keys)):
            for window in (NEGATION_WINDOW, SUPPOSITION_WINDOW):
                assert lay.negated(index, window) == _plain_negated(lay, index, window), raw
            assert lay.hypothetical(index) == _plain_hypothetical(lay, index), raw


def test_every_phrase_is_tried_whatever_word_starts_it() -> None:
    """A phrase found only through a gapped, contracted, typo'd or spaced form is still found:
    the index holds the first word of every form, not only of the phrase as written."""
    phrases = PhraseSet(("hand over", "did not", "stakeholders", "I decided", "one-on-ones"))
    text = Scan("I handed it over; we didnt wait. The stakeholdrs met. We did one on ones.")
    found = phrases.found(text)
    occurrences = phrases.occurrences(text)
    assert sorted(found) == [n for n, hits in enumerate(occurrences) if hits]
    assert {phrases.phrases[n] for n in found} == {
        "hand over",
        "did not",
        "stakeholders",
        "one-on-ones",
    }
    assert all(occurrences[n] == found[n] for n in found)
