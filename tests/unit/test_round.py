"""The round engine: question planning and the clock rules, driven by a fake clock."""

from __future__ import annotations

import pytest

from callback_sim.core.models import PERSONAS, Question, QuestionStat
from callback_sim.core.round import Phase, Round, RoundError, plan_round, scaled_limit


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def make_questions(n: int, *, persona_cycle: bool = True, limit: int = 60) -> list[Question]:
    return [
        Question(
            id=f"q-{i:03d}",
            prompt=f"Question {i}?",
            category=("pushback", "enthusiasm", "curiosity")[i % 3],
            bank_id="bank",
            time_limit=limit,
            persona=PERSONAS[i % len(PERSONAS)] if persona_cycle else "peer",
        )
        for i in range(n)
    ]


def test_plan_round_is_reproducible_with_a_seed() -> None:
    qs = make_questions(40)
    assert [q.id for q in plan_round(qs, 8, seed=7)] == [q.id for q in plan_round(qs, 8, seed=7)]
    assert [q.id for q in plan_round(qs, 8, seed=7)] != [q.id for q in plan_round(qs, 8, seed=8)]


def test_plan_round_has_no_repeats_and_respects_count() -> None:
    qs = make_questions(12)
    picked = plan_round(qs + qs, 10, seed=1)  # duplicates in the pool are ignored
    assert len(picked) == 10
    assert len({q.id for q in picked}) == 10
    assert len(plan_round(qs, 50, seed=1)) == 12


def test_plan_round_mixes_personas() -> None:
    qs = make_questions(50)
    for seed in range(20):
        picked = plan_round(qs, 5, seed=seed)
        assert len({q.persona for q in picked}) == 5, seed


def test_plan_round_favours_weak_and_unpractised_questions() -> None:
    qs = make_questions(30, persona_cycle=False)
    stats = {
        ("bank", q.id): QuestionStat(q.id, "bank", attempts=5, last_score=95.0, mean_score=94.0)
        for q in qs[:-3]
    }
    stats[("bank", qs[-3].id)] = QuestionStat(qs[-3].id, "bank", 4, 20.0, 25.0)
    counts = {q.id: 0 for q in qs}
    for seed in range(200):
        for q in plan_round(qs, 3, seed=seed, stats=stats):
            counts[q.id] += 1
    strong = max(counts[q.id] for q in qs[:-3])
    assert counts[qs[-1].id] > strong * 2  # never practised
    assert counts[qs[-3].id] > strong * 2  # scored low


def test_scaled_limit_has_a_floor() -> None:
    assert scaled_limit(120, 0.5) == 60
    assert scaled_limit(120, 1.5) == 180
    assert scaled_limit(30, 0.1) == 10


def test_timing_think_time_pause_and_submit() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(3), clock=clock)
    assert rnd.phase is Phase.WAITING and rnd.current is not None
    rnd.begin_question()
    clock.advance(4)
    assert rnd.think_seconds() == 4
    rnd.keystroke()
    clock.advance(6)
    assert rnd.think_seconds() == 4  # fixed at the first keystroke
    rnd.pause()
    clock.advance(100)  # paused time is not counted
    assert rnd.elapsed() == 10
    rnd.resume()
    clock.advance(5)
    sub = rnd.submit("my answer")
    assert (sub.position, sub.seconds, sub.think_seconds, sub.overtime) == (1, 15, 4, 0)
    assert sub.text == "my answer" and not sub.skipped
    assert rnd.position == 2 and rnd.phase is Phase.WAITING


def test_overtime_is_counted_when_allowed() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(1, limit=60), clock=clock, on_timeout="overtime")
    rnd.begin_question()
    clock.advance(75)
    assert rnd.tick() is False  # overtime mode never asks to auto-submit
    assert rnd.remaining() == -15
    sub = rnd.submit("late")
    assert sub.overtime == 15 and sub.seconds == 75
    assert rnd.finished and rnd.current is None


def test_auto_submit_at_the_limit() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(2, limit=60), clock=clock, on_timeout="submit")
    rnd.begin_question()
    clock.advance(59)
    assert rnd.tick() is False
    clock.advance(3)
    assert rnd.tick() is True
    assert rnd.tick() is False  # reported once
    sub = rnd.submit("partial", timed_out=True)
    assert sub.timed_out and sub.seconds == 60 and sub.overtime == 0


def test_time_multiplier_scales_the_limit() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(1, limit=100), clock=clock, time_multiplier=0.5)
    rnd.begin_question()
    assert rnd.time_limit() == 50


def test_skip_keeps_partial_text() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(2), clock=clock)
    rnd.begin_question()
    clock.advance(3)
    sub = rnd.skip("half a thought")
    assert sub.skipped and sub.text == "half a thought" and sub.think_seconds is None


def test_resume_from_a_draft_carries_elapsed_and_think_time() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(3), clock=clock, start_position=2)
    assert rnd.position == 2
    rnd.begin_question(elapsed=30, think_seconds=5)
    clock.advance(10)
    sub = rnd.submit("resumed")
    assert (sub.position, sub.seconds, sub.think_seconds) == (2, 40, 5)


def test_calls_out_of_phase_are_refused() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(1), clock=clock)
    with pytest.raises(RoundError):
        rnd.submit("not begun")
    rnd.begin_question()
    rnd.submit("done")
    with pytest.raises(RoundError):
        rnd.begin_question()
    with pytest.raises(ValueError):
        Round(make_questions(1), clock=clock, on_timeout="explode")


def test_abort_and_finish() -> None:
    clock = FakeClock()
    rnd = Round(make_questions(3), clock=clock)
    rnd.begin_question()
    rnd.abort()
    assert rnd.phase is Phase.ABORTED and rnd.current is None and rnd.elapsed() == 0
