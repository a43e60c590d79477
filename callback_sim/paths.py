"""Where callback-sim keeps its files. The only module that calls platformdirs.

`--data-dir DIR` or the `CALLBACK_SIM_HOME` environment variable puts everything
(config, data, database, user banks) under one directory; otherwise the platform's
user config and data directories are used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

APP_NAME = "callback-sim"
HOME_ENV = "CALLBACK_SIM_HOME"


@dataclass(frozen=True)
class Paths:
    """Every location the app reads or writes."""

    config_dir: Path
    data_dir: Path

    @property
    def config_file(self) -> Path:
        return self.config_dir / "config.toml"

    @property
    def database(self) -> Path:
        return self.data_dir / "callback-sim.db"

    @property
    def user_banks(self) -> Path:
        return self.data_dir / "banks"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def cache(self) -> Path:
        """Derived files that can always be rebuilt (parsed banks)."""
        return self.data_dir / "cache"

    @property
    def recovery(self) -> Path:
        """Answers that could not be saved (disk full, read-only) are written here."""
        return self.data_dir / "recovery"

    def ensure_data_dir(self) -> None:
        """Create the data directory private to the user (0700) if it is missing."""
        for d in (self.data_dir, self.user_banks):
            if not d.exists():
                d.mkdir(parents=True, mode=0o700, exist_ok=True)


def resolve_paths(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Paths for this run: an explicit directory, then CALLBACK_SIM_HOME, then platformdirs."""
    root = data_dir if data_dir is not None else os.environ.get(HOME_ENV) or None
    if root is not None:
        base = Path(root).expanduser().resolve()
        return Paths(config_dir=base, data_dir=base)
    import platformdirs

    return Paths(
        config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)),
        data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)),
    )


def builtin_banks_dir() -> Path:
    """The built-in banks: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "question_banks"
    if packaged.is_dir():
        return packaged
    return here.parent / "question_banks"
