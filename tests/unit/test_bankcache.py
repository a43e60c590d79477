"""The parsed-bank cache: equal to parsing, rebuilt when a bank changes, never trusted blindly."""

from __future__ import annotations

import os
from pathlib import Path

from callback_sim.bankcache import CACHE_NAME, load_bank_set_cached
from callback_sim.core.banks import load_bank_set
from callback_sim.paths import builtin_banks_dir

USER_BANK = """
[bank]
id = "mine"
title = "Mine"
category = "pushback"

[[questions]]
id = "mine-001"
prompt = "{prompt}"

  [[questions.rubric]]
  label = "Outcome"
  phrases = ["reduced", "increased", "saved"]
"""


def write_user_bank(user_dir: Path, prompt: str) -> Path:
    user_dir.mkdir(parents=True, exist_ok=True)
    path = user_dir / "mine.toml"
    path.write_text(USER_BANK.replace("{prompt}", prompt), encoding="utf-8")
    return path


def test_cached_result_equals_a_fresh_parse(tmp_path: Path) -> None:
    user, cache = tmp_path / "banks", tmp_path / "cache"
    write_user_bank(user, "What changed?")
    first = load_bank_set_cached(builtin_banks_dir(), user, cache)
    assert (cache / CACHE_NAME).exists()
    second = load_bank_set_cached(builtin_banks_dir(), user, cache)
    assert second == first == load_bank_set(builtin_banks_dir(), user)


def test_editing_a_bank_rebuilds_the_cache(tmp_path: Path) -> None:
    user, cache = tmp_path / "banks", tmp_path / "cache"
    path = write_user_bank(user, "Before the edit?")
    load_bank_set_cached(builtin_banks_dir(), user, cache)
    write_user_bank(user, "After the edit, a longer prompt?")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 5_000_000))
    fresh = load_bank_set_cached(builtin_banks_dir(), user, cache)
    assert fresh.get("mine").questions[0].prompt == "After the edit, a longer prompt?"


def test_a_damaged_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    user, cache = tmp_path / "banks", tmp_path / "cache"
    cache.mkdir()
    (cache / CACHE_NAME).write_bytes(b"not a pickle")
    banks = load_bank_set_cached(builtin_banks_dir(), user, cache)
    assert {b.id for b in banks.banks} >= {"pushback", "curiosity"}
    assert (cache / CACHE_NAME).read_bytes() != b"not a pickle"


def test_an_unwritable_cache_dir_still_loads(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    banks = load_bank_set_cached(builtin_banks_dir(), tmp_path / "banks", blocker)
    assert len(banks.banks) >= 5
