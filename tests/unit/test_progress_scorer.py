"""Progress and compare keep scores of different scorer versions apart (issue 12 item 7)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from callback_sim.core.models import Answer
from callback_sim.core.progress import (
    AnswerPoint,
    build_report,
    compare_pair,
    progress_markdown,
)
from tests.unit.store_helpers import question, score

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)


def _point(day: int, version: int, *, rescored: bool = False) -> AnswerPoint:
    return AnswerPoint(
        session_id=day,
        position=1,
        bank_id="test-bank",
        question_id="q-001",
        category="pushback",
        answered_at=f"2026-11-{day:02d}T10:00:00Z",
        score=50.0 + day,
        scorer_version=version,
        rescored=rescored,
    )


def test_mixed_scorer_versions_are_said_and_rescored_answers_marked() -> None:
    mixed = build_report([_point(1, 1), _point(2, 2)], prompts={}, rounds=[], now=NOW)
    text = progress_markdown(mixed)
    assert "scorer versions 1 and 2 are mixed" in text and "rescore --all" in text
    assert mixed.to_json()["mixed_scorers"] is True
    same = build_report([_point(1, 2, rescored=True), _point(2, 2)], prompts={}, rounds=[], now=NOW)
    text = progress_markdown(same)
    assert "mixed" not in text
    assert "↻ 1 answer rescored" in text and "↻ rescored" in text
    assert same.to_json()["questions"][0]["rescored"] is True


def test_compare_only_compares_like_with_like() -> None:
    q = question(1)
    old = Answer(1, 1, q, "before", 40.0, score=score(q, 40.0), scorer_version=1)
    new = Answer(2, 1, q, "after", 40.0, score=score(q, 70.0), scorer_version=2)
    change = compare_pair(old, new)
    assert change.delta is None and change.scorer_changed
    same = compare_pair(replace(old, scorer_version=2), new)
    assert same.delta == 30.0 and not same.scorer_changed
