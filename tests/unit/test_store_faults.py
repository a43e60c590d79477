"""Issue 14's database faults: damage, backups, restore, salvage, recovery files, export.

Each test here is a row of the fault table in docs/data.md and failed before its fix.
"""

from __future__ import annotations

import errno
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from callback_sim.core.models import Draft
from callback_sim.store import DatabaseCorruptError, DiskFullError, Store, StoreError
from callback_sim.store.db import translate_error
from tests.unit.store_helpers import question, score, submission

MARKER = "zebra-marker"


def fill(path: Path, sessions: int = 6) -> None:
    """Sessions of long answers: several pages of answers, each answer findable by text."""
    store = Store.open(path)
    for n in range(1, sessions + 1):
        q = question(n)
        s = store.create_session(mode="quick", planned=[q, question(n + 100)])
        text = f"{MARKER}-{n} " + "we reduced churn by twelve percent " * 60
        store.save_answer(s.id, submission(q, text=text), score(q))
        store.save_answer(s.id, submission(question(n + 100), 2, text=text), score(q, 60.0))
        store.finish_session(s.id)
    store.close()


def zero_page_holding(path: Path, text: str) -> int:
    """Overwrite with zeros the page holding `text`; returns the page number (1-based)."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = bytearray(path.read_bytes())
    at = data.find(text.encode())
    assert at > page, "the marker should be in an answers page"
    n = at // page
    data[n * page : (n + 1) * page] = bytes(page)
    path.write_bytes(bytes(data))
    return n + 1


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "callback-sim.db"
    path.parent.mkdir()
    fill(path)
    zero_page_holding(path, f"{MARKER}-3 ")
    return path


def test_damaged_page_refuses_writes_and_says_how_to_fix(damaged: Path) -> None:
    before = damaged.read_bytes()
    store = Store.open(damaged)
    try:
        assert store.damage is not None
        q = question(1)
        for attempt in (
            lambda: store.create_session(mode="quick", planned=[q]),
            lambda: store.save_answer(1, submission(q, 3), score(q)),
            store.check_writable,
        ):
            with pytest.raises(DatabaseCorruptError) as info:
                attempt()
            message = str(info.value)
            assert "\n" not in message and str(damaged) in message
            assert "doctor --salvage" in message and "restore" in message
    finally:
        store.close()
    assert damaged.read_bytes() == before  # nothing was written into the damaged file


def test_salvage_keeps_every_readable_row(damaged: Path) -> None:
    from callback_sim.store.repair import salvage_database

    result = salvage_database(damaged)
    kept = result.damaged_kept[0]
    assert kept.exists() and kept.name.startswith("callback-sim.db.damaged-")
    store = Store.open(damaged)
    try:
        assert store.damage is None and store.integrity_check() == []
        texts = [a.text for s in store.iter_sessions() for a in s.answers]
        # every answer but the ones on the zeroed page is back, verbatim
        assert result.saved["answers"] == len(texts) >= 9
        assert result.unreadable.get("answers", 0) >= 1
        assert len(texts) + result.unreadable["answers"] == 12
        assert all(f"{MARKER}-{n} " in " ".join(texts) for n in (1, 2, 4, 5, 6))
        assert result.saved["sessions"] == store.count_sessions() == 6
        assert store.database_id is not None
    finally:
        store.close()


def test_backup_of_damaged_database_keeps_the_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "data" / "callback-sim.db"
    path.parent.mkdir()
    fill(path)
    backups = tmp_path / "backups"
    store = Store.open(path)
    good = [store.backup(backups, keep_last=2) for _ in range(2)]
    store.close()
    zero_page_holding(path, f"{MARKER}-4 ")
    store = Store.open(path, read_only=True)
    try:
        for _ in range(3):
            with pytest.raises(DatabaseCorruptError) as info:
                store.backup(backups, keep_last=2)
            assert "no backup was made" in str(info.value)
            assert "the 2 earlier backups" in str(info.value)
    finally:
        store.close()
    assert sorted(backups.iterdir()) == sorted(good)  # the good ones, and nothing else
    for b in good:
        assert sqlite3.connect(b).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """A second process with the database open (as the app in another window would be)."""
    path = tmp_path / "data" / "callback-sim.db"
    path.parent.mkdir()
    fill(path, 2)
    script = (
        "import sqlite3, sys, time\n"
        "c = sqlite3.connect(sys.argv[1]); c.execute('select count(*) from sessions').fetchall()\n"
        "print('ready', flush=True); time.sleep(60)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    try:
        yield path, proc
    finally:
        proc.kill()
        proc.wait()


def test_restore_refused_while_open_elsewhere(
    holder: tuple[Path, subprocess.Popen[str]], tmp_path: Path
) -> None:
    from callback_sim.store.repair import restore_backup

    path, proc = holder
    store = Store.open(path)
    backup = store.backup(tmp_path / "backups")
    store.close()
    before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError) as info:
        restore_backup(path, backup)
    assert "has the database open" in str(info.value) and "Nothing was changed" in str(info.value)
    assert sorted(p.name for p in path.parent.iterdir()) == before
    proc.kill()
    proc.wait()
    result = restore_backup(path, backup)
    assert result.moved and result.restored.sessions == 2


def _recovery_after_full_disk(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[Store, Path, str]:
    """An answer kept in a recovery file because the disk was full at save time."""
    store = Store.open(data_dir / "callback-sim.db")
    q = question(1)
    s = store.create_session(mode="quick", planned=[q])
    real = store._insert_answer

    def full(*args: object, **kw: object) -> object:
        raise DiskFullError(f"{store.path}: the disk is full; free some space and try again")

    monkeypatch.setattr(store, "_insert_answer", full)
    with pytest.raises(DiskFullError) as info:
        store.save_answer(s.id, submission(q, text="kept through a full disk"), score(q))
    monkeypatch.setattr(store, "_insert_answer", real)
    assert info.value.recovery_path is not None
    return store, info.value.recovery_path, "kept through a full disk"


def test_recovery_file_of_another_database_is_not_imported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    a_dir, b_dir = tmp_path / "a", tmp_path / "b"
    a_dir.mkdir()
    b_dir.mkdir()
    store_a, kept, _ = _recovery_after_full_disk(a_dir, monkeypatch)
    record = json.loads(kept.read_text())
    assert record["database_id"] == store_a.database_id
    assert record["database"] == str((a_dir / "callback-sim.db").resolve())
    store_a.close()
    store_b = Store.open(b_dir / "callback-sim.db")
    try:
        s = store_b.create_session(mode="quick", planned=[question(1)])
        with pytest.raises(StoreError) as info:
            store_b.import_recovery(kept)
        assert "belongs to the database" in str(info.value)
        assert store_b.get_session(s.id).answers == ()
        assert kept.exists()
    finally:
        store_b.close()
    store_a = Store.open(a_dir / "callback-sim.db")
    try:
        answer = store_a.import_recovery(kept)
        assert answer.text == "kept through a full disk"
    finally:
        store_a.close()


def test_recovery_fallback_is_per_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from callback_sim.store.recovery import recovery_dirs

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    one, two = recovery_dirs(tmp_path / "a", "id-one"), recovery_dirs(tmp_path / "b", "id-two")
    assert one[0] == tmp_path / "a" / "recovery"  # inside the data directory first
    assert one[1] != two[1] and one[1].name == "id-one"


def test_recovery_file_is_cleaned_up_once_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    store, kept, text = _recovery_after_full_disk(tmp_path, monkeypatch)
    try:
        assert kept.exists()
        q = question(1)
        store.save_answer(1, submission(q, text=text), score(q))  # the retry succeeds
        assert not kept.exists()
        from callback_sim.store.recovery import find_recovery_files, search_dirs

        assert find_recovery_files(search_dirs(tmp_path, store.database_id)) == []
    finally:
        store.close()


def test_io_error_on_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full:
        f_bavail, f_frsize = 10, 4096

    class Roomy:
        f_bavail, f_frsize = 10_000_000, 4096

    exc = sqlite3.OperationalError("disk I/O error")
    monkeypatch.setattr(os, "statvfs", lambda _p: Full())
    err = translate_error(exc, tmp_path / "callback-sim.db")
    assert isinstance(err, DiskFullError) and "the disk is full" in str(err)
    assert "I/O" not in str(err)
    monkeypatch.setattr(os, "statvfs", lambda _p: Roomy())
    assert not isinstance(translate_error(exc, tmp_path / "x.db"), DiskFullError)
    nospace = OSError(errno.ENOSPC, "No space left on device")
    assert isinstance(translate_error(nospace, tmp_path / "x.db"), DiskFullError)


def _filled_everything(path: Path) -> Store:
    from callback_sim.core.debrief import parse_debrief
    from callback_sim.store.debriefs import save_debrief
    from callback_sim.store.review import set_suspended

    store = Store.open(path)
    q1, q2 = question(1), question(2, category="curiosity")
    s1 = store.create_session(mode="quick", planned=[q1, q2], company="Acme Health")
    store.save_answer(s1.id, submission(q1, text="We reduced it — שלום 👀"), score(q1))
    store.save_answer(s1.id, submission(q2, 2, "out of time", timed_out=True), score(q2, 40.0))
    store.finish_session(s1.id)
    s2 = store.create_session(mode="plain", planned=[q1, q2])
    store.save_answer(s2.id, submission(q1, 1, "", skipped=True), None)
    store.save_draft(Draft(s2.id, 2, "half an answer", 1.5, 12.0))
    store.finish_session(s2.id, "interrupted")
    save_debrief(store, parse_debrief(DEBRIEF))
    set_suspended(store, "test-bank", "q-002", True)
    store.set_state("next-loop:acme", {"seed": 7})
    from callback_sim.core.kit import Kit, Reference, StartPlan
    from callback_sim.store.kit import save_kit

    save_kit(
        store,
        Kit(
            company="Acme Health",
            plan=StartPlan(day30=("meet the team",)),
            references=(Reference("Ana Ruiz", highlights=("calm",)),),
            questions=("What surprised you here?",),
        ),
    )
    return store


DEBRIEF = """
[company]
name = "Acme Health"
role = "PM"

[[rounds]]
date = 2026-11-20
kind = "phone screen"

  [[rounds.people]]
  name = "Dana Cole"
  title = "Director"

  [[rounds.exchanges]]
  question = "Tell me about a launch."
  answer = "We cut churn by 12%."
  reaction = "resonated"

[uncovered]
topics = ["budget ownership"]
"""


def _export(store: Store) -> dict[str, object]:
    from callback_sim.store.exchange import write_json_export

    out = io.StringIO()
    write_json_export(store, out)
    data = json.loads(out.getvalue())
    data.pop("exported_at")
    return data


def test_json_export_round_trip_rebuilds_everything(tmp_path: Path) -> None:
    from callback_sim.store.exchange import import_export

    original = _filled_everything(tmp_path / "one.db")
    exported = _export(original)
    original.close()
    answers = exported["sessions"][0]["answers"]  # type: ignore[index]
    assert answers[1]["timed_out"] is True
    assert answers[0]["terms"][0]["span"] == [3, 16]
    assert answers[0]["question"]["rubric"][0]["required"] is True
    assert exported["sessions"][1]["draft"]["text"] == "half an answer"  # type: ignore[index]
    tables = exported["tables"]
    assert tables["debrief_exchanges"] and tables["question_suspensions"]  # type: ignore[index]
    assert tables["kit_references"] and tables["kit_plans"]  # type: ignore[index]

    rebuilt = Store.open(tmp_path / "two.db")
    try:
        counts = import_export(rebuilt, exported)
        assert counts["sessions"] == 2 and counts["answers"] == 3 and counts["drafts"] == 1
        assert _export(rebuilt) == exported
        with pytest.raises(StoreError, match="already holds sessions"):
            import_export(rebuilt, exported)
    finally:
        rebuilt.close()


def test_rescore_recomputes_and_marks(tmp_path: Path) -> None:
    from callback_sim.core.scoring import SCORER_VERSION

    store = Store.open(tmp_path / "callback-sim.db")
    try:
        q = question(1)
        s = store.create_session(mode="quick", planned=[q, question(2)])
        store.save_answer(s.id, submission(q, text="We reduced churn by 12 percent."), score(q))
        store.save_answer(s.id, submission(question(2), 2, "", skipped=True), None)
        first = store.get_session(s.id).answers
        assert first[0].scorer_version == SCORER_VERSION and first[0].rescored_at is None
        assert first[1].scorer_version is None

        def scorer(answer: object) -> object:
            return score(q, 33.0)

        done, changed = store.rescore(scorer, SCORER_VERSION + 1, session_id=s.id)  # type: ignore[arg-type]
        assert (done, changed) == (1, 1)
        again = store.get_session(s.id).answers
        assert again[0].score is not None and again[0].score.score == 33.0
        assert again[0].text == first[0].text and again[0].seconds == first[0].seconds
        assert again[0].scorer_version == SCORER_VERSION + 1 and again[0].rescored_at
        assert again[1].score is None  # a skipped answer stays unscored
    finally:
        store.close()


def test_every_table_is_exported_and_salvaged(tmp_path: Path) -> None:
    from callback_sim.store.migrations import ROW_TABLES

    store = Store.open(tmp_path / "callback-sim.db")
    try:
        tables = {
            r["name"]
            for r in store._rows("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r["name"].startswith(("sqlite_", "_sqlite"))
        }
    finally:
        store.close()
    assert tables - {"sessions", "answers", "drafts"} == set(ROW_TABLES)
