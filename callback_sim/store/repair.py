"""Putting a database right without losing anything: move aside, restore, salvage.

Nothing here deletes a file: the database being replaced, with its `-wal` and `-shm`, is
renamed beside itself (`callback-sim.db.LABEL-TIMESTAMP`), so every step can be undone by
hand. Every result says exactly what was done, for the commands to print.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from callback_sim.clock import now_utc
from callback_sim.store import migrations as mig
from callback_sim.store.db import (
    SQLITE_HEADER,
    StoreError,
    read_header,
    read_only_uri,
    translate_error,
)
from callback_sim.store.migrations import ROW_TABLES

#: The byte of the `-shm` file every open connection holds a shared lock on (SQLite's
#: "DMS" lock: 120 + 8); taking it exclusively fails while any other process has it open.
_SHM_DMS_OFFSET = 128

#: Tables copied by salvage, parents before children (foreign keys hold on every insert).
SALVAGE_ORDER: tuple[str, ...] = ("sessions", "answers", "drafts", *ROW_TABLES)

#: Rowids tried one by one past a damaged stretch before a table is given up.
_SALVAGE_PROBE = 5000


def side_files(db: Path) -> list[Path]:
    """The database's `-wal` and `-shm` files that exist now."""
    return [p for p in (db.with_name(db.name + s) for s in ("-wal", "-shm")) if p.exists()]


def move_aside(db: Path, label: str) -> list[Path]:
    """Rename the database and its -wal/-shm to `NAME.LABEL-TIMESTAMP*`; returns new paths.

    The database itself comes first in the list. Nothing is deleted.
    """
    stamp = now_utc().strftime("%Y%m%d-%H%M%S")
    target = db.with_name(f"{db.name}.{label}-{stamp}")
    n = 2
    while target.exists():
        target = db.with_name(f"{db.name}.{label}-{stamp}-{n}")
        n += 1
    moved = [target]
    for side in side_files(db):
        suffix = side.name[len(db.name) :]
        os.replace(side, target.with_name(target.name + suffix))
        moved.append(target.with_name(target.name + suffix))
    if db.exists():
        os.replace(db, target)
    else:
        moved.pop(0)
    return moved


@contextlib.contextmanager
def exclusive_use(db: Path) -> Iterator[None]:
    """Hold the database for this process alone; StoreError if another has it open.

    Every SQLite connection to a WAL database holds a shared lock on one byte of its
    `-shm` file for as long as it is open; taking that byte exclusively proves nobody
    else (the app, a round in another terminal, Datasette) is using the file.
    """
    shm = db.with_name(db.name + "-shm")
    if not shm.exists():
        yield
        return
    import fcntl

    fd = os.open(shm, os.O_RDWR)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _SHM_DMS_OFFSET)
        except OSError:
            raise StoreError(
                f"{db}: another program (callback-sim in another window?) has the database "
                "open; close it, then try again. Nothing was changed"
            ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, _SHM_DMS_OFFSET)
    finally:
        os.close(fd)


@dataclass(frozen=True)
class DatabaseFacts:
    """What a checked database file holds."""

    path: Path
    schema_version: int
    sessions: int
    answers: int


def check_database_file(path: Path) -> DatabaseFacts:
    """A full integrity check of a file (a backup to restore); StoreError saying why not.

    The file is opened read-only and never changed.
    """
    if not path.is_file():
        raise StoreError(f"{path}: no such backup file; `callback-sim doctor` lists backups")
    if read_header(path) != SQLITE_HEADER:
        raise StoreError(f"{path}: is not a SQLite database; choose a file from backups/")
    try:
        conn = sqlite3.connect(read_only_uri(path), uri=True)
    except sqlite3.Error as exc:
        raise translate_error(exc, path, "read") from None
    try:
        found = [r[0] for r in conn.execute("PRAGMA integrity_check(5)").fetchall()]
        if found != ["ok"]:
            raise StoreError(
                f"{path}: this backup is damaged ({found[0]}); choose an older one from "
                "backups/. Nothing was changed"
            )
        unknown = mig.unknown_keys(conn)
        if unknown:
            raise StoreError(
                f"{path}: was written by a newer callback-sim ({unknown[-1]}); upgrade "
                "callback-sim to restore it. Nothing was changed"
            )
        version = mig.schema_version(conn)
        if version == 0:
            raise StoreError(f"{path}: is not a callback-sim database. Nothing was changed")
        sessions = conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
        answers = conn.execute("SELECT count(*) FROM answers").fetchone()[0]
    except sqlite3.Error as exc:
        raise StoreError(
            f"{path}: this backup cannot be read ({exc}); choose another. Nothing was changed"
        ) from None
    finally:
        conn.close()
    return DatabaseFacts(path, version, int(sessions), int(answers))


def _copy_private(source: Path, target: Path) -> None:
    """Copy a file to `target` (0600), durably, through a partial file renamed at the end."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out, source.open("rb") as src:
            while chunk := src.read(1 << 20):
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise translate_error(exc, target, "write") from None


@dataclass(frozen=True)
class RestoreResult:
    backup: DatabaseFacts
    moved: list[Path]
    restored: DatabaseFacts


def restore_backup(db: Path, backup: Path) -> RestoreResult:
    """Check `backup`, move the database and its -wal/-shm aside, copy it in, verify.

    Refused (StoreError, nothing changed) while another process has the database open.
    A stale `-wal` beside the restored file would make SQLite replay it onto the
    backup, which is why it is moved with the database, never left behind.
    """
    facts = check_database_file(backup)
    if backup.resolve() == db.resolve() if db.exists() else False:
        raise StoreError(f"{backup}: is the database itself; choose a file from backups/")
    with exclusive_use(db):
        moved = move_aside(db, "before-restore") if db.exists() or side_files(db) else []
        _copy_private(backup, db)
    try:
        restored = check_database_file(db)
    except StoreError as err:
        raise StoreError(
            f"{db}: the restored copy failed its check ({err}); the previous database is "
            f"kept at {moved[0] if moved else '(none)'}"
        ) from None
    return RestoreResult(facts, moved, restored)


# -- salvage ------------------------------------------------------------------------------


@dataclass
class SalvageResult:
    """Rows copied per table, rows known lost, and where every file went."""

    saved: dict[str, int] = field(default_factory=dict)
    unreadable: dict[str, int] = field(default_factory=dict)
    stand_in_sessions: int = 0
    damaged_kept: list[Path] = field(default_factory=list)
    database: Path | None = None

    @property
    def total_saved(self) -> int:
        return sum(self.saved.values())


def _readable_rows(
    conn: sqlite3.Connection, table: str, columns: list[str]
) -> Iterator[tuple[int, tuple[object, ...]] | int]:
    """(rowid, values) of every row that can be read; an int for each rowid that cannot.

    Reads in rowid order; when a batch hits a damaged page, steps one rowid at a time
    (each lookup walks the tree from the root, so only the bad leaf is lost) until
    reading in batches works again.
    """
    cols = ", ".join(f'"{c}"' for c in columns)
    last = 0
    misses = 0
    while misses <= _SALVAGE_PROBE:
        try:
            rows = conn.execute(
                f'SELECT rowid, {cols} FROM "{table}" WHERE rowid > ? ORDER BY rowid LIMIT 200',
                [last],
            ).fetchall()
        except sqlite3.DatabaseError:
            last += 1
            try:
                row = conn.execute(
                    f'SELECT rowid, {cols} FROM "{table}" WHERE rowid = ?', [last]
                ).fetchone()
            except sqlite3.DatabaseError:
                misses += 1
                yield last
                continue
            if row is not None:
                misses = 0
                yield int(row[0]), tuple(row[1:])
            else:
                misses += 1
            continue
        if not rows:
            return
        for row in rows:
            yield int(row[0]), tuple(row[1:])
        last = int(rows[-1][0])
        misses = 0


def _columns(conn: sqlite3.Connection, table: str) -> list[str]:
    try:
        return [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")').fetchall()]
    except sqlite3.DatabaseError:
        return []


def salvage_database(db: Path) -> SalvageResult:
    """Copy every readable row of a damaged database into a new one that takes its place.

    The damaged file (with its -wal/-shm) is kept as `NAME.damaged-TIMESTAMP`. Answers
    whose session row was lost get a stand-in session (mode `salvaged`, interrupted), so
    no readable answer is dropped. Refused while another process has the file open.
    """
    from callback_sim.store.sessions import Store

    result = SalvageResult()
    new_path = db.with_name(f".{db.name}.salvage")
    for stale in (new_path, *side_files(new_path)):
        stale.unlink(missing_ok=True)
    with exclusive_use(db):
        old = sqlite3.connect(read_only_uri(db), uri=True)
        try:
            new = Store.open(new_path)
            try:
                _copy_tables(old, new.conn, result)
            finally:
                new.close()
        finally:
            old.close()
        result.damaged_kept = move_aside(db, "damaged")
        os.replace(new_path, db)
    result.database = db
    return result


def _copy_tables(old: sqlite3.Connection, new: sqlite3.Connection, result: SalvageResult) -> None:
    session_ids: set[int] = set()
    new.execute("BEGIN IMMEDIATE")
    try:
        for table in SALVAGE_ORDER:
            have = _columns(old, table)
            want = _columns(new, table)
            columns = [c for c in want if c in have]
            if not columns:
                continue
            saved = lost = 0
            marks = ", ".join("?" for _ in columns)
            names = ", ".join(f'"{c}"' for c in columns)
            insert = f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})'
            if table == "app_state":
                # The salvaged database keeps the old one's id: it is the same data.
                new.execute("DELETE FROM app_state")
            for item in _readable_rows(old, table, columns):
                if isinstance(item, int):
                    lost += 1
                    continue
                rowid, values = item
                if table == "sessions":
                    session_ids.add(rowid)
                elif table in ("answers", "drafts"):
                    sid = values[columns.index("session_id")]
                    if isinstance(sid, int) and sid not in session_ids:
                        _stand_in_session(new, sid, values, columns)
                        session_ids.add(sid)
                        result.stand_in_sessions += 1
                try:
                    cursor = new.execute(insert, list(values))
                except sqlite3.IntegrityError:
                    lost += 1
                    continue
                saved += cursor.rowcount
            result.saved[table] = saved
            if lost:
                result.unreadable[table] = lost
        new.execute("COMMIT")
    except BaseException:
        new.execute("ROLLBACK")
        raise


def _stand_in_session(
    new: sqlite3.Connection, session_id: int, values: tuple[object, ...], columns: list[str]
) -> None:
    """A session row for answers whose own session row could not be read."""
    when = values[columns.index("answered_at")] if "answered_at" in columns else None
    new.execute(
        "INSERT OR IGNORE INTO sessions (id, started_at, ended_at, status, mode) "
        "VALUES (?, ?, ?, 'interrupted', 'salvaged')",
        [session_id, when or "1970-01-01T00:00:00Z", when],
    )
