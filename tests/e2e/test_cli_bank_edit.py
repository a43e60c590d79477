"""`callback-sim bank new / import / export` run as the installed program."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
CLI = Path(sys.executable).parent / "callback-sim"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        cwd=cwd,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_import_markdown_creates_a_valid_bank(isolated_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "questions.md"
    source.write_text((FIXTURES / "blog-post.md").read_text(encoding="utf-8"), encoding="utf-8")
    done = run("bank", "import", "questions.md", "--into", "my-asks", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "added 10 questions to my-asks" in done.stdout
    # Only "What would your first 90 days look like?" has a really alike built-in question.
    assert "my-asks-007 <- start_plan-001" in done.stdout
    assert "signals-only starter rubrics" in done.stdout and "my-asks-001" in done.stdout
    path = isolated_home / "banks" / "my-asks.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert [q["id"] for q in data["questions"]] == [f"my-asks-{n:03d}" for n in range(1, 11)]
    assert data["questions"][1]["prompt"].startswith("You said your team grew revenue")
    assert all("needs-rubric" in q["tags"] for q in data["questions"])
    assert "# needs-rubric:" in path.read_text(encoding="utf-8")
    checked = run("bank", "validate", str(path))
    assert checked.returncode == 0, checked.stderr
    assert "ok:" in checked.stdout and "(10 questions" in checked.stdout
    # Importing the same file again adds nothing; a CSV continues the numbering.
    again = run("bank", "import", "questions.md", "--into", "my-asks", cwd=tmp_path)
    assert "added 0 questions" in again.stdout and "skipped 10" in again.stdout
    csv = run("bank", "import", str(FIXTURES / "with-header.csv"), "--into", "my-asks")
    assert csv.returncode == 0, csv.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["questions"][-1]["id"] == "my-asks-013"
    assert data["questions"][10]["rubric"][0]["phrases"] == ["mission", "growth", "timing"]


def test_import_into_a_builtin_bank_is_refused(isolated_home: Path) -> None:
    done = run("bank", "import", str(FIXTURES / "plain.txt"), "--into", "pushback")
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "built-in" in lines[0] and "--from pushback" in lines[0]
    assert not (isolated_home / "banks" / "pushback.toml").exists()


def test_import_with_no_questions_fails_cleanly(tmp_path: Path, isolated_home: Path) -> None:
    prose = tmp_path / "notes.md"
    prose.write_text("# Notes\n\nJust some thoughts about interviews.\n", encoding="utf-8")
    done = run("bank", "import", str(prose), "--into", "mine")
    assert done.returncode == 1 and "found no questions" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (isolated_home / "banks" / "mine.toml").exists()


def test_new_bank_and_copy(isolated_home: Path) -> None:
    made = run("bank", "new", "mine", "--title", "Mine", "--category", "curiosity")
    assert made.returncode == 0, made.stderr
    data = tomllib.loads((isolated_home / "banks" / "mine.toml").read_text(encoding="utf-8"))
    assert data["bank"] == {"id": "mine", "title": "Mine", "category": "curiosity"}
    dup = run("bank", "new", "mine")
    assert dup.returncode == 1 and "already exists" in dup.stderr
    copied = run("bank", "new", "my-pushback", "--from", "pushback")
    assert copied.returncode == 0, copied.stderr
    text = (isolated_home / "banks" / "my-pushback.toml").read_text(encoding="utf-8")
    assert text.startswith("# Built-in bank: pushback.")  # comments came along
    listed = run("bank", "list")
    assert "my-pushback" in listed.stdout and "user" in listed.stdout


def test_export_toml_and_markdown(tmp_path: Path) -> None:
    from callback_sim.paths import builtin_banks_dir

    toml = run("bank", "export", "pushback", "--format", "toml")
    assert toml.returncode == 0
    assert toml.stdout == (builtin_banks_dir() / "pushback.toml").read_text(encoding="utf-8")
    out = tmp_path / "pushback.md"
    md = run("bank", "export", "pushback", "--format", "md", "--out", str(out))
    assert md.returncode == 0 and "wrote" in md.stdout
    assert out.read_text(encoding="utf-8").startswith("# Prepare for pushback\n")
    # The Markdown imports back into a new bank with the same questions.
    back = run("bank", "import", str(out), "--into", "round-trip")
    assert back.returncode == 0, back.stderr
    assert "added" in back.stdout
    bad = run("bank", "export", "nope", "--format", "md")
    assert bad.returncode == 1 and "no bank 'nope'" in bad.stderr


def test_a_list_of_questions_to_ask_goes_to_the_prep_kit(isolated_home: Path) -> None:
    asks = str(FIXTURES / "asks-list.md")
    # Not a terminal, not said: one line saying what to pass, nothing written.
    unsure = run("bank", "import", asks, "--into", "mine")
    assert unsure.returncode == 1
    assert unsure.stderr.count("\n") == 1 and "--as asks" in unsure.stderr
    assert "5 of 6 questions" in unsure.stderr
    assert not (isolated_home / "banks" / "mine.toml").exists()
    no_company = run("bank", "import", asks, "--as", "asks")
    assert no_company.returncode == 1 and "--company NAME" in no_company.stderr
    done = run("bank", "import", asks, "--as", "asks", "--company", "Acme Health")
    assert done.returncode == 0, done.stderr
    assert "added 6 of 6 to Acme Health's questions to ask" in done.stdout
    assert "[curious] How do teams celebrate wins?" in done.stdout
    assert "[due diligence] Will I get a raise after six months?" in done.stdout
    brief = run("kit", "export", "--company", "acme health")
    assert "- How do teams celebrate wins?" in brief.stdout
    # Said the other way, they are questions to answer after all.
    bank = run("bank", "import", asks, "--as", "questions", "--into", "mine")
    assert bank.returncode == 0 and "added 6 questions to mine" in bank.stdout


def test_export_out_refuses_an_existing_file_unless_force(tmp_path: Path) -> None:
    """Issue 14 item 8: an export never replaces a user's file silently; new files are 0600."""
    mine = tmp_path / "notes.md"
    mine.write_text("my own notes\n", encoding="utf-8")
    mine.chmod(0o600)
    proc = run("bank", "export", "pushback", "--format", "md", "--out", str(mine))
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert str(mine) in line and "already exists" in line and "--force" in line
    assert mine.read_text(encoding="utf-8") == "my own notes\n"

    forced = run("bank", "export", "pushback", "--format", "md", "--out", str(mine), "--force")
    assert forced.returncode == 0, forced.stderr
    assert mine.read_text(encoding="utf-8").startswith("# ")
    assert mine.stat().st_mode & 0o777 == 0o600

    new = tmp_path / "new.toml"
    fresh = run("bank", "export", "pushback", "--format", "toml", "--out", str(new))
    assert fresh.returncode == 0, fresh.stderr
    assert new.stat().st_mode & 0o777 == 0o600
    # No temporary files left behind.
    assert not list(tmp_path.glob(".*.tmp"))
