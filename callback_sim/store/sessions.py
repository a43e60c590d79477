"""The Store: every session, answer and draft, in one SQLite file, through one connection.

All methods take and return `core.models` dataclasses. Writes run in `BEGIN IMMEDIATE`
transactions under a lock (the connection is shared with TUI worker threads); every
SQLite failure becomes a one-line `StoreError` naming the file, and an answer that
cannot be saved is written to a recovery file instead of being lost.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from callback_sim.clock import now_utc
from callback_sim.core.errors import NotFoundError
from callback_sim.core.models import (
    Answer,
    Draft,
    Question,
    QuestionStat,
    Score,
    Session,
    SessionStatus,
    SessionSummary,
)
from callback_sim.store import migrations as mig
from callback_sim.store.db import (
    DatabaseCorruptError,
    DiskFullError,
    ReadOnlyError,
    SchemaTooNewError,
    StoreError,
    connect,
    damaged_error,
    owner_alive,
    process_marker,
    sanitize_text,
    translate_error,
    utc_now,
    without_surrogates,
)
from callback_sim.store.recovery import (
    belongs_to,
    clear_saved_recovery,
    mark_imported,
    read_recovery,
    recovery_dirs,
    score_from_record,
    score_to_record,
    submission_from_record,
    write_recovery,
)

if TYPE_CHECKING:
    import sqlite_utils

    # Only a type here: the round engine is not needed to open the store at start-up.
    from callback_sim.core.round import Submission

#: Free space `check_writable` insists on: a long answer plus its WAL pages.
PROBE_BYTES = 256 * 1024

STATUSES: tuple[str, ...] = ("in_progress", "completed", "interrupted")

#: The session columns of one history row (a `SessionSummary`); not `s.*`, whose planned
#: questions (kilobytes of JSON a round) a history page would read for nothing.
SESSION_SUMMARY_COLUMNS = (
    "s.id, s.started_at, s.ended_at, s.status, s.mode, s.company, s.planned_count"
)
#: The columns of one history row, over
#: `sessions s LEFT JOIN answers a ON a.session_id = s.id ... GROUP BY s.id`; the answer
#: columns are all in the `answers_session_totals` index, so the long rows are not read.
SUMMARY_COLUMNS = f"""
    {SESSION_SUMMARY_COLUMNS},
    count(a.id) AS answers,
    avg(CASE WHEN a.skipped = 0 THEN a.score END) AS score,
    coalesce(sum(a.seconds), 0) AS seconds
"""
#: The follow-up count of a history row, read from the partial index `answers_follow_ups`
#: (its WHERE, word for word, is what lets SQLite use it). It is counted per row shown,
#: so only `list_sessions`, which totals just the page it returns, adds it.
FOLLOW_UPS_COLUMN = """
    (SELECT count(*) FROM answers f WHERE f.session_id = s.id
     AND (CASE WHEN json_valid(question) THEN json_extract(question, '$.source.kind') END)
         = 'follow_up') AS follow_ups
"""


class SessionFilters(TypedDict, total=False):
    """What a list of sessions can be narrowed to; a filter left out or None is not applied.

    `until` may be a bare date (that whole day is included); `text` is searched in the
    company, the mode and every answer's text and question.
    """

    status: str | None
    company: str | None
    category: str | None
    since: str | None
    until: str | None
    text: str | None


#: Files up to this size get `PRAGMA quick_check` at every open (1–3 ms per MB measured);
#: larger ones when a round is about to write (`check_writable`) and in `doctor`.
QUICK_CHECK_AT_OPEN_BYTES = 16 * 1024 * 1024

#: The `app_state` key of this database's id (recovery files and backups name it).
DATABASE_ID_KEY = "database_id"


def _json(value: Any) -> str:
    """JSON for a TEXT column: readable in Datasette (not ASCII-escaped), always UTF-8 safe."""
    return without_surrogates(json.dumps(value, ensure_ascii=False, default=str))


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _until_bound(until: str) -> tuple[str, str]:
    """(operator, value) for an `until` filter: a bare date includes that whole day."""
    if len(until) == 10:
        try:
            day = date.fromisoformat(until)
        except ValueError:
            return "<=", until
        return "<", (day + timedelta(days=1)).isoformat()
    return "<=", until


def _draft_from_row(r: Mapping[str, Any]) -> Draft:
    return Draft(
        session_id=r["session_id"],
        position=r["position"],
        text=r["text"],
        think_seconds=r["think_seconds"],
        elapsed=r["elapsed"],
        saved_at=r["saved_at"],
    )


class Store:
    """The callback-sim database. Create with `Store.open(path)`; close when done."""

    def __init__(self, path: Path, conn: sqlite3.Connection, busy_timeout_ms: int) -> None:
        self.path = path
        #: The one connection; queries use it directly.
        self.conn = conn
        self._db: sqlite_utils.Database | None = None
        self.busy_timeout_ms = busy_timeout_ms
        self._lock = threading.RLock()
        self._marker = process_marker()
        #: Sessions found ownerless while the file could not be written: shown interrupted.
        self._presumed_dead: set[int] = set()
        self.read_only = False
        #: Opened with `mode=ro` (reading commands): nothing is ever written.
        self.opened_read_only = False
        #: The first finding of a failed quick_check; every write is refused while set.
        self.damage: str | None = None
        self._checked = False
        #: The file was 0 bytes when opened (it is set up as a new database).
        self.was_empty = False
        #: This database's id (a UUID kept in `app_state`), None until it has one.
        self.database_id: str | None = None

    # -- opening and closing --------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, *, busy_timeout_ms: int = 5000, read_only: bool = False) -> Store:
        """Open (creating if missing) and migrate; refuses a newer schema or a damaged file.

        A file that fails to open is never recreated, overwritten or migrated. A damaged
        one (quick_check) opens for reading only: every write raises DatabaseCorruptError.
        `read_only` opens an existing file with `mode=ro` for the reading commands.
        """
        path = Path(path)
        try:
            size: int | None = path.stat().st_size if path.is_file() else None
        except OSError:
            size = None
        conn = connect(path, busy_timeout_ms=busy_timeout_ms, read_only=read_only)
        try:
            store = cls(path, conn, busy_timeout_ms)
            store.was_empty = size == 0
            store.opened_read_only = store.read_only = read_only
            store._refuse_newer()
            if size is None or size <= QUICK_CHECK_AT_OPEN_BYTES:
                store.quick_check()
            store._prepare()
            store._reconcile_owners()
            store._load_database_id()
        except sqlite3.Error as exc:
            conn.close()
            raise translate_error(exc, path, "open") from None
        except BaseException:
            conn.close()
            raise
        return store

    @property
    def db(self) -> sqlite_utils.Database:
        """The connection wrapped for sqlite-utils (migrations, table helpers).

        Made on first use: importing sqlite-utils costs ~90 ms, which the TUI's first
        screen should not pay when it only reads.
        """
        if self._db is None:
            import sqlite_utils

            # Plugins are for the sqlite-utils CLI; skipping them keeps this fast.
            self._db = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._db

    def _refuse_newer(self) -> None:
        unknown = mig.unknown_keys(self.conn)
        if unknown:
            raise SchemaTooNewError(
                f"{self.path}: was written by a newer callback-sim (schema step {unknown[-1]}, "
                f"this version knows up to {mig.LATEST_VERSION}); upgrade callback-sim. "
                "The file was left untouched"
            )

    def _prepare(self) -> None:
        """WAL mode, then any pending migrations in one write transaction."""
        conn = self.conn
        if self.opened_read_only:
            return
        if self.damage is not None and mig.schema_version(conn) != mig.LATEST_VERSION:
            # Never migrate a damaged file: salvage or restore it first.
            raise damaged_error(self.path, self.damage)
        try:
            conn.execute("PRAGMA journal_mode = WAL").fetchone()
        except sqlite3.Error as exc:
            err = translate_error(exc, self.path, "open")
            if not isinstance(err, ReadOnlyError):
                raise err from None
            self.read_only = True
        if mig.schema_version(self.conn) == mig.LATEST_VERSION:
            return
        with self._write("upgrade"):
            # Checked again under the write lock: another process may have just migrated.
            self._refuse_newer()
            mig.migrate(self.db)

    def _load_database_id(self) -> None:
        """Read this database's id, giving it one (a UUID) on its first writable open."""
        if mig.schema_version(self.conn) < 6:
            return
        value = self.get_state(DATABASE_ID_KEY)
        if value is None and not (self.read_only or self.damage):
            import uuid

            value = uuid.uuid4().hex
            try:
                self.set_state(DATABASE_ID_KEY, value)
            except StoreError:
                value = None
        self.database_id = value if isinstance(value, str) else None

    def close(self) -> None:
        """Close the connection (SQLite checkpoints the WAL into the file)."""
        with self._lock, suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- transactions ---------------------------------------------------------------------

    @contextmanager
    def _write(self, action: str = "write to") -> Iterator[sqlite3.Connection]:
        """One write transaction: BEGIN IMMEDIATE waits up to the busy timeout for the lock."""
        if self.damage is not None:
            raise damaged_error(self.path, self.damage)
        if self.opened_read_only:
            raise ReadOnlyError(
                f"{self.path}: was opened read-only for reading; nothing was written"
            )
        with self._lock:
            conn = self.conn
            try:
                conn.execute("BEGIN IMMEDIATE")
                try:
                    yield conn
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise
            except sqlite3.Error as exc:
                raise translate_error(exc, self.path, action) from None

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                yield self.conn
            except sqlite3.Error as exc:
                raise translate_error(exc, self.path, "read") from None

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        with self._read() as conn:
            cursor = conn.execute(sql, list(params))
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    # -- health -----------------------------------------------------------------------------

    def needs_upgrade(self) -> bool:
        """Whether migrations are pending (a read-only open does not apply them)."""
        return self.schema_version() < mig.LATEST_VERSION

    def schema_version(self) -> int:
        with self._read():
            return mig.schema_version(self.conn)

    def quick_check(self) -> str | None:
        """SQLite's quick_check (structure, no index contents): None when sound.

        A finding is kept in `self.damage`, after which every write is refused.
        """
        with self._lock:
            try:
                rows = [r[0] for r in self.conn.execute("PRAGMA quick_check(5)").fetchall()]
            except sqlite3.DatabaseError as exc:
                rows = [str(exc)]
        self._checked = True
        found = next((r for r in rows if r != "ok"), None)
        if found is not None:
            self.damage = found
        return found

    def integrity_check(self) -> list[str]:
        """SQLite's integrity check: [] when the file is sound, else its findings."""
        with self._read() as conn:
            rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
            problems = [r for r in rows if r != "ok"]
            problems += [
                f"foreign key: {row[0]} row {row[1]} points to a missing {row[2]}"
                for row in conn.execute("PRAGMA foreign_key_check").fetchall()
            ]
        return problems

    def check_writable(self) -> None:
        """Raise StoreError now if a write would fail (read-only, disk full, locked).

        Called before a round starts, so the user hears about it before typing an answer.
        A damaged database (quick_check, run now if the file was too big to check at
        open) is refused with how to salvage or restore it.
        """
        if not self._checked:
            self.quick_check()
        if self.damage is not None:
            raise damaged_error(self.path, self.damage)
        if self.opened_read_only:
            raise ReadOnlyError(f"{self.path}: was opened read-only; nothing can be saved")
        directory = self.path.parent
        for target, what in ((self.path, "database file"), (directory, "data directory")):
            if not os.access(target, os.W_OK):
                raise ReadOnlyError(
                    f"{target}: the {what} is read-only; make it writable "
                    "(chmod u+w) or use --data-dir DIR"
                )
        probe = directory / f".write-probe-{os.getpid()}"
        try:
            fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                # Room for a long answer and its WAL pages: a nearly full disk fails here.
                # A short write is how a full disk first shows; the next one raises ENOSPC.
                block = memoryview(b"\0" * PROBE_BYTES)
                while block:
                    block = block[os.write(fd, block) :]
                os.fsync(fd)
            finally:
                os.close(fd)
        except OSError as exc:
            raise translate_error(exc, directory, "write to") from None
        finally:
            with suppress(OSError):
                probe.unlink(missing_ok=True)
        with self._write("write to"):
            pass
        self.read_only = False

    # -- sessions -----------------------------------------------------------------------

    # -- app state ------------------------------------------------------------------------

    def get_state(self, key: str) -> Any | None:
        """The JSON value kept under `key` in `app_state`, or None when there is none."""
        rows = self._rows("SELECT value FROM app_state WHERE key = ?", [key])
        return json.loads(rows[0]["value"]) if rows else None

    def set_state(self, key: str, value: Any) -> None:
        """Keep `value` (JSON-serialisable) under `key`, committed at once."""
        with self._write("write to") as conn:
            conn.execute(
                "INSERT INTO app_state (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, "
                "updated_at = excluded.updated_at",
                [key, _json(value), utc_now()],
            )

    def delete_state(self, key: str) -> None:
        """Forget the value under `key` (nothing happens when there is none)."""
        with self._write("write to") as conn:
            conn.execute("DELETE FROM app_state WHERE key = ?", [key])

    def create_session(
        self,
        *,
        mode: str,
        planned: Sequence[Question],
        company: str | None = None,
        settings: Mapping[str, Any] | None = None,
    ) -> Session:
        """A new in_progress session owned by this process, with its questions as planned."""
        started = utc_now()
        record = [q.to_record() for q in planned]
        with self._write("write to") as conn:
            cursor = conn.execute(
                "INSERT INTO sessions (started_at, status, mode, company, settings, pid, owner,"
                " planned, planned_count) VALUES (?, 'in_progress', ?, ?, ?, ?, ?, ?, ?)",
                [
                    started,
                    mode,
                    company,
                    _json(dict(settings or {})),
                    os.getpid(),
                    self._marker,
                    _json(record),
                    len(record),
                ],
            )
            session_id = int(cursor.lastrowid or 0)
        return Session(
            id=session_id,
            started_at=started,
            status="in_progress",
            mode=mode,
            company=company,
            settings=dict(settings or {}),
            pid=os.getpid(),
            planned=tuple(planned),
        )

    def resume_session(self, session_id: int) -> Session:
        """Take over an interrupted session so this process can answer the rest of it."""
        session = self.get_session(session_id)
        if session.status == "completed":
            raise StoreError(
                f"{self.path}: session {session_id} is already completed; "
                f"see `callback-sim report {session_id}`"
            )
        if session.status == "in_progress":
            raise StoreError(
                f"{self.path}: session {session_id} is still being answered by process "
                f"{session.pid}; finish it there (or close that terminal) first"
            )
        with self._write("write to") as conn:
            conn.execute(
                "UPDATE sessions SET status = 'in_progress', pid = ?, owner = ?, ended_at = NULL"
                " WHERE id = ?",
                [os.getpid(), self._marker, session_id],
            )
        self._presumed_dead.discard(session_id)
        return self.get_session(session_id)

    def finish_session(self, session_id: int, status: SessionStatus = "completed") -> None:
        """Close a session; a completed one loses its draft, an interrupted one keeps it."""
        if status not in STATUSES:
            raise ValueError(f"unknown session status {status!r}")
        with self._write("write to") as conn:
            cursor = conn.execute(
                "UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?",
                [status, utc_now(), session_id],
            )
            if cursor.rowcount == 0:
                raise NotFoundError(f"{self.path}: no session {session_id}")
            if status == "completed":
                conn.execute("DELETE FROM drafts WHERE session_id = ?", [session_id])

    def next_position(self, session_id: int) -> int:
        """The position of the first question after the last answered one (1-based)."""
        rows = self._rows(
            "SELECT coalesce(max(position), 0) AS last FROM answers WHERE session_id = ?",
            [session_id],
        )
        return int(rows[0]["last"]) + 1

    def insert_planned(self, session_id: int, position: int, question: Question) -> None:
        """Add `question` to the session's plan at `position` (1-based), moving later ones on.

        A follow-up decided during the round is planned like any question, so planned
        positions keep matching answer positions and a resumed round asks it.
        """
        with self._write("write to") as conn:
            row = conn.execute("SELECT planned FROM sessions WHERE id = ?", [session_id]).fetchone()
            if row is None:
                raise NotFoundError(f"{self.path}: no session {session_id}")
            planned = json.loads(row[0] or "[]")
            planned.insert(max(0, min(position - 1, len(planned))), question.to_record())
            conn.execute(
                "UPDATE sessions SET planned = ?, planned_count = ? WHERE id = ?",
                [_json(planned), len(planned), session_id],
            )

    # -- answers and drafts -----------------------------------------------------------------

    def save_answer(self, session_id: int, submission: Submission, score: Score | None) -> Answer:
        """Commit one answer at once (one transaction) and clear the session's draft.

        If it cannot be saved, the answer is written to a recovery file and the raised
        StoreError says where (`err.recovery_path`); `doctor --recover` imports it later.
        """
        try:
            answer = self._insert_answer(session_id, submission, score)
        except StoreError as err:
            self._keep_unsaved(err, session_id, submission, score)
            raise
        # A recovery file of this very answer (an earlier attempt hit a full disk) is
        # now obsolete: left behind, `doctor --recover` would fail on it forever.
        clear_saved_recovery(
            self._recovery_search(), self._identity(), session_id, submission.position, answer.text
        )
        return answer

    def _identity(self) -> tuple[Path, str | None]:
        return self.path, self.database_id

    def _recovery_search(self) -> list[Path]:
        from callback_sim.store.recovery import search_dirs

        return search_dirs(self.path.parent, self.database_id)

    def _insert_answer(
        self,
        session_id: int,
        submission: Submission,
        score: Score | None,
        scorer_version: int | None = None,
    ) -> Answer:
        q = submission.question
        if score is not None and scorer_version is None:
            scorer_version = self._scorer_version_now()
        elif score is None:
            scorer_version = None
        text = sanitize_text(submission.text)
        answered_at = utc_now()
        values: dict[str, Any] = {
            "session_id": session_id,
            "position": submission.position,
            "bank_id": q.bank_id,
            "question_id": q.id,
            "category": q.category,
            "persona": q.persona,
            "question": _json(q.to_record()),
            "text": text,
            "think_seconds": submission.think_seconds,
            "seconds": submission.seconds,
            "time_limit": submission.time_limit,
            "overtime": submission.overtime,
            "skipped": int(submission.skipped),
            "timed_out": int(submission.timed_out),
            "answered_at": answered_at,
        }
        if score is not None:
            rec = score_to_record(score)
            values.update(
                score=score.score,
                content_score=score.content_score,
                delivery_score=score.delivery_score,
                terms=_json(rec["terms"]),
                avoid=_json(rec["avoid"]),
                delivery=_json(rec["delivery"]),
                feedback=_json(rec["feedback"]),
                consistency=_json(rec["consistency"]),
                scorer_version=scorer_version,
            )
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        with self._write("save an answer to") as conn:
            exists = conn.execute("SELECT 1 FROM sessions WHERE id = ?", [session_id]).fetchone()
            if exists is None:
                raise NotFoundError(f"{self.path}: no session {session_id}")
            taken = conn.execute(
                "SELECT 1 FROM answers WHERE session_id = ? AND position = ?",
                [session_id, submission.position],
            ).fetchone()
            if taken is not None:
                raise StoreError(
                    f"{self.path}: session {session_id} already has an answer at position "
                    f"{submission.position}; see `callback-sim report {session_id}`"
                )
            cursor = conn.execute(
                f"INSERT INTO answers ({columns}) VALUES ({marks})", list(values.values())
            )
            answer_id = int(cursor.lastrowid or 0)
            conn.execute(
                "DELETE FROM drafts WHERE session_id = ? AND position <= ?",
                [session_id, submission.position],
            )
            # The owner answering again proves it is alive, whatever a check concluded.
            conn.execute(
                "UPDATE sessions SET status = 'in_progress', ended_at = NULL WHERE id = ? "
                "AND status = 'interrupted' AND pid = ? AND owner = ?",
                [session_id, os.getpid(), self._marker],
            )
        return Answer(
            session_id=session_id,
            position=submission.position,
            question=q,
            text=text,
            seconds=submission.seconds,
            think_seconds=submission.think_seconds,
            time_limit=submission.time_limit,
            overtime=submission.overtime,
            skipped=submission.skipped,
            score=score,
            answered_at=answered_at,
            id=answer_id,
            timed_out=submission.timed_out,
            scorer_version=scorer_version,
        )

    def _keep_unsaved(
        self, err: StoreError, session_id: int, submission: Submission, score: Score | None
    ) -> None:
        """Write the answer to a recovery file and extend the error to say where it went."""
        if isinstance(err, NotFoundError) or "already has an answer" in str(err):
            return
        try:
            kept = write_recovery(
                recovery_dirs(self.path.parent, self.database_id),
                database=self.path,
                database_id=self.database_id,
                scorer_version=self._scorer_version_now() if score is not None else None,
                session_id=session_id,
                submission=submission,
                score=score,
                reason=str(err),
            )
        except OSError:
            err.args = (
                f"{err}; the answer could not be written to a recovery file either: "
                "copy it from the screen",
            )
            return
        err.recovery_path = kept
        err.args = (
            f"{err}. The answer was kept in {kept}; "
            "once fixed, run `callback-sim doctor --recover`",
        )

    @staticmethod
    def _scorer_version_now() -> int:
        from callback_sim.core.scoring import SCORER_VERSION

        return SCORER_VERSION

    def save_draft(self, draft: Draft) -> None:
        """Upsert the one draft of a session (callers throttle this to every few seconds)."""
        with self._write("save a draft to") as conn:
            conn.execute(
                "INSERT INTO drafts (session_id, position, text, think_seconds, elapsed, saved_at)"
                " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " position = excluded.position, text = excluded.text,"
                " think_seconds = excluded.think_seconds, elapsed = excluded.elapsed,"
                " saved_at = excluded.saved_at",
                [
                    draft.session_id,
                    draft.position,
                    sanitize_text(draft.text),
                    draft.think_seconds,
                    draft.elapsed,
                    draft.saved_at or utc_now(),
                ],
            )

    def get_draft(self, session_id: int) -> Draft | None:
        rows = self._rows("SELECT * FROM drafts WHERE session_id = ?", [session_id])
        return _draft_from_row(rows[0]) if rows else None

    def all_drafts(self) -> dict[int, Draft]:
        """Every session's draft, by session id (for the export)."""
        return {r["session_id"]: _draft_from_row(r) for r in self._rows("SELECT * FROM drafts")}

    def recovery_belongs_here(self, data: Mapping[str, Any]) -> bool:
        """Whether a recovery record was written for this database (its id, else its path)."""
        return belongs_to(data, self.path, self.database_id)

    def import_recovery(self, path: Path) -> Answer:
        """Save the answer kept in a recovery file, then rename the file `*.imported`.

        Only a file written for this database is imported; one that names another
        database is left alone. An answer already saved with the same text counts as
        imported.
        """
        try:
            data = read_recovery(path)
            submission = submission_from_record(data["submission"])
            score = score_from_record(data["score"]) if data.get("score") else None
            session_id = int(data["session_id"])
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StoreError(
                f"{path}: cannot read this recovery file ({exc}); it was kept"
            ) from None
        if not self.recovery_belongs_here(data):
            raise StoreError(
                f"{path}: this answer belongs to the database {data.get('database')}, not "
                f"{self.path}; it was left alone: run `callback-sim --data-dir DIR doctor "
                "--recover` with that database's data directory"
            )
        existing = self._rows(
            "SELECT id FROM answers WHERE session_id = ? AND position = ? AND text = ?",
            [session_id, submission.position, sanitize_text(submission.text)],
        )
        if existing:
            mark_imported(path)
            return next(
                a for a in self.get_session(session_id).answers if a.position == submission.position
            )
        answer = self._insert_answer(
            session_id, submission, score, data.get("scorer_version") if score else None
        )
        mark_imported(path)
        return answer

    # -- reading sessions -------------------------------------------------------------------

    def _reconcile_owners(self) -> None:
        """Mark in_progress sessions whose process is gone as interrupted (resumable)."""
        rows = self._rows("SELECT id, pid, owner FROM sessions WHERE status = 'in_progress'")
        dead = [r["id"] for r in rows if not owner_alive(r["pid"], r["owner"])]
        if not dead:
            return
        if self.opened_read_only or self.damage is not None:
            self._presumed_dead.update(dead)
            return
        marks = ", ".join("?" for _ in dead)
        try:
            with self._lock:
                # A short wait only: history must not stall behind another writer.
                self.conn.execute("PRAGMA busy_timeout = 200")
                try:
                    with self._write("write to") as conn:
                        conn.execute(
                            f"UPDATE sessions SET status = 'interrupted' WHERE id IN ({marks})"
                            " AND status = 'in_progress'",
                            dead,
                        )
                finally:
                    self.conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            self._presumed_dead.difference_update(dead)
        except StoreError:
            self._presumed_dead.update(dead)

    def _status(self, session_id: int, status: str) -> SessionStatus:
        if status == "in_progress" and session_id in self._presumed_dead:
            return "interrupted"
        return status  # type: ignore[return-value]

    def _summary_from_row(self, r: Mapping[str, Any]) -> SessionSummary:
        """One history row, selected with `SUMMARY_COLUMNS` (and `FOLLOW_UPS_COLUMN`)."""
        return SessionSummary(
            id=r["id"],
            started_at=r["started_at"],
            ended_at=r["ended_at"],
            status=self._status(r["id"], r["status"]),
            mode=r["mode"],
            company=r["company"],
            answers=r["answers"],
            planned=r["planned_count"],
            score=round(r["score"], 1) if r["score"] is not None else None,
            seconds=round(float(r["seconds"]), 2),
            follow_ups=r.get("follow_ups", 0),
        )

    def _answer_from_row(self, r: Mapping[str, Any]) -> Answer:
        score = None
        if r["score"] is not None:
            score = score_from_record(
                {
                    "question_id": r["question_id"],
                    "score": r["score"],
                    "content_score": r["content_score"],
                    "delivery_score": r["delivery_score"],
                    "terms": json.loads(r["terms"] or "[]"),
                    "avoid": json.loads(r["avoid"] or "[]"),
                    "delivery": json.loads(r["delivery"] or "{}"),
                    "feedback": json.loads(r["feedback"] or "[]"),
                    "consistency": json.loads(r["consistency"] or "[]"),
                }
            )
        return Answer(
            session_id=r["session_id"],
            position=r["position"],
            question=Question.from_record(json.loads(r["question"])),
            text=r["text"],
            seconds=r["seconds"],
            think_seconds=r["think_seconds"],
            time_limit=r["time_limit"],
            overtime=r["overtime"],
            skipped=bool(r["skipped"]),
            score=score,
            answered_at=r["answered_at"],
            id=r["id"],
            timed_out=bool(r["timed_out"]),
            scorer_version=r.get("scorer_version"),
            rescored_at=r.get("rescored_at"),
        )

    def _session_from_row(self, r: Mapping[str, Any], answers: Sequence[Answer]) -> Session:
        return Session(
            id=r["id"],
            started_at=r["started_at"],
            status=self._status(r["id"], r["status"]),
            mode=r["mode"],
            ended_at=r["ended_at"],
            company=r["company"],
            settings=json.loads(r["settings"] or "{}"),
            pid=r["pid"],
            planned=tuple(Question.from_record(q) for q in json.loads(r["planned"] or "[]")),
            answers=tuple(answers),
        )

    def get_session(self, session_id: int) -> Session:
        """One session with its planned questions and answers; NotFoundError if unknown."""
        self._reconcile_owners()
        rows = self._rows("SELECT * FROM sessions WHERE id = ?", [session_id])
        if not rows:
            raise NotFoundError(
                f"{self.path}: no session {session_id}; `callback-sim history` lists them"
            )
        answers = [
            self._answer_from_row(r)
            for r in self._rows(
                "SELECT * FROM answers WHERE session_id = ? ORDER BY position", [session_id]
            )
        ]
        return self._session_from_row(rows[0], answers)

    def iter_sessions(self, *, batch: int = 500) -> Iterator[Session]:
        """Every session with its answers, oldest first, read in batches (for export)."""
        self._reconcile_owners()
        last_id = 0
        while True:
            sessions = self._rows(
                "SELECT * FROM sessions WHERE id > ? ORDER BY id LIMIT ?", [last_id, batch]
            )
            if not sessions:
                return
            first, last_id = sessions[0]["id"], sessions[-1]["id"]
            by_session: dict[int, list[Answer]] = {}
            for r in self._rows(
                "SELECT * FROM answers WHERE session_id BETWEEN ? AND ? "
                "ORDER BY session_id, position",
                [first, last_id],
            ):
                by_session.setdefault(r["session_id"], []).append(self._answer_from_row(r))
            for s in sessions:
                yield self._session_from_row(s, by_session.get(s["id"], []))

    def _where(self, **filters: Unpack[SessionFilters]) -> tuple[str, list[Any]]:
        """The WHERE clause (over `sessions s`) and its parameters for `filters`."""
        unknown = filters.keys() - SessionFilters.__optional_keys__
        if unknown:
            raise TypeError(f"unknown session filter {sorted(unknown)[0]!r}")
        status = filters.get("status")
        company = filters.get("company")
        category = filters.get("category")
        since = filters.get("since")
        until = filters.get("until")
        text = filters.get("text")
        clauses: list[str] = []
        params: list[Any] = []
        if status is not None:
            if status not in STATUSES:
                raise StoreError(f"unknown status {status!r}: use one of {', '.join(STATUSES)}")
            clauses.append("s.status = ?")
            params.append(status)
        if company is not None:
            clauses.append("s.company = ? COLLATE NOCASE")
            params.append(company)
        if category is not None:
            clauses.append(
                "EXISTS (SELECT 1 FROM answers c WHERE c.session_id = s.id AND c.category = ?)"
            )
            params.append(category)
        if since is not None:
            clauses.append("s.started_at >= ?")
            params.append(since)
        if until is not None:
            op, value = _until_bound(until)
            clauses.append(f"s.started_at {op} ?")
            params.append(value)
        if text:
            pattern = _like(text)
            clauses.append(
                "(s.company LIKE ? ESCAPE '\\' OR s.mode LIKE ? ESCAPE '\\' OR EXISTS ("
                "SELECT 1 FROM answers t WHERE t.session_id = s.id AND "
                "(t.text LIKE ? ESCAPE '\\' OR t.question LIKE ? ESCAPE '\\')))"
            )
            params += [pattern] * 4
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return where, params

    def list_sessions(
        self, *, limit: int = 50, offset: int = 0, **filters: Unpack[SessionFilters]
    ) -> list[SessionSummary]:
        """Sessions newest first, with answer counts and mean scores, cheap for thousands."""
        self._reconcile_owners()
        where, params = self._where(**filters)
        rows = self._rows(
            f"""
            SELECT {SUMMARY_COLUMNS}, {FOLLOW_UPS_COLUMN}
            FROM (SELECT {SESSION_SUMMARY_COLUMNS} FROM sessions s {where}
                  ORDER BY s.started_at DESC, s.id DESC LIMIT ? OFFSET ?) s
            LEFT JOIN answers a ON a.session_id = s.id
            GROUP BY s.id
            ORDER BY s.started_at DESC, s.id DESC
            """,
            [*params, int(limit), int(offset)],
        )
        return [self._summary_from_row(r) for r in rows]

    def count_sessions(self, **filters: Unpack[SessionFilters]) -> int:
        """How many sessions match `filters`."""
        where, params = self._where(**filters)
        rows = self._rows(f"SELECT count(*) AS n FROM sessions s {where}", params)
        return int(rows[0]["n"])

    def resumable_sessions(self) -> list[SessionSummary]:
        """Interrupted sessions (owners gone), newest first: what can be resumed."""
        found = self.list_sessions(limit=1000, status="interrupted") + [
            s
            for s in self.list_sessions(limit=1000, status="in_progress")
            if s.id in self._presumed_dead
        ]
        return sorted(found, key=lambda s: (s.started_at, s.id), reverse=True)

    # -- statistics -------------------------------------------------------------------------

    def question_stats(self) -> dict[tuple[str, str], QuestionStat]:
        """Per (bank_id, question_id): attempts (skips included) and scores of real answers.

        `last_score` is the latest answer's score (None when it was skipped unscored).
        """
        rows = self._rows(
            """
            SELECT a.bank_id, a.question_id, count(*) AS attempts,
                   avg(CASE WHEN a.skipped = 0 THEN a.score END) AS mean_score,
                   max(CASE WHEN a.skipped = 0 THEN a.score END) AS best_score,
                   max(a.answered_at) AS last_answered_at,
                   (SELECT l.score FROM answers l
                    WHERE l.bank_id = a.bank_id AND l.question_id = a.question_id
                    ORDER BY l.answered_at DESC, l.id DESC LIMIT 1) AS last_score
            FROM answers a
            GROUP BY a.bank_id, a.question_id
            """
        )
        return {
            (r["bank_id"], r["question_id"]): QuestionStat(
                question_id=r["question_id"],
                bank_id=r["bank_id"],
                attempts=r["attempts"],
                last_score=r["last_score"],
                mean_score=round(r["mean_score"], 1) if r["mean_score"] is not None else None,
                best_score=r["best_score"],
                last_answered_at=r["last_answered_at"],
            )
            for r in rows
        }

    def answers_for_question(self, bank_id: str, question_id: str) -> list[Answer]:
        """Every answer to one question, oldest first (the per-question progress view)."""
        return [
            self._answer_from_row(r)
            for r in self._rows(
                "SELECT * FROM answers WHERE bank_id = ? AND question_id = ? "
                "ORDER BY answered_at, id",
                [bank_id, question_id],
            )
        ]

    def category_trend(self) -> list[tuple[str, str, float]]:
        """(day, category, mean score) of scored, unskipped answers, oldest day first."""
        rows = self._rows(
            """
            SELECT substr(answered_at, 1, 10) AS day, category, avg(score) AS mean
            FROM answers
            WHERE score IS NOT NULL AND skipped = 0
            GROUP BY day, category
            ORDER BY day, category
            """
        )
        return [(r["day"], r["category"], round(r["mean"], 1)) for r in rows]

    # -- copies -----------------------------------------------------------------------------

    def backup(self, dest_dir: Path, *, keep_last: int = 10) -> Path:
        """A consistent copy through SQLite's backup API, named by UTC time; thins old ones.

        Keeps the newest `keep_last` backups plus the newest of every month; the backup
        just made is never removed.
        """
        from callback_sim.store.backups import backup_name, thin_backups

        try:
            dest_dir.mkdir(parents=True, mode=0o700, exist_ok=True)
            target = backup_name(dest_dir, self.path.stem, now_utc())
            partial = target.with_name(f".{target.name}.partial")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.close(fd)
        except OSError as exc:
            raise translate_error(exc, dest_dir, "write a backup to") from None
        found: list[str] = []
        try:
            dest = sqlite3.connect(str(partial))
            try:
                with self._read() as conn:
                    conn.backup(dest)
                # A copy counts only once it checks out: a damaged source must never
                # push a good backup out of the rotation.
                found = [r[0] for r in dest.execute("PRAGMA integrity_check(5)").fetchall()]
            finally:
                dest.close()
            if found == ["ok"]:
                os.replace(partial, target)
        except (OSError, sqlite3.Error, StoreError) as exc:
            partial.unlink(missing_ok=True)
            err = translate_error(exc, target, "write")
            if isinstance(err, DatabaseCorruptError):
                raise self._backup_refused(dest_dir, getattr(err, "finding", str(exc))) from None
            if isinstance(exc, StoreError):
                raise
            if isinstance(err, DiskFullError):
                raise DiskFullError(
                    f"{target}: the disk is full; free space and back up again"
                ) from None
            raise err from None
        if found != ["ok"]:
            partial.unlink(missing_ok=True)
            raise self._backup_refused(dest_dir, found[0] if found else "no result")
        thin_backups(dest_dir, self.path.stem, keep_last=keep_last, keep=target)
        return target

    def _backup_refused(self, dest_dir: Path, finding: str) -> DatabaseCorruptError:
        from callback_sim.store.backups import list_backups

        kept = len(list_backups(dest_dir, self.path.stem))
        if kept == 0:
            earlier = f"there are no earlier backups in {dest_dir}"
        else:
            earlier = f"the {kept} earlier backup{'' if kept == 1 else 's'} in {dest_dir} "
            earlier += "was kept" if kept == 1 else "were all kept"
        return DatabaseCorruptError(
            f"{self.path}: the database is damaged ({finding}); no backup was made and "
            f"{earlier}: run `callback-sim doctor`",
            finding=finding,
        )

    # -- rescoring --------------------------------------------------------------------------

    def rescore(
        self,
        scorer: Callable[[Answer], Score],
        version: int,
        *,
        session_id: int | None = None,
    ) -> tuple[int, int]:
        """Recompute stored scores with `scorer` (answer text and timing untouched).

        Every unskipped answer (of one session, or all) gets the new score, `version` and
        `rescored_at`; one transaction per session. Returns (answers rescored, changed).
        """
        if session_id is not None:
            sessions: Iterable[Session] = [self.get_session(session_id)]
        else:
            sessions = self.iter_sessions()
        done = changed = 0
        when = utc_now()
        for session in list(sessions):
            updates: list[list[Any]] = []
            for answer in session.answers:
                if answer.skipped:
                    continue
                new = scorer(answer)
                rec = score_to_record(new)
                if answer.score is None or answer.score.score != new.score:
                    changed += 1
                updates.append(
                    [
                        new.score,
                        new.content_score,
                        new.delivery_score,
                        _json(rec["terms"]),
                        _json(rec["avoid"]),
                        _json(rec["delivery"]),
                        _json(rec["feedback"]),
                        _json(rec["consistency"]),
                        version,
                        when,
                        answer.id,
                    ]
                )
            if not updates:
                continue
            with self._write("rescore answers in") as conn:
                conn.executemany(
                    "UPDATE answers SET score = ?, content_score = ?, delivery_score = ?, "
                    "terms = ?, avoid = ?, delivery = ?, feedback = ?, consistency = ?, "
                    "scorer_version = ?, rescored_at = ? WHERE id = ?",
                    updates,
                )
            done += len(updates)
        return done, changed
