"""Shared fixtures. Every test gets its own CALLBACK_SIM_HOME: none touches the real home."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point CALLBACK_SIM_HOME (and HOME, XDG dirs) at a temporary directory."""
    home = tmp_path / "cs-home"
    monkeypatch.setenv("CALLBACK_SIM_HOME", str(home))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    yield home
