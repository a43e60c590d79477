"""The complete JSON export, and rebuilding a database from one (`import-export`).

The export is one object: every session with its planned questions, answers (the
question and rubric as asked, timings, timed-out flags, scores with evidence spans, the
scorer version) and draft, plus every other table's rows (debriefs, kits, suspensions,
app state). Rebuilding inserts exactly those rows, so an export of the rebuilt database
equals the original one. Docs: docs/data.md, "Export and rebuild".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING, Any

from callback_sim.core.models import Draft, Question, Session
from callback_sim.store.db import StoreError, utc_now
from callback_sim.store.migrations import ROW_TABLES
from callback_sim.store.report import session_json

if TYPE_CHECKING:
    from pathlib import Path

    from callback_sim.store.sessions import Store

EXPORT_FORMAT = "callback-sim export"
#: 2: complete (planned questions, drafts, timed-out flags, spans, every other table).
EXPORT_VERSION = 2


#: app_state keys that belong to one database file, not to its data.
_FILE_KEYS = {"database_id"}


def _draft_json(draft: Draft | None) -> dict[str, Any] | None:
    if draft is None:
        return None
    return {
        "position": draft.position,
        "text": draft.text,
        "think_seconds": draft.think_seconds,
        "elapsed": draft.elapsed,
        "saved_at": draft.saved_at,
    }


def export_session(session: Session, draft: Draft | None) -> dict[str, Any]:
    """`report --format json`'s session plus what a rebuild needs."""
    out = session_json(session)
    out["planned_questions"] = [q.to_record() for q in session.planned]
    out["draft"] = _draft_json(draft)
    return out


def _table_rows(store: Store, table: str) -> list[dict[str, Any]]:
    exists = store._rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [table])
    if not exists:
        return []
    return store._rows(f'SELECT * FROM "{table}" ORDER BY rowid')


def write_json_export(store: Store, out: IO[str]) -> int:
    """Write the whole database as one JSON object to `out`; returns the sessions written."""
    from callback_sim import __version__

    drafts = store.all_drafts()
    out.write(f'{{"format": {json.dumps(EXPORT_FORMAT)}, ')
    out.write(f'"version": {json.dumps(__version__)}, ')
    out.write(f'"export_version": {EXPORT_VERSION}, ')
    out.write(f'"schema_version": {store.schema_version()}, ')
    out.write(f'"exported_at": {json.dumps(utc_now())}, "sessions": [')
    n = 0
    for n, session in enumerate(store.iter_sessions(), start=1):
        out.write(",\n" if n > 1 else "\n")
        out.write(json.dumps(export_session(session, drafts.get(session.id)), ensure_ascii=False))
    tables = {t: _table_rows(store, t) for t in ROW_TABLES}
    tables["app_state"] = [r for r in tables["app_state"] if r["key"] not in _FILE_KEYS]
    out.write('\n], "tables": ')
    out.write(json.dumps(tables, ensure_ascii=False))
    out.write("}\n")
    return n


def read_export(path: Path) -> dict[str, Any]:
    """The export object in `path`; StoreError naming the file when it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StoreError(f"{path}: cannot read this export ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError(f"{path}: is not a callback-sim JSON export (`export --format json`)")
    if data.get("export_version") != EXPORT_VERSION:
        raise StoreError(
            f"{path}: is an older, incomplete export (before export_version "
            f"{EXPORT_VERSION}); it cannot rebuild a database. Export again with this version"
        )
    return data


def _answer_row(session_id: int, a: dict[str, Any]) -> dict[str, Any]:
    q = Question.from_record(a["question"])
    scored = a.get("score") is not None

    def js(value: Any) -> str | None:
        return json.dumps(value, ensure_ascii=False) if scored else None

    return {
        "session_id": session_id,
        "position": a["position"],
        "bank_id": q.bank_id,
        "question_id": q.id,
        "category": q.category,
        "persona": q.persona,
        "question": json.dumps(q.to_record(), ensure_ascii=False),
        "text": a["answer"],
        "think_seconds": a.get("think_seconds"),
        "seconds": a["seconds"],
        "time_limit": a["time_limit"],
        "overtime": a.get("overtime", 0.0),
        "skipped": int(bool(a.get("skipped"))),
        "timed_out": int(bool(a.get("timed_out"))),
        "score": a.get("score"),
        "content_score": a.get("content_score"),
        "delivery_score": a.get("delivery_score"),
        "terms": js(a.get("terms", [])),
        "avoid": js(a.get("avoid", [])),
        "delivery": js(a.get("delivery")),
        "feedback": js(a.get("feedback", [])),
        "consistency": js(a.get("consistency", [])),
        "answered_at": a["answered_at"],
        "scorer_version": a.get("scorer_version"),
        "rescored_at": a.get("rescored_at"),
    }


def _insert(conn: Any, table: str, row: dict[str, Any], columns: set[str]) -> None:
    values = {k: v for k, v in row.items() if k in columns}
    names = ", ".join(f'"{k}"' for k in values)
    marks = ", ".join("?" for _ in values)
    conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(values.values()))


def _sessions_rows(data: dict[str, Any]) -> Iterator[tuple[dict[str, Any], list[Any], Any]]:
    for s in data.get("sessions", []):
        status = s["status"] if s["status"] != "in_progress" else "interrupted"
        planned = s.get("planned_questions", [])
        row = {
            "id": s["id"],
            "started_at": s["started_at"],
            "ended_at": s.get("ended_at"),
            "status": status,
            "mode": s["mode"],
            "company": s.get("company"),
            "settings": json.dumps(s.get("settings") or {}, ensure_ascii=False),
            "planned": json.dumps(planned, ensure_ascii=False),
            "planned_count": len(planned),
        }
        yield row, s.get("answers", []), s.get("draft")


def import_export(store: Store, data: dict[str, Any]) -> dict[str, int]:
    """Rebuild `store` (which must hold no sessions) from an export; rows per table.

    Everything goes in one transaction: a bad export leaves the database as it was.
    """
    if store.count_sessions():
        raise StoreError(
            f"{store.path}: already holds sessions; rebuild into a new data directory "
            "(`callback-sim --data-dir NEW import-export FILE`) or move this database aside"
        )
    columns = {
        t: {c["name"] for c in store._rows(f'PRAGMA table_info("{t}")')}
        for t in ("sessions", "answers", "drafts", *ROW_TABLES)
    }
    counts = {"sessions": 0, "answers": 0, "drafts": 0}
    try:
        with store._write("rebuild") as conn:
            for row, answers, draft in _sessions_rows(data):
                _insert(conn, "sessions", row, columns["sessions"])
                counts["sessions"] += 1
                for a in answers:
                    _insert(conn, "answers", _answer_row(row["id"], a), columns["answers"])
                    counts["answers"] += 1
                if draft:
                    _insert(conn, "drafts", {"session_id": row["id"], **draft}, columns["drafts"])
                    counts["drafts"] += 1
            tables = data.get("tables", {})
            for table in ROW_TABLES:
                for r in tables.get(table, []):
                    if table == "app_state" and r.get("key") in _FILE_KEYS:
                        continue
                    if table == "app_state":
                        conn.execute("DELETE FROM app_state WHERE key = ?", [r["key"]])
                    _insert(conn, table, r, columns[table])
                    counts[table] = counts.get(table, 0) + 1
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(
            f"{store.path}: the export is incomplete ({type(exc).__name__}: {exc}); nothing "
            "was imported"
        ) from None
    return counts
