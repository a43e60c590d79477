"""Round-one debriefs in the database: save (replacing the company's earlier one), load, list.

Functions take the `Store` so the debrief tables share its connection, lock and one-line
error translation. Rows are normalised (docs/data.md, "Debriefs"): a re-import of the same
company keeps its id and replaces its rounds, people, exchanges and topics in one transaction.
"""

from __future__ import annotations

import difflib
import sqlite3
from datetime import date
from typing import TYPE_CHECKING

from callback_sim.core.errors import NotFoundError
from callback_sim.store.db import sanitize_text, utc_now

if TYPE_CHECKING:
    from callback_sim.core.debrief import Debrief
    from callback_sim.store.sessions import Store


def _company_key(name: str) -> str:
    """`core.kit.company_key`, imported on use: `list_companies` (the home screen, at
    start-up) needs neither the debrief nor the kit modules, which take long to import."""
    from callback_sim.core.kit import company_key

    return company_key(name)


def _clean(text: str | None) -> str | None:
    return sanitize_text(text) if text is not None else None


def _delete_children(conn: sqlite3.Connection, company_id: int) -> None:
    """Remove a company's rounds (and their people and exchanges) and topics."""
    rounds = "SELECT id FROM debrief_rounds WHERE company_id = ?"
    conn.execute(f"DELETE FROM debrief_people WHERE round_id IN ({rounds})", [company_id])
    conn.execute(f"DELETE FROM debrief_exchanges WHERE round_id IN ({rounds})", [company_id])
    conn.execute("DELETE FROM debrief_rounds WHERE company_id = ?", [company_id])
    conn.execute("DELETE FROM debrief_topics WHERE company_id = ?", [company_id])


def save_debrief(store: Store, debrief: Debrief) -> int:
    """Store `debrief` as its company's debrief, replacing an earlier one; returns the company id.

    Companies are matched case-insensitively with runs of spaces folded ("acme  health" is
    "Acme Health"), so re-importing an edited file updates rather than duplicates.
    """
    key = _company_key(debrief.company)
    with store._write("save the debrief to") as conn:
        row = conn.execute("SELECT id FROM debrief_companies WHERE key = ?", [key]).fetchone()
        fields = [_clean(debrief.company), _clean(debrief.role), debrief.path, utc_now()]
        if row is None:
            cursor = conn.execute(
                "INSERT INTO debrief_companies (name, role, source_path, imported_at, key) "
                "VALUES (?, ?, ?, ?, ?)",
                [*fields, key],
            )
            company_id = int(cursor.lastrowid or 0)
        else:
            company_id = int(row[0])
            _delete_children(conn, company_id)
            conn.execute(
                "UPDATE debrief_companies SET name = ?, role = ?, source_path = ?, "
                "imported_at = ? WHERE id = ?",
                [*fields, company_id],
            )
        index = 0
        for r_pos, rnd in enumerate(debrief.rounds):
            cursor = conn.execute(
                "INSERT INTO debrief_rounds (company_id, position, date, kind) VALUES (?, ?, ?, ?)",
                [company_id, r_pos, rnd.date.isoformat() if rnd.date else None, _clean(rnd.kind)],
            )
            round_id = cursor.lastrowid
            conn.executemany(
                "INSERT INTO debrief_people (round_id, position, name, title, department) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    [round_id, p_pos, _clean(p.name), _clean(p.title), _clean(p.department)]
                    for p_pos, p in enumerate(rnd.people)
                ],
            )
            for e_pos, ex in enumerate(rnd.exchanges):
                conn.execute(
                    "INSERT INTO debrief_exchanges (round_id, position, exchange_index, question, "
                    "answer, reaction, asked_by, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        round_id,
                        e_pos,
                        index,
                        _clean(ex.question),
                        _clean(ex.answer),
                        ex.reaction,
                        _clean(ex.asked_by),
                        _clean(ex.notes),
                    ],
                )
                index += 1
        conn.executemany(
            "INSERT INTO debrief_topics (company_id, position, topic) VALUES (?, ?, ?)",
            [[company_id, t_pos, _clean(t)] for t_pos, t in enumerate(debrief.uncovered)],
        )
    return company_id


def list_companies(store: Store) -> list[str]:
    """Names of the companies with a debrief, alphabetically (case-insensitive)."""
    return [r["name"] for r in store._rows("SELECT name FROM debrief_companies ORDER BY key")]


def find_debrief(store: Store, company: str) -> Debrief | None:
    """The company's debrief (name matched case-insensitively), or None when there is none."""
    from callback_sim.core.debrief import Debrief, DebriefRound, Exchange, Person

    heads = store._rows(
        "SELECT id, name, role, source_path FROM debrief_companies WHERE key = ?",
        [_company_key(company)],
    )
    if not heads:
        return None
    head = heads[0]
    company_id = head["id"]
    round_rows = store._rows(
        "SELECT id, date, kind FROM debrief_rounds WHERE company_id = ? ORDER BY position",
        [company_id],
    )
    people = store._rows(
        "SELECT p.round_id, p.name, p.title, p.department FROM debrief_people p "
        "JOIN debrief_rounds r ON r.id = p.round_id WHERE r.company_id = ? "
        "ORDER BY p.round_id, p.position",
        [company_id],
    )
    exchanges = store._rows(
        "SELECT e.round_id, e.question, e.answer, e.reaction, e.asked_by, e.notes "
        "FROM debrief_exchanges e JOIN debrief_rounds r ON r.id = e.round_id "
        "WHERE r.company_id = ? ORDER BY e.exchange_index",
        [company_id],
    )
    topics = store._rows(
        "SELECT topic FROM debrief_topics WHERE company_id = ? ORDER BY position", [company_id]
    )
    rounds = tuple(
        DebriefRound(
            date=date.fromisoformat(r["date"]) if r["date"] else None,
            kind=r["kind"],
            people=tuple(
                Person(p["name"], p["title"], p["department"])
                for p in people
                if p["round_id"] == r["id"]
            ),
            exchanges=tuple(
                Exchange(e["question"], e["answer"], e["reaction"], e["asked_by"], e["notes"])
                for e in exchanges
                if e["round_id"] == r["id"]
            ),
        )
        for r in round_rows
    )
    return Debrief(
        company=head["name"],
        role=head["role"],
        rounds=rounds,
        uncovered=tuple(t["topic"] for t in topics),
        path=head["source_path"],
    )


def get_debrief(store: Store, company: str) -> Debrief:
    """The company's debrief; NotFoundError names the companies that have one."""
    found = find_debrief(store, company)
    if found is not None:
        return found
    known = list_companies(store)
    close = difflib.get_close_matches(company, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = (
        ", ".join(known)
        if known
        else "none yet (import one with `callback-sim debrief import FILE`)"
    )
    raise NotFoundError(f"no debrief for company {company!r}{hint}; known companies: {listed}")


def delete_debrief(store: Store, company: str) -> bool:
    """Remove the company's debrief; False when it had none."""
    with store._write("delete the debrief from") as conn:
        row = conn.execute(
            "SELECT id FROM debrief_companies WHERE key = ?", [_company_key(company)]
        ).fetchone()
        if row is None:
            return False
        _delete_children(conn, int(row[0]))
        conn.execute("DELETE FROM debrief_companies WHERE id = ?", [row[0]])
    return True
