"""Spaced repetition of questions, driven by their scores (FSRS via the `fsrs` package).

Each practised question is a card; each scored answer is a review whose rating comes
from the score (see `rating_for`). Replaying a question's answers gives when it is due
again, and how well it is held. Questions that keep failing are flagged as struggling.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import fsrs

#: Score bands that map to FSRS ratings (documented in docs/progress.md).
AGAIN_BELOW = 50.0
HARD_BELOW = 65.0
EASY_FROM = 85.0

#: A question is flagged as struggling after this many low (Again) scores in a row.
STRUGGLING_STREAK = 3

# Interview answers are rehearsed over days, not minutes: one short learning step, then
# FSRS intervals. No fuzzing, so the same history always gives the same schedule.
_SCHEDULER = fsrs.Scheduler(
    learning_steps=(timedelta(hours=4),),
    relearning_steps=(timedelta(hours=12),),
    enable_fuzzing=False,
)


@dataclass(frozen=True)
class Review:
    """One scored attempt at a question."""

    answered_at: datetime  # timezone-aware UTC
    score: float


@dataclass(frozen=True)
class QuestionSchedule:
    """Where one question stands: when it is due again and how it has gone."""

    bank_id: str
    question_id: str
    attempts: int
    last_score: float | None
    mean_score: float | None
    best_score: float | None
    due: datetime
    stability: float | None
    retrievability: float  # 0..1: the estimated chance the answer is still in hand now
    struggling: bool  # the last STRUGGLING_STREAK scores were all below AGAIN_BELOW
    suspended: bool = False

    def is_due(self, now: datetime) -> bool:
        return self.due <= now


def rating_for(score: float) -> fsrs.Rating:
    """The FSRS rating a score earns: below 50 Again, below 65 Hard, below 85 Good, else Easy."""
    if score < AGAIN_BELOW:
        return fsrs.Rating.Again
    if score < HARD_BELOW:
        return fsrs.Rating.Hard
    if score < EASY_FROM:
        return fsrs.Rating.Good
    return fsrs.Rating.Easy


def parse_utc(stamp: str) -> datetime:
    """An ISO 8601 timestamp as stored, as an aware UTC datetime (naive means UTC)."""
    value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def schedule_question(
    bank_id: str,
    question_id: str,
    reviews: Sequence[Review],
    *,
    now: datetime,
    suspended: bool = False,
) -> QuestionSchedule:
    """Replay a question's scored attempts (any order) through FSRS."""
    ordered = sorted(reviews, key=lambda r: r.answered_at)
    card = fsrs.Card(card_id=1)
    for review in ordered:
        card, _ = _SCHEDULER.review_card(card, rating_for(review.score), review.answered_at)
    scores = [r.score for r in ordered]
    if ordered:
        due = card.due
        retrievability = float(_SCHEDULER.get_card_retrievability(card, now))
    else:
        due = now  # never practised: due now
        retrievability = 0.0
    recent = scores[-STRUGGLING_STREAK:]
    return QuestionSchedule(
        bank_id=bank_id,
        question_id=question_id,
        attempts=len(scores),
        last_score=scores[-1] if scores else None,
        mean_score=round(sum(scores) / len(scores), 1) if scores else None,
        best_score=max(scores) if scores else None,
        due=due,
        stability=card.stability,
        retrievability=retrievability,
        struggling=len(recent) == STRUGGLING_STREAK and all(s < AGAIN_BELOW for s in recent),
        suspended=suspended,
    )


def weak_questions(
    schedules: Iterable[QuestionSchedule], *, now: datetime, limit: int
) -> list[QuestionSchedule]:
    """What a weak-questions round asks: practised, not suspended, lowest scores first.

    Questions due now come before those not yet due; within each, the lowest last score
    first, then the least well held (retrievability).
    """
    candidates = [s for s in schedules if s.attempts > 0 and not s.suspended]
    candidates.sort(
        key=lambda s: (
            not s.is_due(now),
            s.last_score if s.last_score is not None else 0.0,
            s.retrievability,
        )
    )
    return candidates[:limit]
