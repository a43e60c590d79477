"""`callback-sim ask-check` and `kit import/show/export/note/score/list`, run as a process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

CLI = Path(sys.executable).parent / "callback-sim"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def kit_file(tmp_path: Path, *, next_round: date) -> Path:
    asked = '"What does success look like in the first year?", "Why did the last person leave?"'
    path = tmp_path / "acme.toml"
    path.write_text(
        f"""\
[company]
name = "Acme Health"
role = "Senior Product Manager"
next_round = {next_round.isoformat()}

[plan]
day30 = ["Meet every account manager and learn the billing workflow"]
day60 = ["Ship the self-serve invoice export"]
day90 = ["Cut billing support tickets by 20 percent"]
people = ["Dana Cole (Director of Product)"]
skills = ["FHIR data standards"]
information_needed = ["How pricing decisions are made"]

[transition]
notice_period = "four weeks"
handover = ["Document the release checklist"]
earliest_start = 2027-01-11

[[references]]
name = "Priya Shah"
relationship = "My manager at Globex"
highlights = ["stakeholder management"]
projects = ["billing app relaunch"]
briefed_on = 2026-11-25
jd_sent = true

[[references]]
name = "Tom Ruiz"
relationship = "Peer engineering lead"
highlights = ["calm incident leadership"]

[questions]
ask = [{asked}]
""",
        encoding="utf-8",
    )
    return path


def test_ask_check_json_for_a_due_diligence_question() -> None:
    done = run("ask-check", "Why did the last person leave?", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert list(data) == ["question", "tone", "reasons", "suggestion"]
    assert data["tone"] == "due_diligence"
    assert "asks why people left" in data["reasons"][0]
    assert data["suggestion"] == (
        "What would you like the next person in this role to do differently or keep doing?"
    )


def test_ask_check_human_output_for_a_curious_question() -> None:
    done = run("ask-check", "What does success look like in the first year?")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Tone: curious"
    assert lines[1] == "Reasons:"
    assert "success" in lines[2]
    assert "Suggestion:" not in done.stdout


def test_ask_check_json_null_suggestion_when_curious() -> None:
    done = run("ask-check", "How do you measure success for this role?", "--json")
    assert json.loads(done.stdout)["suggestion"] is None


def test_ask_check_rejects_an_empty_question() -> None:
    done = run("ask-check", "   ")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr


def test_kit_import_show_export_and_reimport(tmp_path: Path) -> None:
    source = kit_file(tmp_path, next_round=date.today() + timedelta(days=3))
    done = run("kit", "import", str(source))
    assert done.returncode == 0, done.stderr
    assert "Imported the prep kit for Acme Health" in done.stdout
    assert "(1 curious, 1 due diligence)" in done.stdout
    assert "Tom Ruiz is not briefed yet" in done.stderr

    shown = run("kit", "show", "--company", "ACME HEALTH")
    assert shown.returncode == 0, shown.stderr
    assert "[due diligence] Why did the last person leave?" in shown.stdout
    assert "Notice period: four weeks" in shown.stdout

    data = json.loads(run("kit", "show", "--company", "acme health", "--json").stdout)
    assert data["plan"]["day60"] == ["Ship the self-serve invoice export"]
    assert [q["tone"] for q in data["questions"]] == ["curious", "due_diligence"]
    assert len(data["warnings"]) == 1

    out = tmp_path / "brief.md"
    exported = run("kit", "export", "--company", "acme health", "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    brief = out.read_text(encoding="utf-8")
    for heading in ("## Start plan", "### Transition plan", "## References", "## Questions to ask"):
        assert heading in brief
    assert "— *due diligence*" in brief

    # Re-import with only new questions: the plan and references stay, the questions change.
    update = tmp_path / "update.toml"
    update.write_text(
        '[company]\nname = "acme health"\n\n[questions]\nask = ["What are you excited about?"]\n',
        encoding="utf-8",
    )
    again = run("kit", "import", str(update))
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("Updated the prep kit for acme health")
    data = json.loads(run("kit", "show", "--company", "Acme Health", "--json").stdout)
    assert [q["question"] for q in data["questions"]] == ["What are you excited about?"]
    assert data["plan"]["day30"] == ["Meet every account manager and learn the billing workflow"]
    assert [r["name"] for r in data["references"]] == ["Priya Shah", "Tom Ruiz"]

    listed = run("kit", "list", "--json")
    assert json.loads(listed.stdout) == ["acme health"]

    toml_out = run("kit", "export", "--company", "acme health", "--format", "toml")
    assert toml_out.stdout.startswith('[company]\nname = "acme health"')


def test_kit_note_and_plan_only_export(tmp_path: Path) -> None:
    run("kit", "import", str(kit_file(tmp_path, next_round=date.today() + timedelta(days=1))))
    note = run("kit", "note", "--company", "acme health", "--reference", "tom ruiz")
    assert note.returncode == 0, note.stderr
    assert note.stdout.startswith("Subject: Reference for Senior Product Manager at Acme Health")
    assert "- calm incident leadership" in note.stdout
    plan = run("kit", "export", "--company", "acme health", "--plan-only")
    assert plan.stdout.startswith("# Start plan: Acme Health\n")
    assert "## References" not in plan.stdout


def test_kit_score_rewards_an_answer_that_follows_the_plan(tmp_path: Path) -> None:
    run("kit", "import", str(kit_file(tmp_path, next_round=date.today() + timedelta(days=1))))
    bank = tmp_path / "plan-bank.toml"
    bank.write_text(
        """\
[bank]
id = "kit_e2e_plan"
title = "Start plan (test)"
category = "start_plan"

[[questions]]
id = "plan-1"
prompt = "Walk me through your plan for the first 30, 60 and 90 days."
tags = ["30-60-90"]

  [[questions.rubric]]
  label = "Structure by horizon"
  phrases = ["30 days", "60 days", "90 days"]
""",
        encoding="utf-8",
    )

    def score(answer: str) -> dict:
        done = run(
            "kit", "score", "--company", "acme health", "--bank", str(bank),
            "--question", "plan-1", "--answer", answer, "--json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    follows = score(
        "In the first 30 days I would meet every account manager and learn the billing "
        "workflow. By 60 days I would ship the invoice export. By 90 days I want fewer "
        "billing support tickets, and I would sit down with Dana Cole early."
    )
    generic = score(
        "In the first 30 days I would get to know the product and the people. By 60 days I "
        "would deliver a quick win with the team. By 90 days I would own a bigger goal, and "
        "I would meet many new colleagues early."
    )
    assert follows["score"] > generic["score"]
    labels = {t["label"]: t["matched"] for t in follows["terms"]}
    assert labels["Your 60-day goal: Ship the self-serve invoice export"] is True
    assert not any(t["matched"] for t in generic["terms"] if t["label"].startswith("Your "))


def test_kit_errors_are_one_line(tmp_path: Path) -> None:
    missing = run("kit", "show", "--company", "Nowhere Inc")
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [
        "Error: no prep kit for 'Nowhere Inc'; create one with `callback-sim kit import FILE`"
    ]
    bad = tmp_path / "bad.toml"
    bad.write_text('[company]\nname = "A"\nnext_round = "soon"\n', encoding="utf-8")
    done = run("kit", "import", str(bad))
    assert done.returncode == 1
    assert f"{bad}:3: [company]: next_round must be a day" in done.stderr
    assert "Traceback" not in done.stderr
    gone = run("kit", "import", str(tmp_path / "nope.toml"))
    assert gone.returncode == 1
    assert "no such file" in gone.stderr
