"""The spaced-repetition schedule of questions, driven by scores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fsrs
import pytest

from callback_sim.core.schedule import (
    Review,
    parse_utc,
    rating_for,
    schedule_question,
    weak_questions,
)

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("score", "rating"),
    [
        (0, fsrs.Rating.Again),
        (49.9, fsrs.Rating.Again),
        (50, fsrs.Rating.Hard),
        (64.9, fsrs.Rating.Hard),
        (65, fsrs.Rating.Good),
        (84.9, fsrs.Rating.Good),
        (85, fsrs.Rating.Easy),
        (100, fsrs.Rating.Easy),
    ],
)
def test_rating_bands(score: float, rating: fsrs.Rating) -> None:
    assert rating_for(score) is rating


def reviews(*scores: float, gap_days: float = 1) -> list[Review]:
    return [Review(T0 + timedelta(days=i * gap_days), s) for i, s in enumerate(scores)]


def test_good_scores_push_the_question_further_out_than_poor_ones() -> None:
    now = T0 + timedelta(days=3)
    good = schedule_question("b", "good", reviews(80, 88, 90), now=now)
    poor = schedule_question("b", "poor", reviews(30, 40, 35), now=now)
    assert good.due > poor.due
    assert good.retrievability > poor.retrievability
    assert (good.attempts, good.last_score, good.best_score, good.mean_score) == (3, 90, 90, 86.0)


def test_struggling_needs_a_streak_of_low_scores() -> None:
    now = T0 + timedelta(days=10)
    assert schedule_question("b", "q", reviews(30, 20, 40), now=now).struggling
    assert not schedule_question("b", "q", reviews(30, 70, 40), now=now).struggling
    assert not schedule_question("b", "q", reviews(30, 20), now=now).struggling


def test_order_of_reviews_does_not_matter_and_schedule_is_deterministic() -> None:
    now = T0 + timedelta(days=5)
    a = schedule_question("b", "q", reviews(55, 70, 90), now=now)
    b = schedule_question("b", "q", list(reversed(reviews(55, 70, 90))), now=now)
    assert a == b


def test_unpractised_question_is_due_now() -> None:
    s = schedule_question("b", "q", [], now=T0)
    assert s.attempts == 0 and s.is_due(T0) and s.last_score is None


def test_weak_questions_lowest_scores_first_and_suspended_left_out() -> None:
    now = T0 + timedelta(days=30)
    schedules = [
        schedule_question("b", "mid", reviews(60), now=now),
        schedule_question("b", "low", reviews(20), now=now),
        schedule_question("b", "high", reviews(95), now=now),
        schedule_question("b", "lower-but-suspended", reviews(5), now=now, suspended=True),
        schedule_question("b", "never", [], now=now),
    ]
    picked = weak_questions(schedules, now=now, limit=2)
    assert [s.question_id for s in picked] == ["low", "mid"]


def test_parse_utc_accepts_z_and_naive() -> None:
    assert parse_utc("2026-11-01T09:00:00Z") == T0
    assert parse_utc("2026-11-01T09:00:00") == T0
    assert parse_utc("2026-11-01T10:00:00+01:00") == T0
