"""A cache of the parsed banks, so the TUI's first screen does not re-parse TOML every launch.

Parsing and validating the built-in banks takes ~30 ms; unpickling the result takes
under 1 ms. The cache is keyed by the size and mtime of every bank file plus the code
that parses them, so editing a bank (or upgrading callback-sim) rebuilds it. Any problem
with the cache file just means parsing as before: it is never a source of truth.

Beside it, a much smaller summary under the same key holds what the home screen lists
(each bank's id, title and question count, and the bank-file errors), so the first
frame needs neither the parser's modules nor the questions; the full set is loaded when
a round or the bank browser asks for it.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from callback_sim import __version__

if TYPE_CHECKING:
    from callback_sim.core.banks import BankSet

CACHE_NAME = "banks.pickle"
SUMMARY_NAME = "banks-summary.pickle"
#: The code that parses banks and defines their shape: a change to it rebuilds the cache.
_PARSER_FILES = (
    Path(__file__).parent / "core" / "banks.py",
    Path(__file__).parent / "core" / "models.py",
)

#: (bank id, title, question count) per usable bank, and the bank-file errors.
BankSummary = tuple[tuple[tuple[str, str, int], ...], tuple[str, ...]]


def _fingerprint(builtin_dir: Path, user_dir: Path) -> tuple[object, ...]:
    parts: list[object] = [__version__]
    for code in _PARSER_FILES:
        st = os.stat(code)
        parts.append((st.st_size, st.st_mtime_ns))
    for folder in (builtin_dir, user_dir):
        parts.append(str(folder))
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            parts.append(None)
            continue
        for entry in entries:
            if entry.name.endswith(".toml"):
                try:
                    st = entry.stat()
                except OSError:  # a broken link or a loop: the loader reports it
                    parts.append((entry.name, None))
                    continue
                parts.append((entry.name, st.st_size, st.st_mtime_ns))
    return tuple(parts)


def load_bank_set_cached(builtin_dir: Path, user_dir: Path, cache_dir: Path) -> BankSet:
    """The same BankSet as `load_bank_set`, from the cache when no bank file has changed."""
    from callback_sim.core import banks as bank_loader
    from callback_sim.core.banks import BankSet

    key = _fingerprint(builtin_dir, user_dir)
    cache = cache_dir / CACHE_NAME
    try:
        with cache.open("rb") as fh:
            cached_key, bank_set = pickle.load(fh)
        if cached_key == key and isinstance(bank_set, BankSet):
            return bank_set
    except Exception:  # a missing, stale or damaged cache only means re-parsing
        pass
    bank_set = bank_loader.load_bank_set(builtin_dir, user_dir)
    _write(cache, (key, bank_set))
    return bank_set


def summarize(bank_set: BankSet) -> BankSummary:
    return tuple((b.id, b.title, len(b.questions)) for b in bank_set.banks), tuple(bank_set.errors)


def load_bank_summary_cached(
    builtin_dir: Path, user_dir: Path, cache_dir: Path
) -> BankSummary | None:
    """The summary saved for the current bank files, or None (missing, stale or damaged)."""
    key = _fingerprint(builtin_dir, user_dir)
    try:
        with (cache_dir / SUMMARY_NAME).open("rb") as fh:
            cached_key, summary = pickle.load(fh)
    except Exception:  # no summary yet, or a damaged one: the caller loads the banks
        return None
    return summary if cached_key == key else None


def save_bank_summary(
    builtin_dir: Path, user_dir: Path, cache_dir: Path, bank_set: BankSet
) -> BankSummary:
    """Keep `bank_set`'s summary for the next start-up; returns it."""
    summary = summarize(bank_set)
    _write(cache_dir / SUMMARY_NAME, (_fingerprint(builtin_dir, user_dir), summary))
    return summary


def _write(cache: Path, payload: object) -> None:
    """Write the cache atomically; a read-only or full disk just skips caching."""
    import tempfile

    try:
        cache.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".banks-", dir=cache.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(payload, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, cache)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        pass
