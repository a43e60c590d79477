"""`callback-sim debrief import/export` and `plan`, run as the installed program."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from callback_sim.core.debrief import load_debrief, parse_debrief

pytestmark = pytest.mark.e2e

CLI = Path(sys.executable).parent / "callback-sim"
ACME = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs" / "acme.toml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args], env=os.environ.copy(), capture_output=True, text=True, timeout=60
    )


def test_import_then_reimport_updates(tmp_path: Path) -> None:
    first = run("debrief", "import", str(ACME))
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("Imported debrief for Acme Health: 2 rounds, 3 people")
    assert "4 exchanges (1 hesitated), 2 uncovered topics" in first.stdout
    edited = tmp_path / "acme.toml"
    edited.write_text(
        ACME.read_text(encoding="utf-8").replace('name = "Acme Health"', 'name = "ACME health"'),
        encoding="utf-8",
    )
    second = run("debrief", "import", str(edited))
    assert second.returncode == 0, second.stderr
    assert second.stdout.startswith("Updated debrief for ACME health")
    # Only one company is known: the re-import replaced, it did not duplicate.
    missing = run("plan", "--company", "Globex")
    assert missing.stderr.strip().endswith("known companies: ACME health")


def test_export_round_trips(tmp_path: Path) -> None:
    assert run("debrief", "import", str(ACME)).returncode == 0
    shown = run("debrief", "export", "acme health")
    # --company, as in `plan` and `kit export`, gives the same file.
    assert run("debrief", "export", "--company", "Acme Health").stdout == shown.stdout
    assert shown.returncode == 0, shown.stderr
    assert parse_debrief(shown.stdout) == load_debrief(ACME)
    out = tmp_path / "out.toml"
    written = run("debrief", "export", "Acme Health", "--out", str(out))
    assert written.returncode == 0 and written.stdout == ""
    assert load_debrief(out) == load_debrief(ACME)
    again = run("debrief", "import", str(out))
    assert again.stdout.startswith("Updated debrief for Acme Health")


def test_bad_files_fail_with_path_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[company]\nname = "X"\n\n[[rounds]]\n[[rounds.exchanges]]\nquestion = "Q"\n'
        'answer = "A"\nreaction = "thrilled"\n',
        encoding="utf-8",
    )
    result = run("debrief", "import", str(bad))
    assert result.returncode == 1
    assert f"{bad}:8: round 1, exchange 1: reaction 'thrilled' is not one of" in result.stderr
    assert "Traceback" not in result.stderr
    missing = run("debrief", "export", "Nobody")
    assert missing.returncode == 1
    assert "no debrief for company 'Nobody'" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1


def test_plan_covers_hesitation_numbers_topics_and_personas() -> None:
    assert run("debrief", "import", str(ACME)).returncode == 0
    result = run("plan", "--company", "acme health", "--seed", "5", "--count", "8", "--json")
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["company"] == "Acme Health"
    questions = plan["questions"]
    assert len(questions) == 8
    for q in questions:
        assert set(q) == {"id", "prompt", "category", "persona", "source"}
        assert set(q["source"]) == {"kind", "exchange", "quote", "topic"}
    kinds = [q["source"]["kind"] for q in questions]
    hesitation = [q for q in questions if q["source"]["kind"] == "hesitation"]
    assert hesitation and hesitation[0]["source"]["exchange"] == 1
    numbers = [q for q in questions if q["source"]["kind"] == "numbers"]
    assert numbers and any(f in numbers[0]["prompt"] for f in ("12%", "30%", "$1.2M", "40"))
    topics = {q["source"]["topic"] for q in questions if q["source"]["kind"] == "uncovered"}
    assert topics == {"people management", "budget ownership"}
    assert len({q["persona"] for q in questions}) >= 3
    assert "bank" in kinds  # the built-in strategy banks are mixed in
    same = run("plan", "--company", "acme health", "--seed", "5", "--count", "8", "--json")
    assert json.loads(same.stdout) == plan
    # Without --count, the settings' question_count, as practice --plain uses.
    default = json.loads(run("plan", "--company", "acme health", "--json").stdout)
    assert len(default["questions"]) == 5


def test_plan_text_and_straight_from_a_file() -> None:
    result = run("plan", "--debrief", str(ACME), "--count", "5", "--seed", "2")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Callback round for Acme Health — Senior Product Manager: 5 questions"
    assert "from: hesitation · round-one exchange 2" in result.stdout
    assert sum(1 for line in lines if line.lstrip().startswith(("1.", "2.", "3.", "4.", "5."))) == 5


def test_plan_unknown_company_and_missing_source() -> None:
    result = run("plan", "--company", "Initech")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "Error: no debrief for company 'Initech'; known companies: none yet "
        "(import one with `callback-sim debrief import FILE`)"
    ]
    usage = run("plan")
    assert usage.returncode == 2
    assert "--company NAME" in usage.stderr
