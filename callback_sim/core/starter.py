"""Starter rubrics for questions that have none: copy the rubric of the most similar question.

Imported questions arrive without rubric terms; a question that is scored against nothing
teaches nothing. The closest built-in question (rapidfuzz similarity of the prompts) usually
looks for the same things, so its terms are proposed as a starting point to accept or edit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from callback_sim.core.models import Bank, Question
from callback_sim.core.text import stem, word_set

#: Below this similarity (0-100) no proposal is made: a random rubric is worse than none.
MIN_SIMILARITY = 40.0

# Words every interview question shares; comparing them would make all prompts look alike.
_STOP_WORDS = word_set(
    """a an the and or but of to in on at for with from by as is are was were be been being do
    does did you your yours we us our i me my mine it its this that these those what which who
    whom how why when where would could should will can may might have has had there their they
    them he she his her so if than then not no about into out up down over just also very really
    some any all one more most other such own same too much many tell me s t ll re ve d m"""
)
_WORD_RE = re.compile(r"[a-z0-9']+")


def content_words(prompt: str) -> str:
    """The prompt's stemmed content words, space-separated, for comparing what it is about."""
    words = _WORD_RE.findall(prompt.lower().replace("’", "'"))
    return " ".join(stem(w.strip("'")) for w in words if w not in _STOP_WORDS and len(w) > 1)


def similarity(a: str, b: str) -> float:
    """0-100: how alike two prompts' content words are (set overlap, tempered by order)."""
    left, right = content_words(a), content_words(b)
    if not left or not right:
        return 0.0
    # token_set alone calls a short prompt identical to any long one containing its words;
    # averaging with token_sort keeps long unrelated prompts from winning.
    return (fuzz.token_set_ratio(left, right) + fuzz.token_sort_ratio(left, right)) / 2


@dataclass(frozen=True)
class StarterRubric:
    """The question whose rubric is proposed, and how similar its prompt is (0-100)."""

    question: Question
    similarity: float


def propose_rubric(
    prompt: str,
    banks: Sequence[Bank],
    *,
    category: str | None = None,
    min_similarity: float = MIN_SIMILARITY,
) -> StarterRubric | None:
    """The most similar question with a rubric in `banks`, or None when none is close enough.

    With a `category`, questions of that category are preferred when any of them qualifies.
    """
    candidates = [q for bank in banks for q in bank.questions if q.rubric]
    scored = [(similarity(prompt, q.prompt), q) for q in candidates]
    scored = [(value, q) for value, q in scored if value >= min_similarity]
    if category is not None and any(q.category == category for _, q in scored):
        scored = [(value, q) for value, q in scored if q.category == category]
    if not scored:
        return None
    value, best = max(scored, key=lambda pair: pair[0])  # first of equals: bank order
    return StarterRubric(best, round(value, 1))
