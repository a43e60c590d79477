"""Settings files: a damaged config.toml is one line naming the file, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from callback_sim.config import ConfigError, load_settings


def test_deeply_nested_config_is_one_line_not_a_recursion_error(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("voice = " + "[" * 500 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_settings(path)
    assert str(err.value) == (
        f"{path}:1: arrays or tables are nested too deeply to read; "
        "this is not a file callback-sim wrote: fix or remove it"
    )
