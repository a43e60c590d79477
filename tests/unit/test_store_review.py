"""store.review: bulk answers, sorted and filtered history, energy per round, suspension."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

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
