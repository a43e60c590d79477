"""Local SQLite storage of sessions, answers and drafts (sqlite-utils); see docs/data.md.

The only package that imports sqlite_utils. `Store.open(path)` creates or migrates the
database; every failure is a one-line `StoreError` naming the file.
"""

from callback_sim.store.db import (
    DatabaseCorruptError,
    DatabaseLockedError,
    DiskFullError,
    ReadOnlyError,
    SchemaTooNewError,
    StoreError,
    sanitize_text,
)
from callback_sim.store.migrations import LATEST_VERSION, MIGRATIONS, Migration
from callback_sim.store.sessions import Store

__all__ = [
    "LATEST_VERSION",
    "MIGRATIONS",
    "DatabaseCorruptError",
    "DatabaseLockedError",
    "DiskFullError",
    "Migration",
    "ReadOnlyError",
    "SchemaTooNewError",
    "Store",
    "StoreError",
    "sanitize_text",
]
