"""Focus (scorer version 7): an answer to another question keeps little of what it picks up.

A fluent, specific story about something else shares a few generic phrases with almost any
rubric ("I told", "explaining why") and used to keep them. Focus takes the uncovered share
of the rubric off its content when the answer's most on-topic sentences (its reach) stay far
from the question and most of its sentences share no words with it either.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from callback_sim.core.banks import load_bank_set
from callback_sim.core.models import Question
from callback_sim.core.scoring import score_answer
from callback_sim.core.scoring.feedback import OFF_TOPIC, STRAYS
from callback_sim.core.scoring.formula import (
    FOCUS_HIGH,
    FOCUS_LOW,
    FOCUS_WARN,
    TOPIC_STRICT_SHARE,
    TOPICALITY_STRICT,
    focus_factor,
)
from callback_sim.core.scoring.semantic import REACH_QUANTILE, reach
from callback_sim.paths import builtin_banks_dir

MIDDLE = (FOCUS_LOW + FOCUS_HIGH) / 2


@pytest.mark.parametrize(
    ("reached", "covered", "share", "expected"),
    [
        (None, 0.0, 0.0, 1.0),  # topicality not judged: nothing to go on
        (FOCUS_HIGH, 0.0, 0.0, 1.0),  # comes near the question somewhere
        (0.9, 10.0, 0.0, 1.0),
        (FOCUS_LOW, 0.0, 0.0, 0.0),  # strays fully, covers nothing, no sentence on topic
        (0.2, 0.0, 0.0, 0.0),  # beyond FOCUS_LOW it strays no more than fully
        (FOCUS_LOW, 100.0, 0.0, 1.0),  # covers the whole rubric: its topic shows
        (FOCUS_LOW, 0.0, 1.0, 1.0),  # every sentence keeps to the question's words
        (FOCUS_LOW, 40.0, 0.0, 0.4),
        (FOCUS_LOW, 40.0, 0.5, 0.7),  # 1 - 0.6 x 1 x 0.5
        (MIDDLE, 0.0, 0.0, 0.5),  # halfway between the bounds: strays by half
        (MIDDLE, 50.0, 0.5, 0.88),  # 1 - 0.5 x 0.5 x 0.5 = 0.875, rounded
    ],
)
def test_focus_factor(reached: float | None, covered: float, share: float, expected: float) -> None:
    assert focus_factor(reached, covered, share) == pytest.approx(expected)


def test_reach_is_an_upper_quantile_of_the_judged_sentences() -> None:
    figures = np.array([0.3, np.nan, 0.5, 0.4, 0.7], np.float32)
    finite = figures[np.isfinite(figures)]
    assert reach(figures) == pytest.approx(float(np.quantile(finite, REACH_QUANTILE)))
    assert reach(None) is None
    assert reach(np.array([np.nan, np.nan], np.float32)) is None


@pytest.fixture(scope="module")
def decision() -> Question:
    bank_set = load_bank_set(builtin_banks_dir(), Path("/nonexistent/user/banks"))
    return next(q for bank in bank_set.banks for q in bank.questions if q.id == "pushback-001")


# Written for this test: a strong answer to pushback-001 (a decision your manager disagreed
# with) and a fluent, specific story that answers another question (a project you are proud of).
ON_TOPIC = (
    "Yes, I would make the same call. My manager wanted to ship the redesign before the "
    "holidays; I argued we should wait two weeks, since our crash rate on older Android phones "
    "was still at 3%. She worried about missing the marketing window, which was a real cost, "
    "and I understood it. We slipped by ten days, crashes fell to 0.4%, and the holiday sales "
    "beat the previous year. The thing I would do another way is bring her the crash figures a "
    "week earlier, so the disagreement never became a standoff."
)
ELSEWHERE = (
    "The project I'm proudest of is the warehouse scanner rollout at Halden Foods in 2023. Our "
    "pickers were typing order numbers by hand, and about one box in forty went out with the "
    "wrong label. I wrote the pilot plan, trained twelve pickers on the night shift and ran the "
    "rollout over three weekends. Mislabelled boxes fell from 2.5% to 0.3%, and the depot "
    "manager asked us to do the same in Leeds."
)


def test_an_answer_to_the_question_keeps_its_focus(decision: Question) -> None:
    result = score_answer(decision, ON_TOPIC, seconds=80)
    assert result.gate is not None and result.gate.reach is not None
    # Its own specifics (crash rates, Android phones) keep its reach below FOCUS_HIGH, but
    # it covers the rubric and keeps to the question's words: it loses nothing.
    assert result.gate.reach < FOCUS_HIGH
    assert result.gate.on_topic_sentences >= 4
    assert result.gate.focus == 1.0
    assert STRAYS not in result.feedback and OFF_TOPIC not in result.feedback
    assert result.score >= 75


def test_a_story_about_something_else_loses_what_it_picked_up_and_is_told(
    decision: Question,
) -> None:
    result = score_answer(decision, ELSEWHERE, seconds=60)
    gate = result.gate
    assert gate is not None and gate.reach is not None and gate.reach < FOCUS_HIGH
    assert gate.on_topic > 0  # some sentence shares the question's words: not "off topic" ...
    assert gate.focus < FOCUS_WARN  # ... but it strays, and keeps little
    assert result.feedback[0] == STRAYS
    assert any(t.matched for t in result.terms)  # it did pick up a term or two
    unfocused = sum(t.weight * t.credit for t in result.terms if t.matched)
    total = sum(t.weight for t in result.terms)
    assert result.content_score < 100 * unfocused / total * gate.concreteness
    assert result.score < 35
    data = result.to_json()["gate"]
    assert (data["reach"], data["focus"]) == (gate.reach, gate.focus)
    # Recomputed by hand from what the JSON shows (docs/scoring.md, section 3).
    share = data["on_topic_sentences"] / data["sentences"]
    assert focus_factor(data["reach"], 100 * unfocused / total, share) == data["focus"]


def test_a_short_answer_full_of_its_own_specifics_keeps_its_signals() -> None:
    """Its words lie far from a question about the interview itself (a release cadence, an
    outage), so its topicality is low; but half its sentences keep to the question's words,
    so it is no answer to another question: its follow-up question still counts, in the
    sentence next to the on-topic one."""
    bank_set = load_bank_set(builtin_banks_dir(), Path("/nonexistent/user/banks"))
    question = next(q for q in bank_set.questions() if q.id == "curiosity-007")
    answer = (
        "When Priya said the team ships only twice a month, that surprised me, because at my "
        "last company we deployed daily. I'd want to find out what led them to slow down, and "
        "whether it was a reaction to an outage."
    )
    result = score_answer(question, answer)
    gate = result.gate
    assert gate is not None and gate.topicality is not None
    assert gate.topicality < TOPICALITY_STRICT
    assert gate.on_topic_sentences / gate.sentences >= TOPIC_STRICT_SHARE
    asked = next(t for t in result.terms if t.label == "A follow-up question")
    assert asked.matched and asked.source == "signal" and asked.signal == "question"
    assert result.score >= 60
