"""The entry point goes straight to the TUI only when there is nothing else to parse."""

from __future__ import annotations

import pytest

from callback_sim.launch import _tui_data_dir


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], (True, None)),
        (["--data-dir", "/tmp/x"], (True, "/tmp/x")),
        (["--data-dir=/tmp/y"], (True, "/tmp/y")),
        (["history"], (False, None)),
        (["--data-dir", "/tmp/x", "history"], (False, None)),
        (["--version"], (False, None)),
        (["--help"], (False, None)),
    ],
)
def test_tui_only_arguments(args: list[str], expected: tuple[bool, str | None]) -> None:
    assert _tui_data_dir(args) == expected
