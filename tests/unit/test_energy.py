"""The energy trend across a round (core.energy): when later answers sag, and why."""

from __future__ import annotations

import pytest

from callback_sim.core.energy import MIN_ANSWERS, energy_points, energy_trend
from callback_sim.core.models import Delivery


def d(words: int, energy: int = 0, fillers: int = 0, hedges: int = 0) -> Delivery:
    return Delivery(
        words=words,
        seconds=60.0,
        time_limit=120,
        filled_pauses=fillers,
        discourse_markers=0,
        hedges=hedges,
        energy_words=energy,
    )


def test_steady_round_does_not_sag() -> None:
    trend = energy_trend([(i, d(120, energy=3)) for i in range(1, 7)])
    assert not trend.sagged
    assert "steady" in trend.sentence
    assert [p.position for p in trend.points] == [1, 2, 3, 4, 5, 6]


def test_shorter_late_answers_sag_with_percentage() -> None:
    trend = energy_trend([(1, d(200, 4)), (2, d(200, 4)), (3, d(100, 2)), (4, d(100, 2))])
    assert trend.sagged
    assert "50% shorter" in trend.sentence
    # Energy words per 100 words stayed the same, so that reason must not appear.
    assert not any("energy words" in r for r in trend.reasons)


def test_fewer_energy_words_and_more_hedges() -> None:
    trend = energy_trend(
        [(1, d(100, energy=4)), (2, d(100, energy=4)), (3, d(100, 0, 2, 2)), (4, d(100, 0, 1, 2))]
    )
    assert trend.sagged
    assert trend.reasons == ("you used fewer energy words", "fillers and hedges crept in")
    assert "fewer energy words and fillers and hedges crept in" in trend.sentence


def test_too_few_answers_gives_no_trend() -> None:
    trend = energy_trend([(1, d(200, 5)), (2, d(10))])
    assert not trend.sagged
    assert str(MIN_ANSWERS) in trend.sentence


def test_skipped_questions_are_points_but_not_compared() -> None:
    rows: list[tuple[int, Delivery | None]] = [
        (1, d(150, 3)),
        (2, None),
        (3, d(150, 3)),
        (4, d(150, 3)),
    ]
    trend = energy_trend(rows)
    assert [p.answered for p in trend.points] == [True, False, True, True]
    assert not trend.sagged


@pytest.mark.parametrize("words", [0])
def test_empty_answer_has_zero_rates(words: int) -> None:
    (point,) = energy_points([(1, d(words))])
    assert point.energy_rate == 0.0 and point.hesitation_rate == 0.0 and not point.answered


def test_odd_count_leaves_middle_out() -> None:
    # The middle answer is huge; with three answers only the first and last are compared.
    trend = energy_trend([(1, d(100, 2)), (2, d(1000, 2)), (3, d(100, 2))])
    assert not trend.sagged


def test_every_kind_of_hesitation_counts_and_each_is_kept_apart() -> None:
    said = Delivery(
        words=100, seconds=None, time_limit=None, filled_pauses=2,
        discourse_markers=3, hedges=1, energy_words=0,
    )  # fmt: skip
    (point,) = energy_points([(1, said)])
    assert (point.filled_pauses, point.fillers, point.hedges) == (2, 3, 1)
    assert point.hesitation_rate == 6.0
