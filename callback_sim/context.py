"""What every command gets: the paths of this run and lazy access to settings, banks and store.

The CLI is the composition root (STYLE.md): it builds these and hands them to commands
and to the TUI. Heavy modules (sqlite-utils, rapidfuzz) are imported only when a command
asks for the store or the banks, so `--version`, `--help` and the TUI's first frame stay fast.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from callback_sim.paths import Paths, builtin_banks_dir, resolve_paths

if TYPE_CHECKING:
    from callback_sim.bankcache import BankSummary
    from callback_sim.config import Settings
    from callback_sim.core.banks import BankSet
    from callback_sim.store import Store


@dataclass
class AppContext:
    """Paths plus lazily opened settings, banks and store; one per process."""

    paths: Paths
    _cache: dict[str, Any] = field(default_factory=dict)
    #: Things to tell the user once (an empty database file set up as new).
    notices: list[str] = field(default_factory=list)
    #: Print notices to stderr as they arise (the CLI); the TUI shows them itself.
    echo_notices: bool = True

    @classmethod
    def create(cls, data_dir: str | None = None) -> AppContext:
        return cls(paths=resolve_paths(data_dir))

    def settings(self) -> Settings:
        if "settings" not in self._cache:
            from callback_sim.config import load_settings

            self._cache["settings"] = load_settings(self.paths.config_file)
        settings: Settings = self._cache["settings"]
        return settings

    def banks(self, *, reload: bool = False) -> BankSet:
        """Built-in and user banks; a bad user bank is reported in `BankSet.errors`, not raised."""
        if reload or "banks" not in self._cache:
            from callback_sim.bankcache import load_bank_set_cached

            self._cache["banks"] = load_bank_set_cached(
                builtin_banks_dir(), self.paths.user_banks, self.paths.cache
            )
        banks: BankSet = self._cache["banks"]
        return banks

    def bank_summary(self) -> BankSummary:
        """Each bank's (id, title, question count) and the bank-file errors: what Home lists.

        Read from a small cache without parsing or loading any question when the bank
        files have not changed since it was written; otherwise from `banks()`.
        """
        from callback_sim import bankcache

        where = (builtin_banks_dir(), self.paths.user_banks, self.paths.cache)
        if "banks" not in self._cache:
            summary = bankcache.load_bank_summary_cached(*where)
            if summary is not None:
                return summary
            return bankcache.save_bank_summary(*where, self.banks())
        return bankcache.summarize(self.banks())

    def store(self, *, read_only: bool = False) -> Store:
        """The one Store of this process, opened (and migrated) on first use.

        `read_only` (history, report, export, backup) opens an existing, up-to-date
        database with `mode=ro`, so a read-only data directory can still be read.
        """
        if "store" not in self._cache:
            from callback_sim.store import Store

            database = self.paths.database
            store: Store | None = None
            if read_only and database.is_file() and database.stat().st_size > 0:
                store = Store.open(database, read_only=True)
                if store.needs_upgrade() and os.access(database.parent, os.W_OK):
                    store.close()
                    store = None
            if store is None:
                self.paths.ensure_data_dir()
                store = Store.open(database)
            self._cache["store"] = store
            if store.was_empty:
                self._notice(
                    f"{database}: the database file was empty (0 bytes); it was set up as a "
                    "new database. If your sessions should be in it, restore a backup: "
                    "`callback-sim restore BACKUP_FILE` (`callback-sim doctor` lists them)"
                )
        opened: Store = self._cache["store"]
        return opened

    def replace_store(self, store: Store) -> None:
        """Use `store` from now on (practice without saving: a temporary database)."""
        old = self._cache.pop("store", None)
        if old is not None:
            old.close()
        self._cache["store"] = store

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self.echo_notices:
            print(f"Note: {text}", file=sys.stderr)

    def close(self) -> None:
        store = self._cache.pop("store", None)
        if store is not None:
            store.close()
