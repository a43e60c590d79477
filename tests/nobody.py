"""Shared check for tests that drop to the unprivileged `nobody` user with setpriv."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

SETPRIV = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]


def require_nobody_can_run_python() -> None:
    """Skip (saying why) unless root can drop to `nobody` and `nobody` can run this Python."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("setpriv") is None:
        pytest.skip("permission tests drop to `nobody` with setpriv, which needs root")
    probe = subprocess.run(
        [*SETPRIV, sys.executable, "-c", "import callback_sim"], capture_output=True, check=False
    )
    if probe.returncode != 0:
        pytest.skip(
            "`nobody` cannot read this checkout (a private parent folder), so it cannot run"
        )
