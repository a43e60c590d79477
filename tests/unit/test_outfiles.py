"""`--out` files: refused when present unless forced, 0600, and never half written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from callback_sim import outfiles
from callback_sim.core.errors import CallbackSimError
from callback_sim.outfiles import OutputExistsError, write_new_file


def test_new_file_is_private_and_complete(tmp_path: Path) -> None:
    path = write_new_file(tmp_path / "out.txt", "hello\n")
    assert path.read_text(encoding="utf-8") == "hello\n"
    assert path.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_existing_file_is_refused_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="already exists; add --force"):
        write_new_file(path, "theirs")
    assert path.read_text(encoding="utf-8") == "mine"
    assert [p.name for p in tmp_path.iterdir()] == ["mine.txt"]


def test_a_dangling_symlink_is_not_followed(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "elsewhere.txt")
    with pytest.raises(OutputExistsError):
        write_new_file(link, "x")
    assert not (tmp_path / "elsewhere.txt").exists()


def test_force_replaces_and_makes_the_file_private(tmp_path: Path) -> None:
    path = tmp_path / "mine.txt"
    path.write_text("mine", encoding="utf-8")
    path.chmod(0o644)
    write_new_file(path, b"new", force=True)
    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600


def test_a_file_that_appears_during_the_write_is_not_overwritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "race.txt"
    real_link = os.link

    def someone_else_first(src: str, dst: str) -> None:
        Path(dst).write_text("theirs", encoding="utf-8")
        real_link(src, dst)

    monkeypatch.setattr(outfiles.os, "link", someone_else_first)
    with pytest.raises(OutputExistsError):
        write_new_file(path, "ours")
    assert path.read_text(encoding="utf-8") == "theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["race.txt"]


def test_unwritable_directory_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no-such-dir" / "out.txt"
    with pytest.raises(CallbackSimError) as err:
        write_new_file(target, "x")
    assert str(target) in str(err.value) and "\n" not in str(err.value)
