"""`callback-sim progress` as a real process, after real `practice --plain` rounds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

CLI = Path(sys.executable).parent / "callback-sim"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=dict(os.environ),
        timeout=60,
    )


def test_progress_after_rounds_in_markdown_and_json(isolated_home: Path) -> None:
    empty = run("progress")
    assert empty.returncode == 0, empty.stderr
    assert "No answers yet" in empty.stdout

    for seed in (1, 2):
        done = run(
            "practice", "--plain", "--count", "2", "--seed", str(seed),
            stdin="We reduced churn by 12 percent, because I was excited.\n.\n\n.\n",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr

    md = run("progress")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# Progress (")
    assert "## By category" in md.stdout and "## By question (weakest first)" in md.stdout
    assert "## Energy across rounds" in md.stdout

    out = run("progress", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert sum(q["attempts"] for q in data["questions"]) == 4
    assert {r["session_id"] for r in data["rounds"]} == {1, 2}
    for c in data["categories"]:
        assert set(c) == {"category", "answers", "mean", "latest", "best", "trend"}
        assert c["answers"] == sum(d["answers"] for d in c["trend"])
    latest = [q["latest"] for q in data["questions"]]
    assert None in latest  # the skipped answers


def test_progress_rejects_an_unknown_format() -> None:
    bad = run("progress", "--format", "csv")
    assert bad.returncode == 2
    assert "csv" in bad.stderr
