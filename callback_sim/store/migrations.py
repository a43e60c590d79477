"""The database schema, as an ordered list of migrations. Append new ones; never edit old ones.

Each entry is `Migration(version, name, function)`; the function gets the
`sqlite_utils.Database` and changes the schema (and data) for that version. They are
applied in order by sqlite-utils' `Migrations` helper, which records each one in the
`_sqlite_migrations` table (migration set "callback-sim", name "0001_initial" ...), all
inside one `BEGIN IMMEDIATE` transaction held by `Store.open`: a failure leaves the file
exactly as it was, and two processes starting at once cannot both migrate.

To add tables (debriefs, prep kits, question suspension): write a function below, append
`Migration(N + 1, "short_name", function)` to MIGRATIONS, and document the tables in
docs/data.md. A database with a migration this list does not know was written by a newer
callback-sim and is refused untouched.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import sqlite_utils
    from sqlite_utils.migrations import Migrations

MIGRATION_SET = "callback-sim"
MIGRATIONS_TABLE = "_sqlite_migrations"


@dataclass(frozen=True)
class Migration:
    """One schema step: `version` is its 1-based place in MIGRATIONS."""

    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]

    @property
    def key(self) -> str:
        """The name recorded in `_sqlite_migrations` ("0001_initial")."""
        return f"{self.version:04d}_{self.name}"


def _initial(db: sqlite_utils.Database) -> None:
    """Sessions, their answers (question and rubric as asked), and the draft being typed."""
    db.execute(
        """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            ended_at TEXT,
            status TEXT NOT NULL DEFAULT 'in_progress'
                CHECK (status IN ('in_progress', 'completed', 'interrupted')),
            mode TEXT NOT NULL,
            company TEXT,
            settings TEXT NOT NULL DEFAULT '{}',
            pid INTEGER,
            owner TEXT,
            planned TEXT NOT NULL DEFAULT '[]',
            planned_count INTEGER NOT NULL DEFAULT 0
        )
        """
    )
    db.execute(
        """
        CREATE TABLE answers (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            category TEXT NOT NULL,
            persona TEXT,
            question TEXT NOT NULL,
            text TEXT NOT NULL,
            think_seconds REAL,
            seconds REAL NOT NULL,
            time_limit INTEGER NOT NULL,
            overtime REAL NOT NULL DEFAULT 0,
            skipped INTEGER NOT NULL DEFAULT 0,
            timed_out INTEGER NOT NULL DEFAULT 0,
            score REAL,
            content_score REAL,
            delivery_score REAL,
            terms TEXT,
            avoid TEXT,
            delivery TEXT,
            feedback TEXT,
            consistency TEXT,
            answered_at TEXT NOT NULL,
            UNIQUE (session_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE drafts (
            session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            think_seconds REAL,
            elapsed REAL NOT NULL DEFAULT 0,
            saved_at TEXT NOT NULL
        )
        """
    )


def _lookup_indexes(db: sqlite_utils.Database) -> None:
    """An index for every lookup the app makes (history, stats, trends, resumable rounds).

    Measured: the latest-50 history took 2.2 s on 100,000 answers without the
    answers-by-session index, 0.3 ms with it.
    """
    statements = [
        # history, newest first (the rowid breaks ties within a second)
        "CREATE INDEX IF NOT EXISTS sessions_started ON sessions (started_at)",
        # resumable rounds and dead-owner checks look only at in_progress/interrupted
        "CREATE INDEX IF NOT EXISTS sessions_status ON sessions (status)",
        "CREATE INDEX IF NOT EXISTS sessions_company ON sessions (company)",
        # per-question stats and answers_for_question; score and skipped make it covering,
        # so stats never read the wide answer rows (100,000 answers: 162 ms -> 24 ms;
        # the trend 131 ms -> 45 ms; figures from benchmarks/bench_history.py)
        "CREATE INDEX IF NOT EXISTS answers_question "
        "ON answers (bank_id, question_id, answered_at, score, skipped)",
        # per-category trend and the category filter of history (covering, likewise)
        "CREATE INDEX IF NOT EXISTS answers_category "
        "ON answers (category, answered_at, score, skipped)",
    ]
    for sql in statements:
        db.execute(sql)


def _kit_tables(db: sqlite_utils.Database) -> None:
    """Prep kits (core.kit): per company a start plan, references and questions to ask.

    Keyed by `kit_companies.key`, the company name casefolded with spaces collapsed, so
    "Acme Health" and "acme  health" are one kit. Lists are JSON arrays of strings.
    """
    db.execute(
        """
        CREATE TABLE kit_companies (
            key TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            next_round TEXT,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE kit_plans (
            company_key TEXT PRIMARY KEY REFERENCES kit_companies(key) ON DELETE CASCADE,
            day30 TEXT NOT NULL DEFAULT '[]',
            day60 TEXT NOT NULL DEFAULT '[]',
            day90 TEXT NOT NULL DEFAULT '[]',
            people TEXT NOT NULL DEFAULT '[]',
            skills TEXT NOT NULL DEFAULT '[]',
            information_needed TEXT NOT NULL DEFAULT '[]',
            notice_period TEXT NOT NULL DEFAULT '',
            handover TEXT NOT NULL DEFAULT '[]',
            earliest_start TEXT NOT NULL DEFAULT ''
        )
        """
    )
    db.execute(
        """
        CREATE TABLE kit_references (
            id INTEGER PRIMARY KEY,
            company_key TEXT NOT NULL REFERENCES kit_companies(key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            relationship TEXT NOT NULL DEFAULT '',
            company TEXT NOT NULL DEFAULT '',
            contact TEXT NOT NULL DEFAULT '',
            highlights TEXT NOT NULL DEFAULT '[]',
            projects TEXT NOT NULL DEFAULT '[]',
            briefed_on TEXT,
            jd_sent INTEGER NOT NULL DEFAULT 0,
            UNIQUE (company_key, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE kit_questions (
            id INTEGER PRIMARY KEY,
            company_key TEXT NOT NULL REFERENCES kit_companies(key) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            text TEXT NOT NULL,
            UNIQUE (company_key, position)
        )
        """
    )


def _debrief_tables(db: sqlite_utils.Database) -> None:
    """Round-one debriefs as normalised rows: company, rounds, people, exchanges, topics."""
    db.execute(
        """
        CREATE TABLE debrief_companies (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL DEFAULT '',
            source_path TEXT,
            imported_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        """
        CREATE TABLE debrief_rounds (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES debrief_companies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            date TEXT,
            kind TEXT NOT NULL DEFAULT '',
            UNIQUE (company_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE debrief_people (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES debrief_rounds(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            title TEXT NOT NULL DEFAULT '',
            department TEXT NOT NULL DEFAULT '',
            UNIQUE (round_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE debrief_exchanges (
            id INTEGER PRIMARY KEY,
            round_id INTEGER NOT NULL REFERENCES debrief_rounds(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            exchange_index INTEGER NOT NULL,
            question TEXT NOT NULL,
            answer TEXT NOT NULL,
            reaction TEXT NOT NULL DEFAULT 'neutral'
                CHECK (reaction IN ('resonated', 'neutral', 'hesitated')),
            asked_by TEXT,
            notes TEXT,
            UNIQUE (round_id, position)
        )
        """
    )
    db.execute(
        """
        CREATE TABLE debrief_topics (
            id INTEGER PRIMARY KEY,
            company_id INTEGER NOT NULL REFERENCES debrief_companies(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            topic TEXT NOT NULL,
            UNIQUE (company_id, position)
        )
        """
    )


def _question_suspensions(db: sqlite_utils.Database) -> None:
    """Questions the user set aside: left out of planned and weak rounds until reinstated."""
    db.execute(
        """
        CREATE TABLE question_suspensions (
            bank_id TEXT NOT NULL,
            question_id TEXT NOT NULL,
            suspended_at TEXT NOT NULL,
            PRIMARY KEY (bank_id, question_id)
        )
        """
    )


def _app_state(db: sqlite_utils.Database) -> None:
    """Small named values the app keeps between runs (database id, next-loop seeds, form drafts)."""
    db.execute(
        """
        CREATE TABLE app_state (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )


def _scorer_version(db: sqlite_utils.Database) -> None:
    """Which scorer produced each stored score, and when an answer was last rescored.

    Every score stored before this step came from scorer version 1.
    """
    db.execute("ALTER TABLE answers ADD COLUMN scorer_version INTEGER")
    db.execute("ALTER TABLE answers ADD COLUMN rescored_at TEXT")
    db.execute("UPDATE answers SET scorer_version = 1 WHERE score IS NOT NULL")


def _history_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that give each history row its totals without reading the long answer rows.

    A history page joins every answer of its rounds for the count, mean score, time and
    follow-ups; those read each answer's row (text, question, rubric: ~3 KB). Measured on
    10,000 rounds x 10 answers (benchmarks/bench_history_screen.py): the first page of 100
    rows 9 ms -> 1.5 ms; history sorted by score, which totals every round, ~2x faster.
    """
    statements = [
        # count, mean score (skips left out) and time per round; the rowid is the answer id
        "CREATE INDEX IF NOT EXISTS answers_session_totals "
        "ON answers (session_id, skipped, score, seconds)",
        # follow-up answers only, so counting a round's follow-ups reads a handful of entries;
        # json_valid keeps a damaged question (salvage) from failing an insert
        "CREATE INDEX IF NOT EXISTS answers_follow_ups ON answers (session_id) "
        "WHERE (CASE WHEN json_valid(question) "
        "THEN json_extract(question, '$.source.kind') END) = 'follow_up'",
    ]
    for sql in statements:
        db.execute(sql)


#: Every schema step, in order. Append only.
MIGRATIONS: list[Migration] = [
    Migration(1, "initial", _initial),
    Migration(2, "lookup_indexes", _lookup_indexes),
    Migration(3, "kit_tables", _kit_tables),
    Migration(4, "debrief_tables", _debrief_tables),
    Migration(5, "question_suspensions", _question_suspensions),
    Migration(6, "app_state", _app_state),
    Migration(7, "scorer_version", _scorer_version),
    Migration(8, "history_indexes", _history_indexes),
]

LATEST_VERSION = MIGRATIONS[-1].version

#: Every table besides sessions, answers and drafts, parents first: exported row by row
#: (store/exchange.py) and copied by salvage (store/repair.py). A new table goes here too.
ROW_TABLES: tuple[str, ...] = (
    "kit_companies",
    "kit_plans",
    "kit_references",
    "kit_questions",
    "debrief_companies",
    "debrief_rounds",
    "debrief_people",
    "debrief_exchanges",
    "debrief_topics",
    "question_suspensions",
    "app_state",
)


def _check_list() -> None:
    for place, migration in enumerate(MIGRATIONS, start=1):
        if migration.version != place:
            raise RuntimeError(f"migration {migration.key} is out of order (expected {place})")


_check_list()


def applied_keys(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in this database, in the order applied."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if not exists:
        return []
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    ).fetchall()
    return [row[0] for row in rows]


def schema_version(conn: sqlite3.Connection) -> int:
    """The highest known migration applied (0 for a new file)."""
    done = set(applied_keys(conn))
    return max((m.version for m in MIGRATIONS if m.key in done), default=0)


def unknown_keys(conn: sqlite3.Connection) -> list[str]:
    """Migrations recorded here that this version does not know: the file is from a newer one."""
    known = {m.key for m in MIGRATIONS}
    return [key for key in applied_keys(conn) if key not in known]


def build_migrations() -> Migrations:
    """The sqlite-utils `Migrations` set holding MIGRATIONS in order."""
    from sqlite_utils.migrations import Migrations

    migrations = Migrations(MIGRATION_SET)
    for migration in MIGRATIONS:
        migrations(name=migration.key)(migration.apply)
    return migrations


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations; the caller holds the write transaction. Returns those applied."""
    migrations = build_migrations()
    pending = [m.name for m in migrations.pending(db)]
    if pending:
        migrations.apply(db)
    return pending
