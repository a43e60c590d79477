"""doctor, backup, restore, export, import-export and rescore as real processes (issue 14)."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from callback_sim.store import Store
from tests.e2e.store_e2e_helpers import CLI, run
from tests.nobody import SETPRIV, require_nobody_can_run_python
from tests.unit.store_helpers import question, score, submission
from tests.unit.test_store_faults import MARKER, fill, zero_page_holding

pytestmark = pytest.mark.e2e


def _sqlite_ok(path: Path) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return bool(conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok")
    finally:
        conn.close()


def test_doctor_reports_integrity_failed_and_salvages(isolated_home: Path) -> None:
    db = isolated_home / "callback-sim.db"
    isolated_home.mkdir()
    fill(db)
    zero_page_holding(db, f"{MARKER}-2 ")
    done = run("doctor")
    assert done.returncode == 1
    assert "integrity:    FAILED" in done.stdout and "doctor --salvage" in done.stdout
    for refused in (run("practice", "--plain"), run("backup")):
        assert refused.returncode == 1
        [line] = refused.stderr.strip().splitlines()
        assert str(db) in line and "damaged" in line
    assert not (isolated_home / "backups").exists() or not any(
        (isolated_home / "backups").iterdir()
    )
    salvaged = run("doctor", "--salvage")
    assert salvaged.returncode == 0, salvaged.stderr
    assert "Salvaged 6 sessions and" in salvaged.stdout
    assert "Could not be read" in salvaged.stdout
    kept = [p for p in isolated_home.iterdir() if ".damaged-" in p.name]
    assert kept and all(str(p) in salvaged.stdout for p in kept)
    again = run("doctor")
    assert again.returncode == 0 and "integrity:    ok" in again.stdout
    history = json.loads(run("history", "--json").stdout)
    assert len(history) == 6 and sum(h["answers"] for h in history) >= 9


def _crash_leaving_wal(db: Path) -> None:
    """A process that wrote a session and died without checkpointing: a hot -wal stays."""
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA wal_autocheckpoint = 0')\n"
        'c.execute("INSERT INTO sessions (started_at, status, mode) VALUES '
        "('2026-12-01T00:00:00Z', 'completed', 'after-crash')\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db)], check=True)
    assert db.with_name(db.name + "-wal").stat().st_size > 0


def test_restore_moves_wal_aside_and_verifies(isolated_home: Path) -> None:
    db = isolated_home / "callback-sim.db"
    isolated_home.mkdir()
    fill(db, 3)
    made = run("backup")
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip())
    _crash_leaving_wal(db)
    done = run("restore", str(backup))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert f"Checked {backup}: integrity ok" in out and "3 sessions, 6 answers" in out
    moved = [p for p in isolated_home.iterdir() if ".before-restore-" in p.name]
    assert {p.name.rsplit("-", 1)[-1] for p in moved} >= {"wal", "shm"}
    assert all(str(p) in out for p in moved)
    assert "Restored to" in out and "verified" in out
    # the restored database is the backup's state, not the backup with the old WAL replayed
    history = json.loads(run("history", "--json").stdout)
    assert [h["mode"] for h in history] == ["quick"] * 3
    assert _sqlite_ok(db)
    # the post-crash state is kept, not lost: the moved files hold the session written later
    aside = next(p for p in moved if p.name.endswith(tuple("0123456789")))
    conn = sqlite3.connect(aside)
    assert conn.execute("SELECT count(*) FROM sessions WHERE mode = 'after-crash'").fetchone()[0]
    conn.close()


def test_restore_refuses_a_damaged_backup(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.mkdir()
    fill(isolated_home / "callback-sim.db", 2)
    bad = tmp_path / "bad.db"
    fill(bad, 6)
    zero_page_holding(bad, f"{MARKER}-3 ")
    before = sorted(p.name for p in isolated_home.iterdir())
    done = run("restore", str(bad))
    assert done.returncode == 1
    [line] = done.stderr.strip().splitlines()
    assert str(bad) in line and "damaged" in line and "Nothing was changed" in line
    assert sorted(p.name for p in isolated_home.iterdir()) == before


@pytest.fixture
def read_only_home(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    require_nobody_can_run_python()
    base = Path(tempfile.mkdtemp(prefix="cs-ro-", dir="/tmp"))
    os.chmod(base, 0o755)
    home = base / "home"
    home.mkdir(mode=0o700)
    db = home / "callback-sim.db"
    store = Store.open(db)
    q = question(1)
    s = store.create_session(mode="quick", planned=[q])
    store.save_answer(s.id, submission(q, text="read me back"), score(q))
    store.finish_session(s.id)
    store.close()
    for p in [home, *home.rglob("*")]:
        shutil.chown(p, "nobody", "nogroup")
    os.chmod(db, 0o400)
    os.chmod(home, 0o500)
    try:
        yield home
    finally:
        os.chmod(home, 0o700)
        shutil.rmtree(base, ignore_errors=True)


def _as_nobody(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SETPRIV, str(CLI), "--data-dir", str(home), *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )


def test_reading_commands_work_in_a_read_only_directory(read_only_home: Path) -> None:
    history = _as_nobody(read_only_home, "history", "--json")
    assert history.returncode == 0, history.stderr
    assert json.loads(history.stdout)[0]["answers"] == 1
    report = _as_nobody(read_only_home, "report", "1")
    assert report.returncode == 0 and "read me back" in report.stdout
    export = _as_nobody(read_only_home, "export", "--format", "json")
    assert export.returncode == 0 and json.loads(export.stdout)["sessions"][0]["answers"]
    elsewhere = Path(tempfile.mkdtemp(prefix="cs-bk-", dir="/tmp"))
    try:
        shutil.chown(elsewhere, "nobody", "nogroup")
        backup = _as_nobody(read_only_home, "backup", "--to", str(elsewhere))
        assert backup.returncode == 0, backup.stderr
        assert _sqlite_ok(Path(backup.stdout.strip()))
    finally:
        shutil.rmtree(elsewhere, ignore_errors=True)
    assert sorted(p.name for p in read_only_home.iterdir()) == ["callback-sim.db"]


def test_empty_database_file_is_said(isolated_home: Path) -> None:
    isolated_home.mkdir()
    db = isolated_home / "callback-sim.db"
    db.touch(mode=0o600)
    doctor = run("doctor")
    assert doctor.returncode == 1
    assert "integrity:    EMPTY: the file is 0 bytes" in doctor.stdout
    assert db.stat().st_size == 0  # doctor only looks
    first = run("history")
    assert first.returncode == 0
    assert "the database file was empty (0 bytes)" in first.stderr
    assert "callback-sim restore" in first.stderr
    second = run("history")
    assert "empty" not in second.stderr  # said once, on the start that set it up


def test_export_refuses_existing_file_and_writes_0600(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.mkdir()
    fill(isolated_home / "callback-sim.db", 1)
    mine = tmp_path / "notes.txt"
    mine.write_text("my own notes\n")
    os.chmod(mine, 0o600)
    refused = run("export", "--format", "csv", "-o", str(mine))
    assert refused.returncode == 1
    [line] = refused.stderr.strip().splitlines()
    assert str(mine) in line and "--force" in line
    assert mine.read_text() == "my own notes\n"
    new = tmp_path / "export.json"
    assert run("export", "--format", "json", "-o", str(new)).returncode == 0
    assert stat.S_IMODE(new.stat().st_mode) == 0o600
    forced = run("export", "--format", "csv", "-o", str(mine), "--force")
    assert forced.returncode == 0 and "session_id" in mine.read_text()
    assert stat.S_IMODE(mine.stat().st_mode) == 0o600


def test_import_export_rebuilds_a_data_directory(isolated_home: Path, tmp_path: Path) -> None:
    isolated_home.mkdir()
    fill(isolated_home / "callback-sim.db", 2)
    dump = tmp_path / "all.json"
    assert run("export", "--format", "json", "-o", str(dump)).returncode == 0
    fresh = tmp_path / "fresh"
    done = run("--data-dir", str(fresh), "import-export", str(dump))
    assert done.returncode == 0, done.stderr
    assert "sessions 2, answers 4" in done.stdout
    a = json.loads(run("history", "--json").stdout)
    b = json.loads(run("--data-dir", str(fresh), "history", "--json").stdout)
    assert a == b
    again = run("import-export", str(dump))
    assert again.returncode == 1 and "already holds sessions" in again.stderr


def test_rescore_command(isolated_home: Path) -> None:
    isolated_home.mkdir()
    db = isolated_home / "callback-sim.db"
    fill(db, 2)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE answers SET score = 1.0, scorer_version = 0")
    conn.commit()
    conn.close()
    usage = run("rescore")
    assert usage.returncode == 2 and "SESSION_ID or --all" in usage.stderr
    one = run("rescore", "1")
    assert one.returncode == 0, one.stderr
    assert "Rescored 2 answers in session 1 with scorer version" in one.stdout
    report = json.loads(run("report", "1", "--format", "json").stdout)
    assert all(a["score"] != 1.0 and a["rescored_at"] for a in report["answers"])
    every = run("rescore", "--all")
    assert "Rescored 4 answers in every session" in every.stdout
    assert "2 changed" in every.stdout  # session 1 was already current
