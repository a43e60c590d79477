"""Backup file names and thinning: the newest ten, plus the newest of every month, are kept."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path


def backup_name(dest_dir: Path, stem: str, when: datetime) -> Path:
    """`STEM-YYYYmmdd-HHMMSS.db` in `dest_dir`, with `-2`, `-3`... if that second is taken."""
    base = f"{stem}-{when:%Y%m%d-%H%M%S}"
    target = dest_dir / f"{base}.db"
    n = 2
    while target.exists():
        target = dest_dir / f"{base}-{n}.db"
        n += 1
    return target


def list_backups(dest_dir: Path, stem: str) -> list[Path]:
    """Backups of the database named `stem`, newest first."""
    pattern = re.compile(rf"^{re.escape(stem)}-(\d{{8}})-(\d{{6}})(?:-(\d+))?\.db$")
    found: list[tuple[str, str, int, Path]] = []
    if not dest_dir.is_dir():
        return []
    for path in dest_dir.iterdir():
        m = pattern.match(path.name)
        if m and path.is_file():
            found.append((m.group(1), m.group(2), int(m.group(3) or 1), path))
    found.sort(reverse=True)
    return [item[3] for item in found]


def thin_backups(
    dest_dir: Path, stem: str, *, keep_last: int = 10, keep: Path | None = None
) -> list[Path]:
    """Remove old backups beyond the newest `keep_last` and the newest of each month.

    `keep` (the backup just made) and the newest backup are never removed. Returns the
    removed paths.
    """
    backups = list_backups(dest_dir, stem)
    kept: set[Path] = set(backups[: max(1, keep_last)])
    months: set[str] = set()
    for path in backups:  # newest first: the first seen of a month is its newest
        month = path.name[len(stem) + 1 : len(stem) + 7]
        if month not in months:
            months.add(month)
            kept.add(path)
    if keep is not None:
        kept.add(keep)
    removed: list[Path] = []
    for path in backups:
        if path not in kept:
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
