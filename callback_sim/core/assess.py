"""Assess an answer: its score, plus, for seeded questions, where it drifts from round one.

Sits above both `core.scoring` and `core.seeding` so neither reaches up into the other;
every caller that scores a practice answer (score CLI, plain rounds, the TUI, the kit)
goes through `assess_answer`.
"""

from __future__ import annotations

from dataclasses import replace

from callback_sim.core.models import Question, Score
from callback_sim.core.scoring import score_answer
from callback_sim.core.seeding import check_consistency


def assess_answer(
    question: Question,
    answer: str,
    *,
    seconds: float | None = None,
    time_limit: int | None = None,
) -> Score:
    """`score_answer`, then figures, names and dates that drift from round one flagged first."""
    score = score_answer(question, answer, seconds=seconds, time_limit=time_limit)
    if not question.claims:
        return score
    flags = check_consistency(question.claims, answer)
    if not flags:
        return score
    return replace(score, consistency=flags, feedback=(flags[0], *score.feedback[:2]))
