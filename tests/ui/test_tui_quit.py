"""ctrl+q from a screen with unsaved edits asks first (issue 14 item 6); editor drafts return."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import TextArea

from callback_sim.context import AppContext
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens.banks import QuestionEditor, editor_draft_key
from callback_sim.tui.screens.debrief import DebriefScreen
from callback_sim.tui.screens.dialogs import ConfirmDialog
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.kit import KitScreen
from tests.unit.test_scoring_worker import wait_until_gone

from .test_tui_banks import make_app as make_banks_app
from .test_tui_banks import open_banks, open_editor
from .test_tui_debrief import open_debrief
from .test_tui_kit import open_kit
from .tui_helpers import FakeClock, make_app, wait_for

SIZE = (100, 30)


def _state(home: Path, key: str) -> object:
    context = AppContext.create(str(home))
    try:
        return context.store().get_state(key)
    finally:
        context.close()


async def test_ctrl_q_in_the_debrief_asks_before_dropping_edits(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_debrief(pilot)
        await pilot.press("enter")  # "+ New debrief"
        await pilot.pause()
        await pilot.press(*"Initech")
        await wait_for(pilot, lambda: screen.has_unsaved_edits())
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = str(app.screen.query_one("#dialog-question").render())
        assert "The debrief has changes that are not saved" in question
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.return_code is None  # still running, edits still there
        assert screen.has_unsaved_edits()
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None)


async def test_ctrl_q_in_the_prep_kit_asks_first(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kit(pilot)
        assert isinstance(screen, KitScreen)
        await pilot.press("tab", *"Initech")
        await wait_for(pilot, lambda: screen.has_unsaved_edits())
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "The prep kit has changes" in str(app.screen.query_one("#dialog-question").render())
        await pilot.press("ctrl+q")  # again while asked: the user means it
        await wait_for(pilot, lambda: app.return_code is not None)


async def test_ctrl_q_without_edits_quits_at_once(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await open_kit(pilot)
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)


async def test_bank_editor_asks_on_quit_keeps_a_draft_and_offers_it_back(
    isolated_home: Path,
) -> None:
    app = make_banks_app(isolated_home)
    path = isolated_home / "banks" / "zz-mine.toml"
    before = path.read_text(encoding="utf-8")
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        editor.query_one("#ed-prompt", TextArea).text = "Why did you really leave?"
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        question = str(app.screen.query_one("#dialog-question").render())
        assert "The question editor has changes that are not saved" in question
        assert "kept as a draft" in question
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert path.read_text(encoding="utf-8") == before  # nothing saved behind the user's back
    key = editor_draft_key("zz-mine", "zz-mine-001")
    draft = _state(isolated_home, key)
    assert isinstance(draft, dict) and draft["ed-prompt"] == "Why did you really leave?"

    again = CallbackSimApp(AppContext.create(str(isolated_home)), clock=FakeClock())
    async with again.run_test(size=SIZE) as pilot:
        await open_banks(pilot, "zz-mine")
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(again.screen, ConfirmDialog))
        offer = str(again.screen.query_one("#dialog-question").render())
        assert "unsaved edits to question zz-mine-001" in offer
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(again.screen, QuestionEditor))
        editor = again.screen
        assert isinstance(editor, QuestionEditor)
        assert editor.query_one("#ed-prompt", TextArea).text == "Why did you really leave?"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: path.read_text(encoding="utf-8") != before)
        await wait_for(pilot, lambda: _state(isolated_home, key) is None)
    assert 'prompt = "Why did you really leave?"' in path.read_text(encoding="utf-8")


async def test_escape_in_the_bank_editor_asks_before_dropping_edits(isolated_home: Path) -> None:
    app = make_banks_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        editor.query_one("#ed-prompt", TextArea).text = "Changed"
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is editor)
        assert editor.query_one("#ed-prompt", TextArea).text == "Changed"


async def test_debrief_edits_quit_unsaved_are_offered_back(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_debrief(pilot)
        await pilot.pause()
        assert screen.focused is screen.query_one("#dbf-company")  # the first empty field
        await pilot.press(*"Initech")
        await wait_for(pilot, lambda: screen.has_unsaved_edits())
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert _state(isolated_home, "debrief.draft") is not None

    again = make_app(isolated_home)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen) and again.home_data)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(again.screen, ConfirmDialog))
        screen = next(s for s in again.screen_stack if isinstance(s, DebriefScreen))
        assert "unsaved changes to the debrief" in str(
            again.screen.query_one("#dialog-question").render()
        )
        await pilot.press("y")
        await wait_for(pilot, lambda: screen.query_one("#dbf-company").value == "Initech")
        assert screen.has_unsaved_edits()  # restored, still to be saved with ctrl+s
    assert _state(isolated_home, "debrief.draft") is None


async def test_prep_kit_edits_quit_unsaved_are_offered_back(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_kit(pilot)
        await pilot.press("tab", *"Initech")
        await wait_for(pilot, lambda: screen.has_unsaved_edits())
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
    assert _state(isolated_home, "kit.draft") is not None

    again = make_app(isolated_home)
    async with again.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(again.screen, HomeScreen) and again.home_data)
        await pilot.press("k")
        await wait_for(pilot, lambda: isinstance(again.screen, ConfirmDialog))
        kit = next(s for s in again.screen_stack if isinstance(s, KitScreen))
        await pilot.press("n")  # Discard: gone for good
        await wait_for(pilot, lambda: again.screen is kit)
        await wait_for(pilot, lambda: _state(isolated_home, "kit.draft") is None)


async def test_ctrl_q_ends_the_scoring_process(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.home_data is not None)
        worker = app.scoring_worker()
        assert await asyncio.to_thread(worker.start)
        pid = worker.pid
        assert pid is not None
        await pilot.press("ctrl+q")
        await wait_for(pilot, lambda: app.return_code is not None)
        # Gone before the app has even finished closing: quitting does not leave it behind.
        assert wait_until_gone(pid)
        assert not worker.start()  # and nothing starts another
