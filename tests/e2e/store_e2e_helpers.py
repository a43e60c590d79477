"""Helpers for the session e2e tests: the installed CLI, a small user bank, a line reader."""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

CLI = Path(sys.executable).parent / "callback-sim"

BANK = """
[bank]
id = "e2e"
title = "End-to-end test bank"
category = "pushback"
time_limit = 120

[[questions]]
id = "e2e-001"
prompt = "Tell me about a decision your manager disagreed with."
persona = "hiring_manager"

  [[questions.rubric]]
  label = "Measurable outcome"
  weight = 3
  phrases = ["reduced", "percent"]

[[questions]]
id = "e2e-002"
prompt = "Why do you want this role now, after three rounds?"
category = "enthusiasm"
persona = "skip_level"

  [[questions.rubric]]
  label = "Specific reason"
  phrases = ["because", "excited"]

[[questions]]
id = "e2e-003"
prompt = "What would your first 30 days look like?"
category = "start_plan"
persona = "peer"

  [[questions.rubric]]
  label = "Plan"
  phrases = ["30 days", "meet", "learn"]
"""


def install_bank(home: Path) -> None:
    (home / "banks").mkdir(parents=True, exist_ok=True)
    (home / "banks" / "e2e.toml").write_text(BANK, encoding="utf-8")


def run(*args: str, stdin: str = "", timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=os.environ.copy(),
    )


class Interactive:
    """A `callback-sim` process fed line by line, read until an expected text appears."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [str(CLI), *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=os.environ.copy(),
        )
        self.output = ""

    def expect(self, text: str, timeout: float = 30) -> str:
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        deadline = time.monotonic() + timeout
        while text not in self.output:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"timed out waiting for {text!r}; got:\n{self.output}")
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise AssertionError(f"process ended before {text!r}; got:\n{self.output}")
                self.output += chunk.decode("utf-8", "replace")
        return self.output

    def send(self, text: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(text.encode("utf-8"))
        self.proc.stdin.flush()

    def kill(self) -> None:
        self.proc.kill()  # SIGKILL: no cleanup, no finally blocks
        self.proc.wait(timeout=10)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.kill()
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
