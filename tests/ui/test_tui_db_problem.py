"""The TUI when the database cannot be used: a clear screen, a choice, a non-zero exit."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from textual.widgets import Static

from callback_sim.store.migrations import MIGRATION_SET
from callback_sim.tui.screens.db_problem import DbProblemScreen
from callback_sim.tui.screens.home import HomeScreen
from tests.ui.tui_helpers import make_app, wait_for, wait_for_screen
from tests.unit.test_store_faults import MARKER, fill, zero_page_holding


def _damaged_home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    fill(home / "callback-sim.db")
    zero_page_holding(home / "callback-sim.db", f"{MARKER}-2 ")
    return home


def _text(screen: DbProblemScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def test_damaged_database_shows_problem_screen_and_exits_1(tmp_path: Path) -> None:
    home = _damaged_home(tmp_path)
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, DbProblemScreen)
        text = _text(app.screen)  # type: ignore[arg-type]
        assert "Your database cannot be used" in text
        assert str(home / "callback-sim.db") in text and "damaged" in text
        for step in ("callback-sim doctor", "doctor --salvage", "restore", "--move-aside"):
            assert step in text
        await pilot.press("q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert app.return_code == 1


async def test_practice_without_saving_only_when_chosen(tmp_path: Path) -> None:
    home = _damaged_home(tmp_path)
    db = home / "callback-sim.db"
    digest = hashlib.sha256(db.read_bytes()).hexdigest()
    app = make_app(home)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_screen(pilot, DbProblemScreen)
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.home_data)
        assert "nothing you answer is kept" in app.sub_title
        unsaved = app.context.store().path
        assert unsaved != db and unsaved.exists()
        await pilot.press("ctrl+q")
    app.discard_unsaved()
    assert not unsaved.exists()
    assert app.db_problem is not None  # run_app exits 1 for this
    assert hashlib.sha256(db.read_bytes()).hexdigest() == digest


async def test_newer_database_says_upgrade(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    fill(home / "callback-sim.db", 1)
    conn = sqlite3.connect(home / "callback-sim.db")
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [MIGRATION_SET, "0999_from_the_future", "2030-01-01"],
    )
    conn.commit()
    conn.close()
    app = make_app(home)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_screen(pilot, DbProblemScreen)
        text = _text(app.screen)  # type: ignore[arg-type]
        assert "newer callback-sim" in text and "Upgrade callback-sim" in text
        await pilot.press("escape")
    assert app.return_code == 1
