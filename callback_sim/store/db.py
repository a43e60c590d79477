"""Opening the database safely, translating SQLite failures into one-line errors, owner checks.

Everything here exists so that a bad file is never recreated or overwritten, a locked or
read-only database is said plainly, and a session whose process died can be told apart
from one still being answered in another terminal (even when the pid was reused).
"""

from __future__ import annotations

import os
import re
import socket
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from callback_sim.clock import now_utc
from callback_sim.core.errors import CallbackSimError

if TYPE_CHECKING:
    pass

SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(CallbackSimError):
    """A database problem, said in one line that names the file and what to do."""

    def __init__(self, message: str, *, recovery_path: Path | None = None) -> None:
        super().__init__(message)
        #: Where an answer that could not be saved was written instead, if one was.
        self.recovery_path = recovery_path


class DatabaseCorruptError(StoreError):
    """The file is not a SQLite database or is damaged; it is left exactly as it was."""

    def __init__(self, message: str, *, finding: str = "", **kw: Path | None) -> None:
        super().__init__(message, **kw)
        #: What SQLite found ("database disk image is malformed", a quick_check line).
        self.finding = finding or message


class DatabaseLockedError(StoreError):
    """Another process held the write lock for longer than the busy timeout."""


class ReadOnlyError(StoreError):
    """The database file or its directory cannot be written."""


class DiskFullError(StoreError):
    """The disk (or quota) is full."""


class SchemaTooNewError(StoreError):
    """The database was written by a newer callback-sim; it is left untouched."""


def utc_now() -> str:
    """The current UTC time as ISO 8601 with a Z, to the second (sorts as text)."""
    return now_utc().strftime("%Y-%m-%dT%H:%M:%SZ")


# -- text that SQLite and JSON can always hold --------------------------------------------

#: Unicode category Cc (C0, DEL, C1) except tab and newline.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def sanitize_text(text: str) -> str:
    """Pasted text made storable: lone surrogates become U+FFFD, control characters go.

    Line endings become "\\n"; tabs and newlines stay; every other character (RTL marks,
    zero-width joiners in emoji, combining marks) is kept verbatim. Score answers *after*
    this so evidence spans point into the stored text.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _SURROGATE.sub("\ufffd", _CONTROLS.sub("", text))


def without_surrogates(text: str) -> str:
    """Only the surrogate repair of `sanitize_text`, for JSON and prompt text we store."""
    return _SURROGATE.sub("\ufffd", text)


# -- errors -----------------------------------------------------------------------------

_FIX_READONLY = "make it and its directory writable, or use --data-dir DIR"


def translate_error(exc: BaseException, path: Path, action: str = "use") -> StoreError:
    """A one-line StoreError for a sqlite3 or OS error met while working on `path`."""
    if isinstance(exc, StoreError):
        return exc
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    lowered = text.lower()
    if isinstance(exc, OSError):
        import errno

        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFullError(f"{path}: the disk is full; free some space and try again")
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            return ReadOnlyError(
                f"{path}: cannot {action} the database (permission denied); {_FIX_READONLY}"
            )
        return StoreError(f"{path}: cannot {action} the database ({exc.strerror or exc})")
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED") or "locked" in lowered:
        return DatabaseLockedError(
            f"{path}: the database is locked by another callback-sim process; "
            "finish or close it and try again"
        )
    if name.startswith("SQLITE_READONLY") or "readonly" in lowered or "read-only" in lowered:
        return ReadOnlyError(f"{path}: the database is read-only; {_FIX_READONLY}")
    if name == "SQLITE_FULL" or "disk is full" in lowered:
        return DiskFullError(f"{path}: the disk is full; free some space and try again")
    if (
        name.startswith("SQLITE_CORRUPT")
        or name == "SQLITE_NOTADB"
        or "malformed" in lowered
        or "not a database" in lowered
    ):
        return DatabaseCorruptError(
            f"{path}: the database is damaged ({text}); it was left untouched: run "
            "`callback-sim doctor`, then `callback-sim doctor --salvage` or "
            "`callback-sim restore BACKUP_FILE`",
            finding=text,
        )
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in lowered:
        return ReadOnlyError(f"{path}: cannot open the database ({text}); {_FIX_READONLY}")
    if name.startswith("SQLITE_IOERR") or "disk i/o" in lowered:
        if disk_nearly_full(path):
            # SQLite reports a write that ran out of room as an I/O error on some paths.
            return DiskFullError(f"{path}: the disk is full; free some space and try again")
        return StoreError(
            f"{path}: the disk reported an error ({text}); check the disk, "
            "then run `callback-sim doctor`"
        )
    return StoreError(f"{path}: database error ({text}); run `callback-sim doctor`")


#: Less free space than this, when SQLite reports an I/O error, means the disk is full.
FULL_DISK_BYTES = 1024 * 1024


def disk_nearly_full(path: Path) -> bool:
    """Whether the file system holding `path` has (almost) no room left for us."""
    directory = path if path.is_dir() else path.parent
    try:
        st = os.statvfs(directory)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < FULL_DISK_BYTES


def damaged_error(path: Path, finding: str) -> DatabaseCorruptError:
    """The one line for a database whose integrity check failed: nothing is written to it."""
    return DatabaseCorruptError(
        f"{path}: the database is damaged ({finding}); nothing was written to it: run "
        "`callback-sim doctor --salvage` to copy what is readable into a new database, "
        "or `callback-sim restore BACKUP_FILE`",
        finding=finding,
    )


# -- opening ----------------------------------------------------------------------------


def read_header(path: Path) -> bytes:
    """The first bytes of a file, as long as SQLite's header; StoreError when unreadable."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise translate_error(exc, path, "read") from None


def read_only_uri(path: Path) -> str:
    """The URI that opens `path` with `mode=ro` (SQLite then never writes to it)."""
    from urllib.parse import quote

    return f"file:{quote(str(path.resolve()))}?mode=ro"


def _check_existing_file(path: Path) -> None:
    """Refuse a file that is not SQLite before SQLite gets a chance to write to it."""
    if not path.is_file():
        raise StoreError(f"{path}: is not a regular file; move it away or use --data-dir DIR")
    head = read_header(path)
    # An empty file is a valid empty database (sqlite3 creates them so); anything else
    # must carry the SQLite header.
    if head and head != SQLITE_HEADER:
        raise DatabaseCorruptError(
            f"{path}: is not a callback-sim database (no SQLite header); it was left "
            "untouched: move it away or run `callback-sim doctor --move-aside`"
        )


def _create_new_file(path: Path) -> None:
    """A new database file, private to the user (0600) in a private directory (0700)."""
    try:
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
    except FileExistsError:
        # Another process created it a moment ago: open what is there, never overwrite it.
        return
    except OSError as exc:
        raise translate_error(exc, path, "create") from None


def _connect_read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """`mode=ro`; in a directory nobody may write, `immutable=1` (no -shm can exist there).

    A WAL database needs its -shm file even to read; when the directory is read-only and
    the file was closed cleanly there is none, and no other process can be writing
    (it could not create the -wal), so reading the file as immutable is exact.
    """
    base = read_only_uri(path)
    try:
        conn = sqlite3.connect(base, uri=True, check_same_thread=False, timeout=timeout)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.Error:
        if os.access(path.parent, os.W_OK) or path.with_name(path.name + "-wal").exists():
            raise
    return sqlite3.connect(
        base + "&immutable=1", uri=True, check_same_thread=False, timeout=timeout
    )


def connect(path: Path, *, busy_timeout_ms: int, read_only: bool = False) -> sqlite3.Connection:
    """One connection (usable from worker threads) with our pragmas.

    The file is checked or created first; the journal mode is switched to WAL by
    `Store.open` only after the schema version is known to be ours. `read_only` opens
    an existing file with `mode=ro` and creates nothing.
    """
    if path.exists():
        _check_existing_file(path)
    elif read_only:
        raise StoreError(f"{path}: there is no database yet; `callback-sim practice` creates it")
    else:
        _create_new_file(path)
    try:
        if read_only:
            conn = _connect_read_only(path, busy_timeout_ms / 1000)
        else:
            conn = sqlite3.connect(
                str(path), check_same_thread=False, timeout=busy_timeout_ms / 1000
            )
    except sqlite3.Error as exc:
        raise translate_error(exc, path, "open") from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA foreign_keys = ON")
        if read_only:
            conn.execute("PRAGMA query_only = ON")
            return conn
        # FULL, not WAL's usual NORMAL: a submitted answer must survive a power cut too.
        conn.execute("PRAGMA synchronous = FULL")
        return conn
    except sqlite3.Error as exc:
        conn.close()
        raise translate_error(exc, path, "open") from None


# -- owner processes --------------------------------------------------------------------


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


def _proc_start_ticks(pid: int) -> str | None:
    """The process start time in clock ticks since boot (Linux), or None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: split after the last ")".
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def process_marker(pid: int | None = None) -> str:
    """host/boot/start-time of a process: different for a later process that reuses the pid."""
    pid = os.getpid() if pid is None else pid
    start = _proc_start_ticks(pid) or ""
    return f"{socket.gethostname()}/{_boot_id()}/{start}"


def owner_alive(pid: int | None, marker: str | None) -> bool:
    """Whether the process that owns a session still runs (and is the same process)."""
    if pid is None:
        return False
    if marker:
        host = marker.split("/", 1)[0]
        if host != socket.gethostname():
            # A session started on another machine (a synced data directory) cannot be
            # checked from here; treating it as interrupted only makes it resumable.
            return False
        if _proc_start_ticks(os.getpid()) is not None:
            return process_marker(pid) == marker
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
