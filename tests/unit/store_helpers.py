"""Builders shared by the store tests: questions, submissions and scores with real shapes."""

from __future__ import annotations

from callback_sim.core.models import Delivery, Question, RubricTerm, Score, TermResult
from callback_sim.core.round import Submission


def question(n: int = 1, *, category: str = "pushback", prompt: str | None = None) -> Question:
    return Question(
        id=f"q-{n:03d}",
        prompt=prompt or f"Question {n}: tell me about a decision your manager disagreed with.",
        category=category,
        bank_id="test-bank",
        time_limit=90,
        persona="hiring_manager" if n % 2 else "peer",
        rubric=(RubricTerm("Measurable outcome", ("reduced", "percent"), 3.0, required=True),),
        avoid=(RubricTerm("Blames others", ("their fault",), 2.0),),
    )


def submission(
    q: Question, position: int = 1, text: str = "We reduced churn by 12 percent.", **kw: object
) -> Submission:
    values: dict[str, object] = {
        "position": position,
        "question": q,
        "text": text,
        "seconds": 42.5,
        "think_seconds": 3.25,
        "time_limit": q.time_limit,
        "overtime": 0.0,
    }
    values.update(kw)
    return Submission(**values)  # type: ignore[arg-type]


def score(q: Question, value: float = 72.5, evidence: str = "reduced churn") -> Score:
    return Score(
        question_id=q.id,
        score=value,
        content_score=value + 5,
        delivery_score=value - 10,
        terms=(
            TermResult(
                "Measurable outcome", 3.0, True, evidence, "reduced", (3, 16), True, source="phrase"
            ),
        ),
        avoid=(TermResult("Blames others", 2.0, False),),
        delivery=Delivery(
            words=6,
            seconds=42.5,
            time_limit=90,
            filled_pauses=0,
            discourse_markers=1,
            hedges=0,
            energy_words=1,
        ),
        feedback=("Name the result in numbers.", "Say what you would do differently."),
        consistency=("In round one you said a team of five; now eight.",),
    )
