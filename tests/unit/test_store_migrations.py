"""Schema migrations: an older file is upgraded in place, a newer one is refused untouched."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from callback_sim.store import LATEST_VERSION, MIGRATIONS, SchemaTooNewError, Store
from callback_sim.store.migrations import MIGRATION_SET

FIXTURE = Path(__file__).parent.parent / "fixtures" / "store_schema_v1.sql"


def _from_fixture(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path)
    conn.executescript(FIXTURE.read_text(encoding="utf-8"))
    conn.close()
    return path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_migration_list_is_ordered_and_named() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))
    assert len({m.key for m in MIGRATIONS}) == len(MIGRATIONS)
    assert MIGRATIONS[-1].version == LATEST_VERSION


def test_version_one_file_is_upgraded_and_keeps_its_data(tmp_path: Path) -> None:
    path = _from_fixture(tmp_path / "old.db")
    before = sqlite3.connect(path)
    assert before.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
    assert "answers_question" not in {
        r[0] for r in before.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    before.close()

    store = Store.open(path)
    assert store.schema_version() == LATEST_VERSION
    indexes = {
        r[0] for r in store.db.conn.execute("SELECT name FROM sqlite_master WHERE type='index'")
    }
    assert {
        "answers_question",
        "answers_category",
        "sessions_started",
        "answers_session_totals",
        "answers_follow_ups",
    } <= indexes
    applied = [
        r[0]
        for r in store.db.conn.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id",
            [MIGRATION_SET],
        )
    ]
    assert applied == [m.key for m in MIGRATIONS]
    # The data written by the old version reads back through today's models.
    old = store.get_session(1)
    assert old.settings == {"seed": 7}
    assert old.answers[0].score is not None and old.answers[0].score.score == 72.5
    assert old.answers[0].text.endswith("שלום 👍🏽")
    assert old.answers[0].question.rubric[0].label == "Measurable outcome"
    # Its owner ran on another machine long ago: the session is resumable with its draft.
    assert old.status == "interrupted"
    draft = store.get_draft(1)
    assert draft is not None and draft.position == 2
    assert [s.id for s in store.list_sessions()] == [2, 1]
    assert store.integrity_check() == []
    store.close()


def test_failed_migration_rolls_back_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from callback_sim.store import migrations as mig

    path = _from_fixture(tmp_path / "old.db")

    def broken(db: object) -> None:
        db.execute("CREATE INDEX half_done ON answers (text)")  # type: ignore[attr-defined]
        raise RuntimeError("simulated failure in a migration")

    monkeypatch.setattr(
        mig, "MIGRATIONS", [*mig.MIGRATIONS[:1], mig.Migration(2, "lookup_indexes", broken)]
    )
    with pytest.raises(RuntimeError, match="simulated failure"):
        Store.open(path)
    conn = sqlite3.connect(path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert "half_done" not in names
    assert conn.execute("SELECT count(*) FROM _sqlite_migrations").fetchone()[0] == 1
    conn.close()


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATION_SET, "0099_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(SchemaTooNewError) as info:
        Store.open(path)
    message = str(info.value)
    assert str(path) in message and "newer callback-sim" in message and "\n" not in message
    assert _digest(path) == digest


def test_two_stores_opening_a_new_file_agree(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    first = Store.open(path)
    second = Store.open(path)  # already migrated: nothing to do, nothing recreated
    session = first.create_session(mode="quick", planned=[])
    assert second.get_session(session.id).id == session.id
    first.close()
    second.close()
