"""history, report, export, backup and doctor as real processes against a real database."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import stat
from pathlib import Path

import pytest

from callback_sim.store import Store
from callback_sim.store.migrations import MIGRATION_SET
from tests.e2e.store_e2e_helpers import run
from tests.unit.store_helpers import question, score, submission

pytestmark = pytest.mark.e2e


@pytest.fixture
def filled(isolated_home: Path) -> Path:
    """Three sessions: completed (2 answers), interrupted-looking (1), empty."""
    db = isolated_home / "callback-sim.db"
    store = Store.open(db)
    q1, q2 = question(1), question(2, category="curiosity", prompt="Qué preguntarías? 👀")
    s1 = store.create_session(mode="quick", planned=[q1, q2], company="Acme Health")
    store.save_answer(s1.id, submission(q1, text="Line one\nline two — שלום"), score(q1, 80.0))
    store.save_answer(s1.id, submission(q2, 2, "", skipped=True), None)
    store.finish_session(s1.id)
    s2 = store.create_session(mode="plain", planned=[q1, q2])
    store.save_answer(s2.id, submission(q1, text="We reduced it, by 5%."), score(q1, 50.0))
    store.finish_session(s2.id, "interrupted")
    store.create_session(mode="plain", planned=[q2])
    store.finish_session(3, "interrupted")
    store.close()
    return db


def test_history_table_json_csv_and_limit(filled: Path) -> None:
    table = run("history")
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert lines[0].split()[:2] == ["ID", "Started"]
    assert [line.split()[0] for line in lines[1:]] == ["3", "2", "1"]
    items = json.loads(run("history", "--json").stdout)
    assert [i["id"] for i in items] == [3, 2, 1]
    assert set(items[0]) == {
        "id", "started_at", "ended_at", "status", "mode", "company", "answers", "score",
        "follow_ups",
    }  # fmt: skip
    assert items[2]["company"] == "Acme Health" and items[2]["score"] == 80.0
    assert items[0]["score"] is None and items[0]["answers"] == 0
    rows = list(csv.DictReader(io.StringIO(run("history", "--csv", "--limit", "2").stdout)))
    assert [r["id"] for r in rows] == ["3", "2"] and rows[1]["score"] == "50.0"
    both = run("history", "--json", "--csv")
    assert both.returncode == 2


def test_report_markdown_has_everything(filled: Path) -> None:
    done = run("report", "1")
    assert done.returncode == 0, done.stderr
    md = done.stdout
    assert md.startswith("# Session 1 — Acme Health")
    assert "> Line one\n> line two — שלום" in md  # verbatim, every line
    assert "**Score 80.0** (content 85.0, delivery 70.0)" in md
    assert "- [x] Measurable outcome (weight 3): “reduced churn”" in md
    assert "Qué preguntarías? 👀" in md and "(skipped)" in md
    assert "- Name the result in numbers." in md
    assert "Time: 42 s of 90 s; 3 s before typing" in md


def test_report_json_and_unknown_session(filled: Path) -> None:
    data = json.loads(run("report", "2", "--format", "json").stdout)
    assert data["status"] == "interrupted" and data["score"] == 50.0
    [answer] = data["answers"]
    assert answer["answer"] == "We reduced it, by 5%."
    assert answer["terms"][0]["evidence"] == "reduced churn"
    assert answer["delivery"]["words"] == 6
    assert data["unanswered"][0]["position"] == 2
    missing = run("report", "42")
    assert missing.returncode == 1
    assert missing.stderr.strip().startswith("Error: ") and "no session 42" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_export_json_and_csv(filled: Path, tmp_path: Path) -> None:
    data = json.loads(run("export", "--format", "json").stdout)
    assert data["format"] == "callback-sim export"
    assert [s["id"] for s in data["sessions"]] == [1, 2, 3]
    assert data["sessions"][0]["answers"][0]["answer"] == "Line one\nline two — שלום"
    out = tmp_path / "all.csv"
    done = run("export", "--format", "csv", "--output", str(out))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert [(r["session_id"], r["position"]) for r in rows] == [
        ("1", "1"), ("1", "2"), ("2", "1"), ("3", ""),
    ]  # fmt: skip
    assert rows[0]["answer"] == "Line one\nline two — שלום"
    assert rows[0]["matched_terms"] == "Measurable outcome"
    assert not list(tmp_path.glob(".*partial"))


def test_backup_copies_and_thins(filled: Path, isolated_home: Path) -> None:
    backups = isolated_home / "backups"
    backups.mkdir()
    for day in range(1, 15):  # fourteen old backups from one month
        (backups / f"callback-sim-202501{day:02d}-000000.db").write_bytes(b"old")
    done = run("backup")
    assert done.returncode == 0, done.stderr
    made = Path(done.stdout.strip())
    assert made.parent == backups and stat.S_IMODE(made.stat().st_mode) == 0o600
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 3
    conn.close()
    left = sorted(p.name for p in backups.glob("callback-sim-*.db"))
    assert made.name in left and len(left) == 10  # newest ten; January's newest among them
    assert "callback-sim-20250114-000000.db" in left


def test_doctor_on_a_healthy_database(filled: Path) -> None:
    done = run("doctor")
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "integrity:    ok" in out
    assert "schema:       version" in out
    assert "(mode 0700)" in out and "mode 0600)" in out, out
    assert "2 interrupted" in out and "recovery:     none" in out
    aside = run("doctor", "--move-aside")
    assert "not damaged; nothing was moved" in aside.stdout
    assert filled.exists()


def test_corrupt_database_is_reported_and_moved_aside_not_deleted(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True)
    db = isolated_home / "callback-sim.db"
    junk = b"not a database at all\n" * 50
    db.write_bytes(junk)
    history = run("history")
    assert history.returncode == 1
    [line] = history.stderr.strip().splitlines()
    assert str(db) in line and "doctor" in line
    assert db.read_bytes() == junk  # never recreated or overwritten
    doctor = run("doctor")
    assert doctor.returncode == 1 and "integrity:    FAILED" in doctor.stdout
    assert "--move-aside" in doctor.stdout
    moved = run("doctor", "--move-aside")
    assert "Moved the damaged database" in moved.stdout
    [aside] = list(isolated_home.glob("callback-sim.db.corrupt-*"))
    assert aside.read_bytes() == junk
    assert not db.exists()
    assert run("history", "--json").stdout.strip() == "[]"  # a fresh start


def test_newer_database_is_refused_by_every_command(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATION_SET, "9999_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    before = filled.read_bytes()
    for args in (["history"], ["practice", "--plain"], ["backup"]):
        done = run(*args)
        assert done.returncode == 1, args
        assert "newer callback-sim" in done.stderr and str(filled) in done.stderr
    assert filled.read_bytes() == before


def test_locked_database_gives_a_clear_error(filled: Path, isolated_home: Path) -> None:
    (isolated_home / "banks").mkdir(exist_ok=True)
    holder = sqlite3.connect(filled, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        done = run("practice", "--plain", "--count", "1", timeout=60)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert "locked" in line and str(filled) in line
    assert "Question 1" not in done.stdout
