"""Print how fast history is on a big database (query < 50 ms; command < +300 ms over --version).

Builds 10,000 sessions x 10 answers in a temp dir (`--quick`: 1,000), then prints:
the insert time (a sample through `Store.save_answer`, one durable transaction per answer,
and the bulk load used to build the rest), the latest-50 history query, the per-category
trend and per-question stats queries, and the wall time of `callback-sim history --limit 50`
against `callback-sim --version` on the same data (medians of several runs).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from callback_sim.core.models import (
    CATEGORIES,
    PERSONAS,
    Delivery,
    Question,
    RubricTerm,
    Score,
    TermResult,
)
from callback_sim.core.round import Submission
from callback_sim.store import Store
from callback_sim.store.recovery import score_to_record

ANSWERS_PER_SESSION = 10
SAMPLE_SESSIONS = 20  # inserted through the public API, one commit per answer
QUICK_SAMPLE_SESSIONS = 5  # --quick: 50 durable commits are enough for a per-answer figure


def make_questions(n: int = 60) -> list[Question]:
    return [
        Question(
            id=f"bench-{i:03d}",
            prompt=f"Benchmark question {i}: tell me about a decision your manager disagreed with.",
            category=CATEGORIES[i % len(CATEGORIES)],
            bank_id="bench",
            time_limit=120,
            persona=PERSONAS[i % len(PERSONAS)],
            rubric=tuple(
                RubricTerm(f"Term {t}", (f"phrase{t}", f"other{t}"), 2.0) for t in range(5)
            ),
        )
        for i in range(n)
    ]


def make_score(q: Question, value: float) -> Score:
    return Score(
        question_id=q.id,
        score=value,
        content_score=value,
        delivery_score=value,
        terms=tuple(
            TermResult(t.label, t.weight, i % 2 == 0, "phrase", "phrase", (0, 6))
            for i, t in enumerate(q.rubric)
        ),
        avoid=(),
        delivery=Delivery(120, 80.0, 120, 1, 2, 1, 2),
        feedback=("Name the result in numbers.",),
    )


ANSWER = "We reduced incidents by 60 percent over two quarters with a team of six. " * 6


def build(path: Path, sessions: int, sample: int = SAMPLE_SESSIONS) -> tuple[float, float]:
    """Fill the database; returns (seconds per answer via save_answer, bulk seconds).

    The first `sample` sessions go through `Store.save_answer`, the rest in bulk.
    """
    rng = random.Random(1)
    questions = make_questions()
    store = Store.open(path)
    t0 = time.perf_counter()
    sample = max(1, min(sample, sessions))
    for _ in range(sample):
        planned = rng.sample(questions, ANSWERS_PER_SESSION)
        session = store.create_session(mode="quick", planned=planned)
        for pos, q in enumerate(planned, start=1):
            sub = Submission(pos, q, ANSWER, 80.0, 4.0, 120, 0.0)
            store.save_answer(session.id, sub, make_score(q, rng.uniform(20, 95)))
        store.finish_session(session.id)
    per_answer = (time.perf_counter() - t0) / (sample * ANSWERS_PER_SESSION)

    # The rest in one transaction, the same rows save_answer writes (it would take minutes
    # with one durable commit per answer, which is what a real user does over years).
    t0 = time.perf_counter()
    conn = store.db.conn
    conn.execute("BEGIN")
    day0 = 1_700_000_000
    for n in range(sample, sessions):
        planned = rng.sample(questions, ANSWERS_PER_SESSION)
        started = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(day0 + n * 3600))
        cur = conn.execute(
            "INSERT INTO sessions (started_at, ended_at, status, mode, settings, pid, owner,"
            " planned, planned_count) VALUES (?, ?, 'completed', 'quick', '{}', 1, 'x', ?, ?)",
            [started, started, json.dumps([q.to_record() for q in planned]), len(planned)],
        )
        sid = cur.lastrowid
        rows = []
        for pos, q in enumerate(planned, start=1):
            rec = score_to_record(make_score(q, rng.uniform(20, 95)))
            rows.append(
                (
                    sid,
                    pos,
                    q.bank_id,
                    q.id,
                    q.category,
                    q.persona,
                    json.dumps(q.to_record()),
                    ANSWER,
                    4.0,
                    80.0,
                    120,
                    rec["score"],
                    rec["score"],
                    rec["score"],
                    json.dumps(rec["terms"]),
                    "[]",
                    json.dumps(rec["delivery"]),
                    json.dumps(rec["feedback"]),
                    started,
                )
            )
        conn.executemany(
            "INSERT INTO answers (session_id, position, bank_id, question_id, category,"
            " persona, question, text, think_seconds, seconds, time_limit, score,"
            " content_score, delivery_score, terms, avoid, delivery, feedback, answered_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
    conn.execute("COMMIT")
    bulk = time.perf_counter() - t0
    store.close()
    return per_answer, bulk


def median_ms(fn: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def cli_ms(args: list[str], env: dict[str, str], runs: int) -> float:
    exe = str(Path(sys.executable).parent / "callback-sim")

    def once() -> None:
        subprocess.run([exe, *args], env=env, check=True, capture_output=True)

    once()  # warm the page cache and .pyc files
    return median_ms(once, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000 sessions, fewer runs (CI)")
    args = parser.parse_args()
    sessions = 1_000 if args.quick else 10_000
    runs = 3 if args.quick else 7
    sample = QUICK_SAMPLE_SESSIONS if args.quick else SAMPLE_SESSIONS
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        home.mkdir(mode=0o700)
        db = home / "callback-sim.db"
        per_answer, bulk = build(db, sessions, sample)
        total = sessions * ANSWERS_PER_SESSION
        size_mb = db.stat().st_size / 1e6
        print(f"database: {sessions:,} sessions x {ANSWERS_PER_SESSION} answers ({size_mb:.1f} MB)")
        print(
            f"insert via save_answer (durable commit each): {per_answer * 1000:.2f} ms/answer "
            f"(mean of {min(sample, sessions) * ANSWERS_PER_SESSION})"
        )
        print(f"bulk load of the rest: {bulk:.2f} s ({total / max(bulk, 1e-9):,.0f} answers/s)")

        store = Store.open(db)
        history = median_ms(lambda: store.list_sessions(limit=50), runs * 3)
        trend = median_ms(store.category_trend, runs)
        stats = median_ms(store.question_stats, runs)
        count = median_ms(store.count_sessions, runs)
        store.close()
        print(f"latest-50 history query: {history:.2f} ms (target < 50 ms)")
        print(f"per-category trend query: {trend:.1f} ms")
        print(f"per-question stats query: {stats:.1f} ms")
        print(f"count sessions: {count:.2f} ms")

        env = {**os.environ, "CALLBACK_SIM_HOME": str(home)}
        version = cli_ms(["--version"], env, runs)
        hist = cli_ms(["history", "--limit", "50"], env, runs)
        print(f"`callback-sim --version`: {version:.0f} ms")
        print(
            f"`callback-sim history --limit 50`: {hist:.0f} ms "
            f"(+{hist - version:.0f} ms over --version; target < +300 ms)"
        )


if __name__ == "__main__":
    main()
