"""store.review: bulk answers, sorted and filtered history, energy per round, suspension."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from callback_sim.core.models import Question, QuestionSource
from callback_sim.store import Store
from callback_sim.store.review import (
    answer_points,
    categories,
    companies,
    count_history,
    list_history,
    load_report,
    planning_schedules,
    question_prompts,
    round_energies,
    set_suspended,
    suspended_questions,
)
from tests.unit.store_helpers import question, score, submission

NOW = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "review.db")
    plan = [
        ("Acme", [(1, 40.0), (2, 90.0)]),
        (None, [(1, 60.0), (3, None)]),
        ("Globex", [(1, 85.0), (2, 30.0), (3, 70.0)]),
    ]
    for n, (company, answers) in enumerate(plan, start=1):
        qs = [question(i, category="pushback" if i == 1 else "curiosity") for i, _ in answers]
        session = s.create_session(mode="quick", planned=qs, company=company)
        for pos, (q, (_, value)) in enumerate(zip(qs, answers, strict=True), start=1):
            sub = submission(q, pos, skipped=value is None, think_seconds=float(pos))
            s.save_answer(session.id, sub, None if value is None else score(q, value))
        s.finish_session(session.id)
        s.db.conn.execute(
            "UPDATE sessions SET started_at = ? WHERE id = ?",
            [f"2026-11-2{n}T09:00:00Z", session.id],
        )
        s.db.conn.execute(
            "UPDATE answers SET answered_at = ? || position WHERE session_id = ?",
            [f"2026-11-2{n}T09:00:0", session.id],
        )
        s.db.conn.commit()
    yield s
    s.close()


def test_answer_points_in_order_with_skips(store: Store) -> None:
    points = answer_points(store)
    assert len(points) == 7
    assert [p.answered_at for p in points] == sorted(p.answered_at for p in points)
    skipped = [p for p in points if p.skipped]
    assert len(skipped) == 1 and skipped[0].question_id == "q-003"
    assert question_prompts(store)[("test-bank", "q-001")].startswith("Question 1")


def test_history_sorted_by_any_column_and_filtered(store: Store) -> None:
    newest = list_history(store)
    assert [s.company for s in newest] == ["Globex", None, "Acme"]
    by_score = list_history(store, sort="score", descending=True)
    assert [s.score for s in by_score] == sorted((s.score for s in newest), reverse=True)
    by_company = list_history(store, sort="company", descending=False)
    assert [s.company for s in by_company] == ["Acme", "Globex", None]  # nulls last
    oldest = list_history(store, sort="started_at", descending=False, limit=1, offset=1)
    assert [s.company for s in oldest] == [None]
    assert count_history(store, company="acme") == 1
    assert count_history(store, since="2026-11-22", until="2026-11-22") == 1
    assert [s.company for s in list_history(store, sort="answers", category="curiosity")] == [
        "Globex",
        None,
        "Acme",
    ]
    assert companies(store) == ["Acme", "Globex"]
    assert categories(store) == ["curiosity", "pushback"]
    with pytest.raises(ValueError):
        list_history(store, sort="nonsense")


def test_round_energies_newest_first(store: Store) -> None:
    rounds = round_energies(store, limit=2)
    assert [r.started_at[:10] for r in rounds] == ["2026-11-23", "2026-11-22"]
    assert [p.answered for p in rounds[1].points] == [True, False]


def test_suspension_is_stored_and_shapes_schedules(store: Store, tmp_path: Path) -> None:
    assert suspended_questions(store) == set()
    set_suspended(store, "test-bank", "q-002", True)
    set_suspended(store, "test-bank", "q-002", True)  # twice is fine
    set_suspended(store, "other", "never-asked", True)
    assert suspended_questions(store) == {("test-bank", "q-002"), ("other", "never-asked")}
    only = planning_schedules(store, weak=False, now=NOW)
    assert set(only) == {("test-bank", "q-002"), ("other", "never-asked")}
    assert all(s.suspended for s in only.values())
    full = planning_schedules(store, weak=True, now=NOW)
    assert full[("test-bank", "q-002")].suspended and not full[("test-bank", "q-001")].suspended
    assert full[("test-bank", "q-003")].last_score == 70.0
    set_suspended(store, "test-bank", "q-002", False)
    assert suspended_questions(store) == {("other", "never-asked")}
    # It survives reopening the file.
    store.close()
    again = Store.open(tmp_path / "review.db")
    try:
        assert suspended_questions(again) == {("other", "never-asked")}
    finally:
        again.close()


def test_load_report(store: Store) -> None:
    report = load_report(store, now=NOW)
    assert [c.category for c in report.categories] == ["pushback", "curiosity"]
    assert report.categories[0].latest == 85.0
    assert len(report.questions) == 3 and len(report.rounds) == 3


def _follow_up(q: Question) -> Question:
    return replace(q, id=f"{q.id}-fu", source=QuestionSource(kind="follow_up", follows=1))


def test_history_rows_total_answers_and_follow_ups_from_the_indexes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "totals.db")
    try:
        q1, q2 = question(1), question(2)
        first = store.create_session(mode="quick", planned=[q1, q2])
        store.save_answer(first.id, submission(q1, 1), score(q1, 40.0))
        store.save_answer(first.id, submission(_follow_up(q1), 2), score(q1, 60.0))
        store.save_answer(first.id, submission(q2, 3, skipped=True), None)
        second = store.create_session(mode="quick", planned=[q1])
        store.save_answer(second.id, submission(_follow_up(q1), 1), score(q1, 90.0))
        store.save_answer(second.id, submission(_follow_up(q2), 2), score(q2, 70.0))
        # A question salvaged from a damaged file may not be JSON: it is not a follow-up
        # and neither the insert nor the history query fails on it.
        store.db.conn.execute(
            "INSERT INTO answers (session_id, position, bank_id, question_id, category,"
            " question, text, seconds, time_limit, answered_at)"
            " VALUES (?, 3, 'b', 'q', 'pushback', '{not json', 'text', 5, 90, ?)",
            [second.id, "2026-11-30T09:00:00Z"],
        )
        store.db.conn.commit()

        statements: list[str] = []
        store.db.conn.set_trace_callback(statements.append)
        rows = {s.id: s for s in store.list_sessions()}
        store.db.conn.set_trace_callback(None)

        assert (rows[first.id].answers, rows[first.id].follow_ups) == (3, 1)
        assert rows[first.id].score == 50.0  # the skip is left out of the mean
        assert rows[first.id].seconds == 3 * 42.5
        assert (rows[second.id].answers, rows[second.id].follow_ups) == (3, 2)
        assert rows[second.id].seconds == 2 * 42.5 + 5
        # The totals come from the indexes alone: the long answer rows are not read.
        history = next(s for s in statements if "follow_ups" in s)
        plan = " | ".join(r[-1] for r in store.db.conn.execute(f"EXPLAIN QUERY PLAN {history}"))
        assert "COVERING INDEX answers_session_totals" in plan, plan
        assert "INDEX answers_follow_ups" in plan, plan
    finally:
        store.close()


def test_categories_are_found_without_reading_every_answer(store: Store) -> None:
    plan = []
    store.db.conn.set_trace_callback(plan.append)
    found = categories(store)
    store.db.conn.set_trace_callback(None)
    assert found == ["curiosity", "pushback"]
    steps = " | ".join(r[-1] for r in store.db.conn.execute(f"EXPLAIN QUERY PLAN {plan[-1]}"))
    assert "SCAN answers" not in steps and "answers_category (category>?)" in steps, steps
