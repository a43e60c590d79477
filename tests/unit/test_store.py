"""Store round-trips: sessions, answers with scores and evidence, drafts, stats, backups."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest

from callback_sim.core.errors import NotFoundError
from callback_sim.core.models import Draft
from callback_sim.store import LATEST_VERSION, Store, StoreError, sanitize_text
from callback_sim.store.backups import list_backups, thin_backups
from callback_sim.store.db import process_marker
from tests.unit.store_helpers import question, score, submission


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "callback-sim.db"


@pytest.fixture
def store(db_path: Path) -> Store:
    s = Store.open(db_path)
    yield s  # type: ignore[misc]
    s.close()


UNICODE_TEXTS = [
    "plain ASCII answer",
    "مرحبا، لقد خفضنا التكاليف بنسبة 12٪",  # RTL Arabic
    "שלום — mixed עברית and English",  # RTL Hebrew with LTR
    "family 👨‍👩‍👧‍👦, flag 🇳🇴, skin tone 👍🏽",  # ZWJ sequences and modifiers
    "e\u0301 a\u0308 combining marks, Z\u0351\u0352\u0353algo",
    "\u202eright-to-left override\u202c and zero\u200bwidth",
    "tabs\tand\nnewlines\n\nkept",
    "x" * 200_000,  # a huge answer
]


@pytest.mark.parametrize("text", UNICODE_TEXTS, ids=range(len(UNICODE_TEXTS)))
def test_answer_round_trips_verbatim(store: Store, text: str) -> None:
    q = question(1, prompt=f"Prompt with {text[:40]}")
    session = store.create_session(mode="quick", planned=[q])
    saved = store.save_answer(session.id, submission(q, text=text), score(q, evidence=text[:20]))
    assert saved.text == text
    store.close()
    reopened = Store.open(store.path)
    got = reopened.get_session(session.id)
    reopened.close()
    answer = got.answers[0]
    assert answer.text == text
    assert answer.question.prompt == q.prompt
    assert answer.score is not None
    assert answer.score.terms[0].evidence == text[:20]
    assert answer.score.terms[0].span == (3, 16)


def test_session_round_trip_keeps_everything(store: Store) -> None:
    qs = [question(1), question(2, category="curiosity")]
    session = store.create_session(
        mode="company", planned=qs, company="Acme Health", settings={"seed": 7}
    )
    store.save_answer(session.id, submission(qs[0], overtime=2.5, timed_out=True), score(qs[0]))
    store.save_answer(session.id, submission(qs[1], 2, "", skipped=True), None)
    store.finish_session(session.id)
    got = store.get_session(session.id)
    assert got.status == "completed" and got.ended_at is not None
    assert got.company == "Acme Health" and got.settings == {"seed": 7}
    assert got.planned == tuple(qs)
    first, second = got.answers
    assert first.question == qs[0]  # the rubric as asked, all fields
    assert first.think_seconds == 3.25 and first.overtime == 2.5 and first.time_limit == 90
    assert first.score == score(qs[0])
    assert second.skipped and second.score is None
    assert got.mean_score == 72.5  # skipped answers do not drag the mean


def test_get_session_unknown_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError, match="no session 99"):
        store.get_session(99)


def test_duplicate_position_is_refused_without_recovery_file(store: Store) -> None:
    q = question()
    session = store.create_session(mode="quick", planned=[q])
    store.save_answer(session.id, submission(q), None)
    with pytest.raises(StoreError, match="already has an answer at position 1") as info:
        store.save_answer(session.id, submission(q, text="again"), None)
    assert info.value.recovery_path is None


def test_draft_upserts_and_is_cleared_by_its_answer(store: Store) -> None:
    qs = [question(1), question(2)]
    session = store.create_session(mode="quick", planned=qs)
    store.save_draft(Draft(session.id, 1, "first try", 2.0, 5.0))
    store.save_draft(Draft(session.id, 1, "first try, longer", 2.0, 7.5))
    draft = store.get_draft(session.id)
    assert draft is not None and draft.text == "first try, longer" and draft.elapsed == 7.5
    store.save_answer(session.id, submission(qs[0]), None)
    assert store.get_draft(session.id) is None


def test_sanitize_replaces_surrogates_and_strips_controls() -> None:
    raw = "ok\x00\x07 \ud800 tab\t\r\nline \x1b[31mred\u0085 e\u0301 👍🏽"
    assert sanitize_text(raw) == "ok \ufffd tab\t\nline [31mred e\u0301 👍🏽"


def test_surrogates_and_controls_are_stored_sanitised(store: Store) -> None:
    q = question(prompt="prompt \udc80 with a lone surrogate")
    session = store.create_session(mode="quick", planned=[q])
    answer = store.save_answer(session.id, submission(q, text="a\udcff b\x00c"), None)
    assert answer.text == "a\ufffd bc"
    got = store.get_session(session.id)
    assert got.answers[0].text == "a\ufffd bc"
    assert got.answers[0].question.prompt == "prompt \ufffd with a lone surrogate"


def test_new_database_is_private(db_path: Path) -> None:
    Store.open(db_path).close()
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700


def test_pragmas_and_schema(store: Store) -> None:
    conn = store.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.schema_version() == LATEST_VERSION
    assert store.integrity_check() == []


@pytest.mark.parametrize(
    ("sql", "params", "index"),
    [
        ("SELECT * FROM answers WHERE session_id = ? ORDER BY position", [1], "sqlite_autoindex"),
        (
            "SELECT * FROM answers WHERE bank_id = ? AND question_id = ? ORDER BY answered_at",
            ["b", "q"],
            "answers_question",
        ),
        ("SELECT * FROM sessions ORDER BY started_at DESC LIMIT 50", [], "sessions_started"),
        ("SELECT * FROM sessions WHERE status = 'in_progress'", [], "sessions_status"),
    ],
)
def test_lookups_use_an_index(store: Store, sql: str, params: list[object], index: str) -> None:
    plan = " ".join(
        str(row[-1]) for row in store.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params)
    )
    assert index in plan, plan


def _fill(store: Store) -> list[int]:
    ids = []
    for n, (company, cat, value) in enumerate(
        [
            ("Acme", "pushback", 40.0),
            (None, "curiosity", 80.0),
            ("Acme", "curiosity", 60.0),
            ("Globex", "pushback", 90.0),
        ],
        start=1,
    ):
        q = question(n, category=cat)
        s = store.create_session(mode="quick", planned=[q, question(99)], company=company)
        store.save_answer(s.id, submission(q, text=f"answer number {n}"), score(q, value))
        if n % 2 == 0:
            store.finish_session(s.id)
        ids.append(s.id)
    return ids


def test_list_sessions_newest_first_with_summary(store: Store) -> None:
    ids = _fill(store)
    rows = store.list_sessions()
    assert [r.id for r in rows] == list(reversed(ids))
    newest = rows[0]
    assert newest.company == "Globex" and newest.answers == 1 and newest.planned == 2
    assert newest.score == 90.0 and newest.seconds == 42.5 and newest.status == "completed"
    assert newest.to_json()["score"] == 90.0
    assert [r.id for r in store.list_sessions(limit=2, offset=1)] == [ids[2], ids[1]]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"company": "acme"}, [3, 1]),
        ({"category": "curiosity"}, [3, 2]),
        ({"status": "completed"}, [4, 2]),
        ({"text": "number 3"}, [3]),
        ({"text": "Globex"}, [4]),
        ({"text": "100%"}, []),
        ({"since": "2000-01-01", "until": "2999-12-31"}, [4, 3, 2, 1]),
        ({"until": "2000-01-01"}, []),
    ],
)
def test_list_sessions_filters(store: Store, filters: dict[str, str], expected: list[int]) -> None:
    _fill(store)
    assert [r.id for r in store.list_sessions(**filters)] == expected  # type: ignore[arg-type]
    assert store.count_sessions(**filters) == len(expected)  # type: ignore[arg-type]


def test_bad_status_filter_is_a_clear_error(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown status 'done'"):
        store.list_sessions(status="done")


def test_question_stats_and_history(store: Store) -> None:
    q = question(1)
    for value in (40.0, 70.0, 55.0):
        s = store.create_session(mode="quick", planned=[q])
        store.save_answer(s.id, submission(q), score(q, value))
    s = store.create_session(mode="quick", planned=[q])
    store.save_answer(s.id, submission(q, text="", skipped=True), None)
    stat_ = store.question_stats()[("test-bank", "q-001")]
    assert stat_.attempts == 4
    assert stat_.mean_score == 55.0 and stat_.best_score == 70.0
    assert stat_.last_score is None  # the latest attempt was skipped
    answers = store.answers_for_question("test-bank", "q-001")
    assert [a.score.score if a.score else None for a in answers] == [40.0, 70.0, 55.0, None]


def test_category_trend_groups_by_day(store: Store) -> None:
    _fill(store)
    store.db.conn.execute("UPDATE answers SET answered_at = '2026-01-02T10:00:00Z' WHERE id = 1")
    store.db.conn.commit()
    trend = store.category_trend()
    assert trend[0] == ("2026-01-02", "pushback", 40.0)
    assert {(c, m) for _, c, m in trend[1:]} == {("curiosity", 70.0), ("pushback", 90.0)}


def test_dead_owner_shows_interrupted_and_resumes(store: Store) -> None:
    q1, q2 = question(1), question(2)
    session = store.create_session(mode="quick", planned=[q1, q2])
    store.save_answer(session.id, submission(q1), None)
    store.save_draft(Draft(session.id, 2, "half an answer", 1.0, 9.0))
    assert store.get_session(session.id).status == "in_progress"  # we are alive
    # Hand the session to a process that has exited (same host, its real start marker).
    child = subprocess.Popen(["sleep", "0.2"])
    marker = process_marker(child.pid)
    child.wait()
    store.db.conn.execute(
        "UPDATE sessions SET pid = ?, owner = ? WHERE id = ?", [child.pid, marker, session.id]
    )
    store.db.conn.commit()
    assert store.list_sessions()[0].status == "interrupted"
    assert [s.id for s in store.resumable_sessions()] == [session.id]
    resumed = store.resume_session(session.id)
    assert resumed.status == "in_progress" and resumed.pid == os.getpid()
    assert store.next_position(session.id) == 2
    draft = store.get_draft(session.id)
    assert draft is not None and draft.text == "half an answer"
    assert store.resumable_sessions() == []


def test_reused_pid_is_not_mistaken_for_the_owner(store: Store) -> None:
    session = store.create_session(mode="quick", planned=[question()])
    # Our own pid, but a start marker of some earlier process: a reused pid.
    store.db.conn.execute(
        "UPDATE sessions SET owner = ? WHERE id = ?", [process_marker() + "0", session.id]
    )
    store.db.conn.commit()
    assert store.get_session(session.id).status == "interrupted"


def test_resume_refuses_live_and_completed_sessions(store: Store) -> None:
    live = store.create_session(mode="quick", planned=[question()])
    with pytest.raises(StoreError, match="still being answered"):
        store.resume_session(live.id)
    store.finish_session(live.id)
    with pytest.raises(StoreError, match="already completed"):
        store.resume_session(live.id)


def test_iter_sessions_reads_everything_in_batches(store: Store) -> None:
    ids = _fill(store)
    got = list(store.iter_sessions(batch=3))
    assert [s.id for s in got] == ids
    assert all(len(s.answers) == 1 for s in got)


def test_backup_is_a_consistent_private_copy(store: Store, tmp_path: Path) -> None:
    _fill(store)
    dest = tmp_path / "data" / "backups"
    path = store.backup(dest)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    copy = sqlite3.connect(path)
    assert copy.execute("SELECT count(*) FROM answers").fetchone()[0] == 4
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    second = store.backup(dest)
    assert second != path and second.exists() and path.exists()


def test_thinning_keeps_recent_and_monthly(tmp_path: Path) -> None:
    names = [f"db-2025{m:02d}{d:02d}-120000.db" for m in (1, 2, 3) for d in (1, 15)]
    names += [f"db-202604{d:02d}-120000.db" for d in range(1, 13)]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "unrelated.db").write_bytes(b"x")
    removed = thin_backups(tmp_path, "db", keep_last=10)
    kept = {p.name for p in list_backups(tmp_path, "db")}
    assert "db-20260412-120000.db" in kept  # the newest
    assert len([k for k in kept if k.startswith("db-202604")]) == 10
    # the newest of each older month survives, the rest go
    assert {"db-20250115-120000.db", "db-20250215-120000.db", "db-20250315-120000.db"} <= kept
    assert "db-20250101-120000.db" not in kept
    assert len(removed) == len(names) - len(kept)
    assert (tmp_path / "unrelated.db").exists()


def test_app_state_round_trips_and_survives_reopen(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with Store.open(path) as store:
        assert store.get_state("next-loop:acme") is None
        store.set_state("next-loop:acme", {"seed": 7, "fingerprint": "é"})
        store.set_state("next-loop:acme", {"seed": 8})
        store.set_state("other", [1, 2])
    with Store.open(path) as store:
        assert store.get_state("next-loop:acme") == {"seed": 8}
        store.delete_state("next-loop:acme")
        store.delete_state("missing")
        assert store.get_state("next-loop:acme") is None
        assert store.get_state("other") == [1, 2]
