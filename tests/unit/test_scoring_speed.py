"""The scorer's fast paths give exactly what the general code they replace gives."""

from __future__ import annotations

import numpy as np
import pytest

from callback_sim.core.scoring.semantic import TOPIC_QUANTILE, upper_quantile
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


@pytest.mark.parametrize(
    "text",
    [
        "The team and the TEAM met; the team's plan, Team KPIs and kpis: 40% of $3.",
        "I ran. We run! They'd ran, running runs.",
        "",
        "e\u0301 café CAFÉ 🙂 \ud800 straße STRASSE",
    ],
)
def test_position_indexes_are_the_token_by_token_ones(text: str) -> None:
    scanned = Scan(text)
    by_stem, by_key = scanned.positions(), scanned.key_positions()
    assert by_stem == index_positions(scanned.stems)
    assert list(by_stem) == list(index_positions(scanned.stems))  # same order too
    assert by_key == index_positions(scanned.keys)
    assert list(by_key) == list(index_positions(scanned.keys))
