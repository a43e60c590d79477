"""Bad days: corrupt, locked, read-only and full disks. Each gives one clear line, loses nothing."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from callback_sim.store import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyError,
    Store,
)
from tests.nobody import require_nobody_can_run_python
from tests.unit.store_helpers import question, score, submission


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_naming(message: str, path: Path) -> None:
    assert "\n" not in message
    assert str(path) in message


@pytest.mark.parametrize(
    "content",
    [b"this is my shopping list, not a database\n" * 100, b"\x00" * 4096],
    ids=["text", "zeros"],
)
def test_not_a_database_is_refused_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "callback-sim.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseCorruptError) as info:
        Store.open(path)
    _one_line_naming(str(info.value), path)
    assert "doctor" in str(info.value)
    assert path.read_bytes() == content
    assert not (tmp_path / "callback-sim.db-wal").exists()


def test_damaged_pages_are_reported_not_repaired(tmp_path: Path) -> None:
    path = tmp_path / "callback-sim.db"
    store = Store.open(path)
    for n in range(40):
        q = question(n)
        s = store.create_session(mode="quick", planned=[q])
        store.save_answer(s.id, submission(q, text="answer " * 300), score(q))
        store.finish_session(s.id)
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 6 * page
    data[2 * page : 6 * page] = b"\xa5" * (4 * page)  # scribble over b-tree pages
    path.write_bytes(bytes(data))
    digest = _digest(path)
    try:
        store = Store.open(path)
    except DatabaseCorruptError as err:
        _one_line_naming(str(err), path)
    else:
        try:
            problems = store.integrity_check()
            assert problems, "integrity check should find the damage"
            with pytest.raises(DatabaseCorruptError):
                store.list_sessions(limit=100)
                list(store.iter_sessions())
        finally:
            store.close()
    assert _digest(path) == digest


def test_locked_database_waits_then_says_so_and_keeps_the_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    path = tmp_path / "data" / "callback-sim.db"
    store = Store.open(path, busy_timeout_ms=150)
    q = question()
    session = store.create_session(mode="quick", planned=[q])
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process is writing
    try:
        with pytest.raises(DatabaseLockedError) as info:
            store.create_session(mode="quick", planned=[q])
        _one_line_naming(str(info.value), path)
        assert "locked" in str(info.value)
        with pytest.raises(DatabaseLockedError) as saved:
            store.save_answer(session.id, submission(q, text="kept while locked"), score(q))
        kept = saved.value.recovery_path
        assert kept is not None and kept.parent == path.parent / "recovery"
        assert str(kept) in str(saved.value)
        assert "kept while locked" in kept.read_text(encoding="utf-8")
        with pytest.raises(DatabaseLockedError):
            store.check_writable()
    finally:
        other.execute("ROLLBACK")
        other.close()
    # Once the lock is gone the recovery file imports, exactly once.
    answer = store.import_recovery(kept)
    assert answer.text == "kept while locked" and answer.score == score(q)
    assert not kept.exists() and kept.with_name(kept.name + ".imported").exists()
    assert store.get_session(session.id).answers[0].text == "kept while locked"
    store.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 3 MiB tmpfs, so the disk can really fill up. Needs root and mount permission."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    mnt = tmp_path / "small-disk"
    mnt.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=3m,mode=0755", "tmpfs", str(mnt)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"mounting a tmpfs is not permitted here: {done.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], check=False)


def _fill_disk(mnt: Path, leave: int) -> Path:
    """Fill the disk until only about `leave` bytes are free."""
    filler = mnt / "filler"
    free = shutil.disk_usage(mnt).free
    with filler.open("wb") as fh:
        fh.write(b"\0" * max(0, free - leave))
    return filler


def test_disk_full_keeps_the_answer_in_a_recovery_file(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fallback = tmp_path / "tmp"
    monkeypatch.setattr(tempfile, "tempdir", str(fallback))
    path = small_disk / "data" / "callback-sim.db"
    store = Store.open(path)
    q = question()
    session = store.create_session(mode="quick", planned=[q])
    store.check_writable()
    filler = _fill_disk(small_disk, leave=16 * 1024)
    with pytest.raises(DiskFullError):
        store.check_writable()  # a new round would be refused up front
    text = "A long answer that will not fit. " * 20_000  # ~660 KB
    with pytest.raises(DiskFullError) as info:
        store.save_answer(session.id, submission(q, text=text), score(q))
    message = str(info.value)
    assert "\n" not in message and "disk is full" in message and "doctor --recover" in message
    kept = info.value.recovery_path
    # The data directory is on the full disk: the answer went to the temp-dir fallback.
    assert kept is not None and kept.is_relative_to(fallback)
    assert json.loads(kept.read_text(encoding="utf-8"))["submission"]["text"] == text
    assert store.integrity_check() == []
    filler.unlink()
    answer = store.import_recovery(kept)
    assert answer.text == text
    assert store.get_session(session.id).answers[0].text == text
    store.close()


SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from callback_sim.store import Store, StoreError
    try:
        store = Store.open(Path(sys.argv[1]))
        print("opened")
        print(len(store.list_sessions()), "sessions")
        store.check_writable()
        print("writable")
    except StoreError as err:
        print(type(err).__name__ + ": " + str(err))
    """
)


@pytest.fixture
def nobody_dir() -> Iterator[Path]:
    """A directory owned by `nobody`, outside pytest's root-only tmp dirs."""
    require_nobody_can_run_python()
    base = Path(tempfile.mkdtemp(prefix="cs-ro-", dir="/tmp"))
    os.chmod(base, 0o755)
    data = base / "data"
    data.mkdir(mode=0o700)
    shutil.chown(data, "nobody", "nogroup")
    try:
        yield data
    finally:
        os.chmod(data, 0o700)
        shutil.rmtree(base, ignore_errors=True)


def _as_nobody(db: Path) -> str:
    done = subprocess.run(
        [
            "setpriv",
            "--reuid=nobody",
            "--regid=nogroup",
            "--clear-groups",
            sys.executable,
            "-c",
            SCRIPT,
            str(db),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd="/",
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_read_only_data_directory_is_said_up_front(nobody_dir: Path) -> None:
    db = nobody_dir / "callback-sim.db"
    assert "writable" in _as_nobody(db)  # sanity: nobody can use it while it is writable
    for f in nobody_dir.iterdir():
        shutil.chown(f, "nobody", "nogroup")
    os.chmod(db, 0o400)
    os.chmod(nobody_dir, 0o500)
    out = _as_nobody(db)
    assert "ReadOnlyError" in out, out
    assert str(db) in out or str(nobody_dir) in out
    assert "writable" not in out.replace("make it writable", "").replace("writable,", "")


def test_missing_database_in_read_only_directory(nobody_dir: Path) -> None:
    os.chmod(nobody_dir, 0o500)
    out = _as_nobody(nobody_dir / "callback-sim.db")
    assert out.startswith("ReadOnlyError: ") and "callback-sim.db" in out, out
    assert not (nobody_dir / "callback-sim.db").exists()


def test_read_only_error_type_is_a_store_error() -> None:
    from callback_sim.store import StoreError

    assert issubclass(ReadOnlyError, StoreError) and issubclass(DiskFullError, StoreError)
