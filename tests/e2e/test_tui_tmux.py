"""The installed `callback-sim` in tmux: answer one question, then check the database."""

from __future__ import annotations

import os
import shutil
import signal
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
    tmux.wait_for(lambda s: "End-to-end bank" in s and "Quick" in s, "the home screen")
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


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc to find the app")
def test_sigterm_restores_the_terminal_and_keeps_the_draft(
    isolated_home: Path, tmp_path: Path
) -> None:
    """Issue 14 item 13: `kill PID` quits like ctrl+q: echo back, main screen, mouse off."""
    (isolated_home / "banks").mkdir(parents=True)
    (isolated_home / "banks" / "e2e.toml").write_text(BANK, encoding="utf-8")
    (isolated_home / "config.toml").write_text("question_count = 1\n", encoding="utf-8")
    exe = Path(sys.executable).parent / "callback-sim"
    after = tmp_path / "after.txt"
    t = Tmux(f"cs-term-{os.getpid()}-{tmp_path.name}", "cs")
    script = f"{exe}; echo $? > {after}; stty -a >> {after}; sleep 60"
    env = {**os.environ, "CALLBACK_SIM_HOME": str(isolated_home), "TERM": "xterm-256color"}
    subprocess.run(
        [*t.base, "new-session", "-d", "-s", "cs", "-x", "100", "-y", "30", "sh", "-c", script],
        check=True,
        env=env,
    )
    try:
        t.wait_for(lambda s: "End-to-end bank" in s and "Quick" in s, "the home screen")
        t.keys("s")
        t.wait_for(lambda s: "1 / 1" in s and "left" in s, "the round screen")
        t.keys("We measured churn weekly", literal=True)
        t.wait_for(lambda s: "4 words" in s, "the word count")
        shell = int(t.run("display", "-p", "-t", "cs", "#{pane_pid}").strip())
        (app,) = _children(shell)
        os.kill(app, signal.SIGTERM)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not (after.exists() and "echo" in after.read_text()):
            time.sleep(0.1)
        lines = after.read_text().splitlines()
        assert lines[0] == "143"  # 128 + SIGTERM, as a killed program reports
        flags = " ".join(lines[1:]).split()
        assert "echo" in flags and "icanon" in flags  # not left in raw mode
        state = t.run("display", "-p", "-t", "cs", "#{alternate_on} #{mouse_any_flag}").split()
        assert state == ["0", "0"]  # main screen back, mouse reporting off
    finally:
        subprocess.run([*t.base, "kill-server"], capture_output=True)
    db = sqlite3.connect(isolated_home / "callback-sim.db")
    try:
        drafts = [row[0] for row in db.execute("SELECT text FROM drafts")]
    finally:
        db.close()
    assert drafts == ["We measured churn weekly"]
