"""Starter rubrics for questions that have none: borrowed from a really alike question, or
signals only.

Imported questions arrive without rubric terms; a question that is scored against nothing
teaches nothing. A built-in question about the same things (most of their content words
shared) usually looks for the same things, so its terms are proposed to accept or edit.
When no built-in question is that close, borrowing would score the answer against some
other question's words ("What should this role have achieved by the end of the first
quarter?" once got "A specific spend: tool; hire; contractor"), so the starter is
signals-only instead: terms earned by the shape of a strong answer (an example, a result,
a plan in time...) whatever its words, for the user to add phrases to.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from callback_sim.core.models import Bank, Question, RubricTerm
from callback_sim.core.text import stem, word_set

#: Below this similarity (0-100, the Dice overlap of content words) nothing is borrowed.
#: 50 means half of the two prompts' content words are the same words. Measured on the
#: built-in banks (a check in tests/unit/test_importer.py): no question's closest question
#: in *another* bank (another kind of question, with another rubric) reaches 50 (the
#: highest is 46, the median 24), while near-rewordings do ("Who are your references, and
#: what will they say about you?" / "...what will they tell us about you?": 67; "What is
#: your plan for your first 90 days?" / "Walk me through your plan for your first 30, 60
#: and 90 days.": 67). The first-quarter question above scores 31 against the budget
#: question whose "A specific spend" it was given.
MIN_SIMILARITY = 50.0

# Words every interview question shares (and the filler of its openings: "walk me through",
# "what does it look like", "a time when"); comparing them would make all prompts look alike.
_STOP_WORDS = word_set(
    """a an the and or but of to in on at for with from by as is are was were be been being do
    does did you your yours we us our i me my mine it its this that these those what which who
    whom how why when where would could should will can may might have has had there their they
    them he she his her so if than then not no about into out up down over just also very really
    some any all one more most other such own same too much many tell me s t ll re ve d m
    like look walk through describe talk give share time example"""
)
_WORD_RE = re.compile(r"[a-z0-9']+")


def content_words(prompt: str) -> frozenset[str]:
    """The prompt's stemmed content words, for comparing what it is about."""
    words = _WORD_RE.findall(prompt.lower().replace("’", "'"))
    return frozenset(
        stem(w.strip("'")) for w in words if w.strip("'") not in _STOP_WORDS and len(w) > 1
    )


def similarity(a: str, b: str) -> float:
    """0-100: the Dice overlap of two prompts' content words (2 x shared / total).

    Whole stemmed words, not characters: fuzzy character matching called prompts alike
    for sharing letters ("quarter" / "question"), which is what borrowed unrelated rubrics.
    """
    left, right = content_words(a), content_words(b)
    if not left or not right:
        return 0.0
    return 200.0 * len(left & right) / (len(left) + len(right))


#: The signals a signals-only starter rubric asks for, by category: what a strong answer
#: to that kind of question does (docs/bank-format.md lists the signal names).
_CATEGORY_SIGNALS: dict[str, tuple[tuple[str, str], ...]] = {
    "start_plan": (("A plan in time", "timeline"), ("Concrete steps", "specifics")),
    "curiosity": (("An open, curious question", "question"), ("Specific interest", "specifics")),
    "enthusiasm": (("Specific enthusiasm", "enthusiasm"), ("A concrete example", "example")),
    "references": (("Names specifics", "specifics"), ("A concrete example", "example")),
    "pushback": (
        ("Explains the reasoning", "reasoning"),
        ("Takes the other view", "acknowledgement"),
    ),
}
_GENERAL_SIGNALS: tuple[tuple[str, str], ...] = (
    ("A concrete example", "example"),
    ("A result", "result"),
)


def signal_rubric(category: str | None) -> tuple[RubricTerm, ...]:
    """A signals-only starter rubric: a concrete example and a result, plus what the
    category's answers do (a timeline for a start plan, reasoning for pushback...)."""
    pairs = dict(_GENERAL_SIGNALS)
    for label, signal in _CATEGORY_SIGNALS.get(category or "", ()):
        if signal not in pairs.values():
            pairs[label] = signal
    return tuple(RubricTerm(label, (), signals=(signal,)) for label, signal in pairs.items())


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
