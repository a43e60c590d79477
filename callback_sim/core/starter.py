"""Starter rubrics for questions that have none: copy the rubric of the most similar question.

Imported questions arrive without rubric terms; a question that is scored against nothing
teaches nothing. The closest built-in question (rapidfuzz similarity of the prompts) usually
looks for the same things, so its terms are proposed as a starting point to accept or edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

from callback_sim.core.models import Bank, Question

#: Below this similarity (0-100) no proposal is made: a random rubric is worse than none.
MIN_SIMILARITY = 45.0


@dataclass(frozen=True)
class StarterRubric:
    """The question whose rubric is proposed, and how similar its prompt is (0-100)."""

    question: Question
    similarity: float


def propose_rubric(
    prompt: str, banks: Sequence[Bank], *, min_similarity: float = MIN_SIMILARITY
) -> StarterRubric | None:
    """The most similar question with a rubric in `banks`, or None when none is close enough."""
    candidates = [q for bank in banks for q in bank.questions if q.rubric]
    if not candidates or not prompt.strip():
        return None
    # token_set_ratio ignores word order and the filler of long prompts; WRatio then breaks
    # ties towards prompts of similar length.
    best = process.extractOne(
        prompt,
        [q.prompt for q in candidates],
        scorer=fuzz.token_set_ratio,
        processor=utils.default_process,
        score_cutoff=min_similarity,
    )
    if best is None:
        return None
    top = best[1]
    tied = [
        i
        for i, q in enumerate(candidates)
        if fuzz.token_set_ratio(prompt, q.prompt, processor=utils.default_process) >= top - 0.01
    ]
    index = max(
        tied, key=lambda i: fuzz.WRatio(prompt, candidates[i].prompt, processor=utils.default_process)
    )
    return StarterRubric(candidates[index], round(float(top), 1))
