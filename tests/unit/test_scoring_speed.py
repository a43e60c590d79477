"""The scorer's fast paths give exactly what the general code they replace gives."""

from __future__ import annotations

import random

import numpy as np
import pytest

from callback_sim.core.scoring import signals
from callback_sim.core.scoring.semantic import TOPIC_QUANTILE, upper_quantile
from callback_sim.core.scoring.sentences import Layout
from callback_sim.core.scoring.signals import _Cues, _word_matches
from callback_sim.core.text import Scan, index_positions


@pytest.mark.parametrize("seed", range(4))
def test_upper_quantile_is_numpys_quantile_bit_for_bit(seed: int) -> None:
    rng = np.random.default_rng(seed)
    for size in range(1, 80):
        for values in (
            rng.random(size).astype(np.float32),
            rng.normal(0.5, 0.3, size).astype(np.float32),
            rng.choice(np.array([0.1, 0.55, 0.7], np.float32), size),
        ):
            expected = float(np.quantile(values, TOPIC_QUANTILE))
            assert upper_quantile(values, TOPIC_QUANTILE) == expected


#: Texts with repeated words in several cases, symbols, gaps at both ends, marks, emoji.
TEXTS = [
    "The team and the TEAM met; the team's plan, Team KPIs and kpis: 40% of $3.",
    "I ran. We run! They'd ran, running runs.",
    "  Leading gap. Trailing gap  \n",
    "",
    "e\u0301 café CAFÉ 🙂 \ud800 straße STRASSE",
]


@pytest.mark.parametrize("text", TEXTS)
def test_position_indexes_are_the_token_by_token_ones(text: str) -> None:
    scanned = Scan(text)
    by_stem, by_key = scanned.positions(), scanned.key_positions()
    assert by_stem == index_positions(scanned.stems)
    assert list(by_stem) == list(index_positions(scanned.stems))  # same order too
    assert by_key == index_positions(scanned.keys)
    assert list(by_key) == list(index_positions(scanned.keys))


@pytest.mark.parametrize("text", TEXTS)
def test_the_token_table_spreads_per_word_values_to_every_token(text: str) -> None:
    scanned = Scan(text)
    raws = [text[s:e] for s, e in zip(scanned.starts, scanned.ends, strict=True)]
    assert [scanned.words[i] for i in scanned.ids] == raws
    assert list(dict.fromkeys(raws)) == scanned.words  # in order of first appearance
    assert [scanned.word_keys[i] for i in scanned.ids] == scanned.keys
    assert [scanned.word_stems[i] for i in scanned.ids] == scanned.stems
    assert scanned.id_array().tolist() == scanned.ids
    # The gaps and the tokens, interleaved, are the text again.
    assert "".join(g + t for g, t in zip(scanned.gaps, [*raws, ""], strict=True)) == text
    assert scanned.raw_positions() == index_positions(raws)


def _plain_cue_matches(cues: _Cues, keys: list[str]) -> tuple[list[int], list[int]]:
    """Every token tried against every cue: where one starts, and the shortest's end."""
    phrases = [(first, *rest) for first, options in cues.by_first.items() for rest, _ in options]
    starts, ends = [], []
    for index in range(len(keys)):
        lengths = [
            len(phrase)
            for phrase in phrases
            if index + len(phrase) <= len(keys)
            and all(_word_matches(w, keys[index + j]) for j, w in enumerate(phrase))
        ]
        if lengths:
            starts.append(index)
            ends.append(index + min(lengths))
    return starts, ends


@pytest.mark.parametrize("seed", range(3))
def test_cue_matching_finds_what_trying_every_token_finds(seed: int) -> None:
    rng = random.Random(seed)
    cue_lists = [c for c in vars(signals).values() if isinstance(c, _Cues)]
    for cues in cue_lists:
        vocabulary = sorted({w for p in cues.by_first for w in [p]} | {"3", "ten", "x", "I"})
        vocabulary += sorted({w for opts in cues.by_first.values() for r, _ in opts for w in r})
        vocabulary = [w.replace("#", "7") for w in vocabulary]
        for _ in range(40):
            raw = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 30)))
            lay = Layout(Scan(raw))
            assert cues.matches(lay) == _plain_cue_matches(cues, lay.text.keys), raw
