"""The installed `callback-sim` in tmux: answer one question, then check the database."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed"),
]

BANK = """\
[bank]
id = "e2e"
title = "End-to-end bank"
category = "pushback"
time_limit = 120

[[questions]]
id = "e2e-001"
prompt = "Walk me through how you measured the churn reduction you mentioned."
persona = "hiring_manager"

  [[questions.rubric]]
  label = "Measurable outcome"
  weight = 3
  phrases = ["reduced", "percent"]
"""


class Tmux:
    """One detached tmux session on a private server socket, driven like a person would."""

    def __init__(self, socket: str, name: str) -> None:
        self.base = ["tmux", "-L", socket]
        self.name = name

    def run(self, *args: str) -> str:
        return subprocess.run(
            [*self.base, *args], check=True, capture_output=True, text=True
        ).stdout

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys)

    def wait_for(self, check: Callable[[str], bool], what: str, timeout: float = 15.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.screen()
            if check(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"never saw {what!r}; the screen was:\n{self.screen()}")


@pytest.fixture
def tmux(isolated_home: Path, tmp_path: Path) -> Iterator[Tmux]:
    (isolated_home / "banks").mkdir(parents=True)
    (isolated_home / "banks" / "e2e.toml").write_text(BANK, encoding="utf-8")
    # A one-question round: which bank it comes from does not matter to this test.
    (isolated_home / "config.toml").write_text("question_count = 1\n", encoding="utf-8")
    exe = Path(sys.executable).parent / "callback-sim"
    socket = f"cs-e2e-{os.getpid()}-{tmp_path.name}"
    t = Tmux(socket, "cs")
    env = {**os.environ, "CALLBACK_SIM_HOME": str(isolated_home), "TERM": "xterm-256color"}
    subprocess.run(
        [
            *t.base,
            "new-session",
            "-d",
            "-s",
            "cs",
            "-x",
            "100",
            "-y",
            "30",
            f"CALLBACK_SIM_HOME={isolated_home} {exe}",
        ],
        check=True,
        env=env,
    )
    try:
        yield t
    finally:
        subprocess.run([*t.base, "kill-server"], capture_output=True)


def test_answer_one_question_in_tmux(tmux: Tmux, isolated_home: Path) -> None:
    tmux.wait_for(lambda s: "End-to-end bank" in s and "Quick round" in s, "the home screen")
    tmux.keys("s")
    tmux.wait_for(lambda s: "1 / 1" in s and "left" in s, "the round screen")
    tmux.keys("We reduced churn by 12 percent and measured it weekly.", literal=True)
    tmux.wait_for(lambda s: "10 words" in s, "the word count")
    tmux.keys("C-s")
    card = tmux.wait_for(lambda s: "content" in s and "delivery" in s, "the score card")
    assert "Score" in card and "round summary" in card
    tmux.keys("Enter")
    tmux.wait_for(lambda s: "summary" in s and "answered" in s, "the round summary")
    tmux.keys("C-q")
    db = sqlite3.connect(isolated_home / "callback-sim.db")
    try:
        answers = db.execute("SELECT question_id, text, skipped, score FROM answers").fetchall()
        sessions = db.execute("SELECT status, planned_count FROM sessions").fetchall()
    finally:
        db.close()
    assert len(answers) == 1
    question_id, text, skipped, score = answers[0]
    assert text == "We reduced churn by 12 percent and measured it weekly."
    assert skipped == 0 and score is not None and question_id
    assert sessions == [("completed", 1)]
