"""The energy trend across a round: does the candidate fade in the later questions?

Callback days are long and energy wanes; this reads each answer's delivery figures
(length, energy words, filled pauses, fillers, hedges) in round order and says in one plain sentence
whether the later answers sag compared with the earlier ones. Pure, so the TUI summary,
history screens and reports all tell the same story.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from callback_sim.core.models import Delivery

#: Fewer answered questions than this give no trend (one late answer proves nothing).
MIN_ANSWERS = 3

#: Later answers this much shorter (as a fraction of the earlier ones) count as a sag.
SHORTER_BY = 0.25
#: Energy words per 100 words falling by this fraction counts as a sag...
ENERGY_DROP = 0.30
#: ...when the earlier answers had at least this many per 100 words to lose.
MIN_ENERGY_RATE = 0.5
#: Fillers plus hedges per 100 words rising by this much (absolute) counts as a sag.
HESITATION_RISE = 1.5


@dataclass(frozen=True)
class EnergyPoint:
    """One question's delivery figures; `answered` is False for a skipped or empty answer."""

    position: int
    words: int
    energy_words: int
    fillers: int  # "you know", "like" (the delivery's discourse markers)
    hedges: int
    answered: bool
    filled_pauses: int = 0  # "um", "uh"

    @property
    def energy_rate(self) -> float:
        """Energy words per 100 words."""
        return 100.0 * self.energy_words / self.words if self.words else 0.0

    @property
    def hesitation_rate(self) -> float:
        """Filled pauses, fillers and hedges per 100 words."""
        hesitations = self.filled_pauses + self.fillers + self.hedges
        return 100.0 * hesitations / self.words if self.words else 0.0


@dataclass(frozen=True)
class EnergyTrend:
    """Per-question points, whether energy sagged late in the round, and why in words."""

    points: tuple[EnergyPoint, ...]
    sagged: bool
    sentence: str
    reasons: tuple[str, ...] = ()


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def energy_points(deliveries: Sequence[tuple[int, Delivery | None]]) -> tuple[EnergyPoint, ...]:
    """Points from (position, delivery) pairs; None (skipped) becomes an unanswered point."""
    points: list[EnergyPoint] = []
    for position, d in deliveries:
        if d is None:
            points.append(EnergyPoint(position, 0, 0, 0, 0, answered=False))
            continue
        points.append(
            EnergyPoint(
                position=position,
                words=d.words,
                energy_words=d.energy_words,
                fillers=d.discourse_markers,
                hedges=d.hedges,
                answered=d.words > 0,
                filled_pauses=d.filled_pauses,
            )
        )
    return tuple(points)


def energy_trend(deliveries: Sequence[tuple[int, Delivery | None]]) -> EnergyTrend:
    """Compare the later half of the answered questions with the earlier half.

    With an odd count the middle answer belongs to neither half, so a round of three
    compares the first answer with the last. Skipped questions are not answers and are
    left out of the comparison (they still appear as points).
    """
    points = energy_points(deliveries)
    answered = [p for p in points if p.answered]
    if len(answered) < MIN_ANSWERS:
        return EnergyTrend(
            points=points,
            sagged=False,
            sentence=(
                f"Answer at least {MIN_ANSWERS} questions to see how your energy holds up "
                "across a round."
            ),
        )
    half = len(answered) // 2
    early, late = answered[:half], answered[-half:]
    reasons: list[str] = []

    early_words = _mean([p.words for p in early])
    late_words = _mean([p.words for p in late])
    if early_words > 0 and late_words <= early_words * (1 - SHORTER_BY):
        shorter = round(100 * (1 - late_words / early_words))
        reasons.append(f"answers got {shorter}% shorter")

    early_energy = _mean([p.energy_rate for p in early])
    late_energy = _mean([p.energy_rate for p in late])
    if early_energy >= MIN_ENERGY_RATE and late_energy <= early_energy * (1 - ENERGY_DROP):
        reasons.append("you used fewer energy words")

    early_hesitation = _mean([p.hesitation_rate for p in early])
    late_hesitation = _mean([p.hesitation_rate for p in late])
    if late_hesitation - early_hesitation >= HESITATION_RISE:
        reasons.append("fillers and hedges crept in")  # "um", "you know", "maybe"

    if reasons:
        listed = (
            reasons[0] if len(reasons) == 1 else ", ".join(reasons[:-1]) + " and " + reasons[-1]
        )
        sentence = (
            f"Your energy sagged in the later questions: {listed}. Late in a callback day, "
            "keep answers full and upbeat — the last interviewer hasn't heard you yet."
        )
        return EnergyTrend(points=points, sagged=True, sentence=sentence, reasons=tuple(reasons))
    return EnergyTrend(
        points=points,
        sagged=False,
        sentence="Your energy held steady from the first question to the last.",
    )
