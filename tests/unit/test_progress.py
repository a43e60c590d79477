"""Pure progress aggregation: categories, questions, timing, energy and compare attempts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from callback_sim.core.models import Answer, Delivery
from callback_sim.core.progress import (
    AnswerPoint,
    build_report,
    build_schedules,
    category_progress,
    compare_attempts,
    due_label,
    energy_across_rounds,
    progress_markdown,
    question_progress,
    round_energy,
    sparkline_text,
    timing_trend,
)
from tests.unit.store_helpers import question, score

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


def point(
    day: int, qid: str, value: float | None, *, category: str = "pushback", **kw: object
) -> AnswerPoint:
    values: dict[str, object] = {
        "session_id": day,
        "position": 1,
        "bank_id": "b",
        "question_id": qid,
        "category": category,
        "answered_at": f"2026-11-{day:02d}T10:00:00Z",
        "score": value,
        "skipped": value is None,
    }
    values.update(kw)
    return AnswerPoint(**values)  # type: ignore[arg-type]


POINTS = [
    point(20, "q1", 40, think_seconds=6.0, seconds=80),
    point(20, "q2", 70, category="enthusiasm", think_seconds=4.0, seconds=100, overtime=10),
    point(21, "q1", 60, think_seconds=3.0, seconds=60),
    point(22, "q1", 80),
    point(22, "q3", None, category="references"),
]


def test_categories_in_strategy_order_with_daily_trend() -> None:
    cats = category_progress(reversed(POINTS))
    assert [c.category for c in cats] == ["pushback", "enthusiasm"]  # references only skipped
    push = cats[0]
    assert (push.answers, push.mean, push.latest, push.best) == (3, 60.0, 80, 80)
    assert [(d.day, d.mean) for d in push.trend] == [
        ("2026-11-20", 40.0),
        ("2026-11-21", 60.0),
        ("2026-11-22", 80.0),
    ]
    assert push.recent == (40, 60, 80)


def test_questions_weakest_first_and_skip_counts_as_zero() -> None:
    schedules = build_schedules(POINTS, now=NOW, suspended={("b", "q2")})
    questions = question_progress(POINTS, prompts={("b", "q1"): "Prompt one"}, schedules=schedules)
    assert [q.question_id for q in questions] == ["q3", "q2", "q1"]
    q1 = questions[-1]
    assert (q1.prompt, q1.attempts, q1.best, q1.latest, q1.mean) == ("Prompt one", 3, 80, 80, 60.0)
    assert questions[0].latest is None and questions[0].attempts == 1
    assert questions[1].suspended and not q1.suspended
    assert schedules[("b", "q3")].last_score == 0.0


def test_struggling_questions_come_first() -> None:
    pts = [point(d, "bad", 20) for d in (20, 21, 22)] + [point(20, "meh", 10)]
    schedules = build_schedules(pts, now=NOW)
    questions = question_progress(pts, prompts={}, schedules=schedules)
    assert questions[0].question_id == "bad" and questions[0].struggling


def test_timing_trend_per_day_leaves_skips_out() -> None:
    days = timing_trend(POINTS)
    assert [d.day for d in days] == ["2026-11-20", "2026-11-21", "2026-11-22"]
    first = days[0]
    assert (first.answers, first.think_mean, first.seconds_mean) == (2, 5.0, 90.0)
    assert (first.overtime_answers, first.overtime_mean) == (1, 5.0)
    assert days[2].answers == 1 and days[2].think_mean is None


def delivery(words: int, energy: int) -> Delivery:
    return Delivery(words, 60.0, 90, 0, 0, 0, energy)


def test_round_energy_curve_and_trend_across_rounds() -> None:
    flat = round_energy(1, "2026-11-20T09:00:00Z", [(1, delivery(100, 1)), (2, delivery(100, 1))])
    assert flat.curve == (1.0, 1.0) and flat.mean_rate == 1.0
    lively = round_energy(
        2, "2026-11-21T09:00:00Z", [(2, delivery(100, 3)), (1, delivery(100, 3)), (3, None)]
    )
    assert [p.position for p in lively.points] == [1, 2, 3]
    assert lively.curve == (3.0, 3.0)
    across = energy_across_rounds([lively, flat])
    assert across.rates == (1.0, 3.0)
    assert "rising" in across.sentence
    assert (
        "falling" in energy_across_rounds([replace(flat, started_at="2026-11-23"), lively]).sentence
    )
    assert "more rounds" in energy_across_rounds([flat]).sentence


def attempt(n: int, value: float | None, *, matched: bool, hit: bool = False) -> Answer:
    q = question(1)
    s = score(q, value or 0)
    terms = tuple(replace(t, matched=matched) for t in s.terms)
    avoid = tuple(replace(t, matched=hit) for t in s.avoid)
    return Answer(
        session_id=n,
        position=1,
        question=q,
        text="x",
        seconds=10,
        skipped=value is None,
        score=None if value is None else replace(s, terms=terms, avoid=avoid),
        answered_at=f"2026-11-{20 + n:02d}T10:00:00Z",
    )


def test_compare_attempts_deltas_and_terms_gained_or_lost() -> None:
    changes = compare_attempts(
        [
            attempt(3, 50, matched=False, hit=True),
            attempt(1, 40, matched=False),
            attempt(2, None, matched=False),
            attempt(4, 75, matched=True),
        ]
    )
    assert [c.answer.session_id for c in changes] == [1, 2, 3, 4]
    assert changes[0].previous is None and changes[0].delta is None
    assert changes[1].delta is None  # skipped
    third, fourth = changes[2], changes[3]
    assert third.previous is not None and third.previous.session_id == 1  # skip passed over
    assert third.delta == 10.0 and third.new_avoid == ("Blames others",)
    assert fourth.delta == 25.0
    assert fourth.gained == ("Measurable outcome",) and fourth.lost == ()
    assert fourth.cleared_avoid == ("Blames others",)
    back = compare_attempts([attempt(1, 80, matched=True), attempt(2, 60, matched=False)])[1]
    assert back.lost == ("Measurable outcome",) and back.delta == -20.0
    assert back.to_json()["lost"] == ["Measurable outcome"]


def test_report_json_shape_and_markdown() -> None:
    rounds = [round_energy(20, "2026-11-20T09:00:00Z", [(1, delivery(100, 2))])]
    report = build_report(POINTS, prompts={}, rounds=rounds, now=NOW, suspended={("b", "q1")})
    data = report.to_json()
    assert set(data) == {
        "generated_at",
        "categories",
        "questions",
        "timing",
        "rounds",
        "energy",
        "scorer_versions",
        "mixed_scorers",
        "rescored_answers",
    }
    assert set(data["categories"][0]) == {"category", "answers", "mean", "latest", "best", "trend"}
    assert {"bank_id", "question_id", "prompt", "attempts", "best", "latest", "mean", "due",
            "struggling", "suspended"} <= set(data["questions"][0])  # fmt: skip
    assert data["rounds"][0]["energy"][0]["energy_rate"] == 2.0
    md = progress_markdown(report)
    assert md.startswith("# Progress (2026-11-30)")
    assert "| pushback | 3 | 60 | 80 | 80 |" in md
    assert "suspended" in md
    empty = progress_markdown(build_report([], prompts={}, rounds=[], now=NOW))
    assert "No answers yet" in empty


def test_markdown_cells_escape_pipes() -> None:
    report = build_report(POINTS, prompts={("b", "q1"): "A | B\nC"}, rounds=[], now=NOW)
    assert "A \\| B C" in progress_markdown(report)


def test_sparkline_text_uses_a_fixed_scale() -> None:
    assert sparkline_text([0, 50, 100]) == "▁▅█"
    assert sparkline_text([40, 40]) == "▄▄"  # a flat 40 is not drawn as full bars


def test_due_label() -> None:
    assert due_label(None, NOW) == "—"
    assert due_label("2026-11-30T11:00:00Z", NOW) == "now"
    assert due_label("2026-11-30T12:30:00Z", NOW) == "in 30 min"
    assert due_label("2026-11-30T16:00:00Z", NOW) == "in 4 h"
    assert due_label("2026-12-10T12:00:00Z", NOW) == "in 10 d"
