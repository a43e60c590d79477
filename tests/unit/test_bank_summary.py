"""The bank summary Home lists at start-up: equal to the banks, stale after an edit."""

from __future__ import annotations

import os
from pathlib import Path

from callback_sim.bankcache import (
    SUMMARY_NAME,
    load_bank_summary_cached,
    save_bank_summary,
    summarize,
)
from callback_sim.context import AppContext
from callback_sim.core.banks import load_bank_set
from callback_sim.paths import builtin_banks_dir
from tests.unit.test_bankcache import write_user_bank


def test_summary_lists_each_bank_title_and_count(tmp_path: Path) -> None:
    user, cache = tmp_path / "banks", tmp_path / "cache"
    write_user_bank(user, "What changed?")
    banks = load_bank_set(builtin_banks_dir(), user)
    assert load_bank_summary_cached(builtin_banks_dir(), user, cache) is None
    saved = save_bank_summary(builtin_banks_dir(), user, cache, banks)
    assert (cache / SUMMARY_NAME).exists()
    assert load_bank_summary_cached(builtin_banks_dir(), user, cache) == saved
    rows, errors = saved
    assert ("mine", "Mine", 1) in rows
    assert [r[0] for r in rows] == banks.ids() and errors == banks.errors


def test_a_changed_bank_file_makes_the_summary_stale(tmp_path: Path) -> None:
    user, cache = tmp_path / "banks", tmp_path / "cache"
    path = write_user_bank(user, "Before?")
    save_bank_summary(builtin_banks_dir(), user, cache, load_bank_set(builtin_banks_dir(), user))
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000))
    assert load_bank_summary_cached(builtin_banks_dir(), user, cache) is None


def test_a_damaged_summary_is_ignored(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / SUMMARY_NAME).write_bytes(b"not a pickle")
    assert load_bank_summary_cached(builtin_banks_dir(), tmp_path / "banks", cache) is None


def test_context_summary_matches_the_banks_and_skips_them_next_time(isolated_home: Path) -> None:
    write_user_bank(isolated_home / "banks", "What changed?")
    first = AppContext.create(str(isolated_home))
    summary = first.bank_summary()
    assert summary == summarize(first.banks())
    second = AppContext.create(str(isolated_home))
    assert second.bank_summary() == summary
    # Read from the summary: the questions were not loaded.
    assert "banks" not in second._cache
