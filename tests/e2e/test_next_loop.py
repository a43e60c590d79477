"""The preview is the loop (issue 13): `plan`, `practice --plain --company` and the TUI agree.

Without --seed, a company's next loop is fixed when first planned and kept in the database;
it changes when it is practised, when the debrief changes, or on `plan --fresh`.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.store_e2e_helpers import run

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs"


def plan(*extra: str) -> list[dict[str, Any]]:
    done = run("plan", "--company", "Northwind Logistics", "--json", *extra)
    assert done.returncode == 0, done.stderr
    questions: list[dict[str, Any]] = json.loads(done.stdout)["questions"]
    return questions


def seed_state(home: Path) -> int:
    from callback_sim.store import Store

    with Store.open(home / "callback-sim.db") as store:
        state = store.get_state("next_loop:northwind logistics")
    assert isinstance(state, dict)
    return int(state["seed"])


def test_plan_practice_and_the_tui_loop_are_the_same_next_loop(
    isolated_home: Path, tmp_path: Path
) -> None:
    assert run("debrief", "import", str(FIXTURES / "northwind.toml")).returncode == 0
    first = plan("--count", "6")
    assert plan("--count", "6") == first  # two plans, one next loop
    seed = seed_state(isolated_home)

    # The TUI's `l` plans through the same function, on the same database.
    from callback_sim.context import AppContext
    from callback_sim.tui.messages import RoundRequest
    from callback_sim.tui.planning import plan_company_request

    context = AppContext.create(str(isolated_home))
    try:
        request = RoundRequest("loop", (), 6, 1.0, company="northwind logistics")
        tui, company = plan_company_request(request, context.store(), context.banks())
    finally:
        context.close()
    assert company == "Northwind Logistics"
    assert [(q.id, q.prompt, q.persona) for q in tui] == [
        (q["id"], q["prompt"], q["persona"]) for q in first
    ]

    # practice --plain asks exactly those questions, in that order.
    # Enough answers for the planned questions and any follow-ups the round adds.
    answers = "".join(f"Answer {n} with 35% and a team of 14.\n.\n" for n in range(12))
    done = run(
        "practice", "--plain", "--company", "Northwind Logistics", "--count", "6", stdin=answers
    )
    assert done.returncode == 0, done.stderr
    positions = [done.stdout.index(q["prompt"]) for q in first]
    assert positions == sorted(positions)
    report = json.loads(run("report", "1", "--format", "json").stdout)
    planned_ids = {q["id"] for q in first}
    asked = [a["prompt"] for a in report["answers"] if a["question_id"] in planned_ids]
    assert asked == [q["prompt"] for q in first]  # follow-ups aside, the planned loop

    # Practised: the next loop is a new one.
    plan("--count", "6")
    after_practice = seed_state(isolated_home)
    assert after_practice != seed
    # Asked for: a fresh one.
    plan("--count", "6", "--fresh")
    fresh = seed_state(isolated_home)
    assert fresh != after_practice
    kept = plan("--count", "6")
    assert seed_state(isolated_home) == fresh
    # The debrief changed: a new one.
    changed = tmp_path / "northwind.toml"
    shutil.copy(FIXTURES / "northwind.toml", changed)
    changed.write_text(
        changed.read_text(encoding="utf-8").replace('"hiring", ', ""), encoding="utf-8"
    )
    assert run("debrief", "import", str(changed)).returncode == 0
    plan("--count", "6")
    assert seed_state(isolated_home) != fresh
    assert kept  # the kept loop was a real plan


def test_an_explicit_seed_is_not_the_next_loop(isolated_home: Path) -> None:
    assert run("debrief", "import", str(FIXTURES / "northwind.toml")).returncode == 0
    assert plan("--seed", "3") == plan("--seed", "3")
    done = run("plan", "--company", "Northwind Logistics", "--seed", "3", "--fresh")
    assert done.returncode == 2 and "use one" in done.stderr


def test_plain_notes_import_prints_what_it_understood_and_plans(isolated_home: Path) -> None:
    done = run("debrief", "import", str(FIXTURES / "contoso-notes.md"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Understood from your notes:\n  Company: Contoso Clinics")
    assert "hesitated, asked by Tom Reyes" in done.stdout
    assert "Imported debrief for Contoso Clinics: 2 rounds, 3 people" in done.stdout
    planned = run("plan", "--company", "Contoso Clinics", "--count", "8", "--json")
    questions = json.loads(planned.stdout)["questions"]
    assert questions[0]["source"]["kind"] == "hesitation"
    assert questions[0]["persona"] == "recruiter"  # Tom asked it, Tom follows it up
    topics = {q["source"]["topic"] for q in questions if q["source"]["kind"] == "uncovered"}
    assert topics == {"on-call", "patient complaints"}


def test_bad_notes_fail_with_line_numbers(isolated_home: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Company: X\nA: an answer first\n", encoding="utf-8")
    done = run("debrief", "import", str(notes))
    assert done.returncode == 1
    assert f"{notes}:2: an answer with no question before it" in done.stderr
    assert "Traceback" not in done.stderr
