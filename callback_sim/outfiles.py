"""Files a command writes where the user says (`--out`): never over an existing file unless
`--force`, private to the user (0600) like the database, and complete or not there at all.

The text goes to a temporary file in the target's directory first (mkstemp makes it 0600),
is flushed to disk, and is then hard-linked to the target name, which fails if a file of
that name appeared meanwhile, so nothing is overwritten even in a race. `force` renames
over the target instead (`os.replace`).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from callback_sim.core.errors import CallbackSimError

#: The permissions of every file written with `write_new_file`.
OUTPUT_MODE = 0o600


class OutputExistsError(CallbackSimError):
    """The output file is already there and `--force` was not given."""


def exists_message(path: Path) -> str:
    return f"{path}: already exists; add --force to replace it, or choose another file name"


def check_output(path: Path, *, force: bool) -> None:
    """Refuse early (before any slow work) when `path` exists and `force` is off."""
    if path.is_dir():
        raise CallbackSimError(f"{path}: is a directory; give a file name")
    if not force and (path.exists() or path.is_symlink()):
        raise OutputExistsError(exists_message(path))


def write_new_file(path: Path, data: bytes | str, *, force: bool = False) -> Path:
    """Write `data` to `path` (0600); an existing file is refused unless `force`."""
    check_output(path, force=force)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise CallbackSimError(
            f"{path}: cannot write the file ({exc.strerror or exc}); choose a writable path"
        ) from None
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, OUTPUT_MODE)
        if force:
            os.replace(temp, path)
        else:
            _link_new(temp, path)
    except FileExistsError:
        raise OutputExistsError(exists_message(path)) from None
    except OSError as exc:
        raise CallbackSimError(
            f"{path}: cannot write the file ({exc.strerror or exc}); choose a writable path"
        ) from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return path


def _link_new(temp: Path, path: Path) -> None:
    """Give `temp` the name `path` only if no such file exists (atomically where possible)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:
        # No hard links here (some network or FAT file systems): an exclusive create instead.
        with open(path, "xb") as target, open(temp, "rb") as source:
            target.write(source.read())
        os.chmod(path, OUTPUT_MODE)
