"""Prep kits in the database: save, load, list and delete a company's kit (docs/data.md).

Functions take the `Store` so the kit tables share its connection, lock and one-line error
translation. A save replaces the company's whole kit in one transaction; merging a partial
re-import is `core.kit.merge_kit`'s job, before the save.
"""

from __future__ import annotations

import json
import sqlite3
from typing import TYPE_CHECKING, Any

from callback_sim.core.kit import Kit, company_key
from callback_sim.store.db import sanitize_text, utc_now

if TYPE_CHECKING:
    from callback_sim.store.sessions import Store

_PLAN_LISTS = ("day30", "day60", "day90", "people", "skills", "information_needed")


def _clean(text: str) -> str:
    return sanitize_text(text)


def _list(items: tuple[str, ...]) -> str:
    return json.dumps([_clean(i) for i in items], ensure_ascii=False)


def _delete(conn: sqlite3.Connection, key: str) -> bool:
    """Delete one kit's rows; children explicitly, not trusting ON DELETE CASCADE alone."""
    for table in ("kit_questions", "kit_references", "kit_plans"):
        conn.execute(f"DELETE FROM {table} WHERE company_key = ?", [key])
    return conn.execute("DELETE FROM kit_companies WHERE key = ?", [key]).rowcount > 0


def save_kit(store: Store, kit: Kit) -> Kit:
    """Store `kit` as the company's kit (replacing any earlier one); returns it with updated_at."""
    key = company_key(kit.company)
    now = utc_now()
    plan, t = kit.plan, kit.plan.transition
    with store._write("save the prep kit to") as conn:
        _delete(conn, key)
        conn.execute(
            "INSERT INTO kit_companies (key, name, role, next_round, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            [
                key,
                _clean(kit.company),
                _clean(kit.role),
                kit.next_round.isoformat() if kit.next_round else None,
                now,
            ],
        )
        conn.execute(
            "INSERT INTO kit_plans (company_key, day30, day60, day90, people, skills, "
            "information_needed, notice_period, handover, earliest_start) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                key,
                *(_list(getattr(plan, name)) for name in _PLAN_LISTS),
                _clean(t.notice_period),
                _list(t.handover),
                _clean(t.earliest_start),
            ],
        )
        conn.executemany(
            "INSERT INTO kit_references (company_key, position, name, relationship, company, "
            "contact, highlights, projects, briefed_on, jd_sent) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    key,
                    position,
                    _clean(r.name),
                    _clean(r.relationship),
                    _clean(r.company),
                    _clean(r.contact),
                    _list(r.highlights),
                    _list(r.projects),
                    r.briefed_on.isoformat() if r.briefed_on else None,
                    int(r.jd_sent),
                ]
                for position, r in enumerate(kit.references, start=1)
            ],
        )
        conn.executemany(
            "INSERT INTO kit_questions (company_key, position, text) VALUES (?, ?, ?)",
            [[key, position, _clean(q)] for position, q in enumerate(kit.questions, start=1)],
        )
    loaded = get_kit(store, kit.company)
    assert loaded is not None  # just written in the transaction above
    return loaded


def get_kit(store: Store, company: str) -> Kit | None:
    """The company's kit (name matched case-insensitively), or None when it has none."""
    key = company_key(company)
    heads = store._rows("SELECT * FROM kit_companies WHERE key = ?", [key])
    if not heads:
        return None
    head = heads[0]
    plans = store._rows("SELECT * FROM kit_plans WHERE company_key = ?", [key])
    plan: dict[str, Any] = plans[0] if plans else {}
    refs = store._rows(
        "SELECT * FROM kit_references WHERE company_key = ? ORDER BY position", [key]
    )
    questions = store._rows(
        "SELECT text FROM kit_questions WHERE company_key = ? ORDER BY position", [key]
    )
    record = {
        "company": head["name"],
        "role": head["role"],
        "next_round": head["next_round"],
        "plan": {name: json.loads(plan.get(name) or "[]") for name in _PLAN_LISTS},
        "transition": {
            "notice_period": plan.get("notice_period", ""),
            "handover": json.loads(plan.get("handover") or "[]"),
            "earliest_start": plan.get("earliest_start", ""),
        },
        "references": [
            {
                **r,
                "highlights": json.loads(r["highlights"]),
                "projects": json.loads(r["projects"]),
                "jd_sent": bool(r["jd_sent"]),
            }
            for r in refs
        ],
        "questions": [q["text"] for q in questions],
        "updated_at": head["updated_at"],
    }
    return Kit.from_record(record)


def list_kit_companies(store: Store) -> list[str]:
    """Names of the companies that have a kit, alphabetically (case-insensitive)."""
    rows = store._rows("SELECT name FROM kit_companies ORDER BY key")
    return [row["name"] for row in rows]


def delete_kit(store: Store, company: str) -> bool:
    """Remove the company's kit; True when there was one."""
    with store._write("delete the prep kit from") as conn:
        return _delete(conn, company_key(company))
