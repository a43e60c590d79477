"""Start-up: the home data read before Textual starts (HomePrefetch) fills the first frame."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from textual.widgets import SelectionList

from callback_sim.context import AppContext
from callback_sim.core.errors import CallbackSimError
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.home_data import HomePrefetch
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.widgets.rounds_table import RoundsTable
from tests.ui.tui_helpers import BANK, FakeClock, make_context, wait_for


class GatedPrefetch(HomePrefetch):
    """A prefetch that reads only once the test opens the gate (a slow disk)."""

    def __init__(self, context: AppContext) -> None:
        self.gate = threading.Event()
        super().__init__(context)

    def _run(self) -> None:
        self.gate.wait(5)
        super()._run()


def _seed_round(context: AppContext) -> None:
    store = context.store()
    session = store.create_session(mode="quick", planned=list(BANK.questions[:2]))
    store.finish_session(session.id, "completed")


async def test_a_finished_prefetch_is_on_the_first_frame(isolated_home: Path) -> None:
    context = make_context(isolated_home)
    _seed_round(context)
    prefetch = HomePrefetch(context)
    prefetch.result()
    app = CallbackSimApp(context, clock=FakeClock(), home_prefetch=prefetch)
    assert app.home_data is not None and len(app.home_data.recent) == 1
    async with app.run_test(size=(100, 30)):
        home = app.screen
        assert isinstance(home, HomeScreen) and home.data is app.home_data
        assert home.query_one("#recent", RoundsTable).row_count == 1
        assert not home.query_one("#banks", SelectionList).loading
        # Nothing was read a second time.
        assert not [w for w in app.workers if w.name == "load-home"]


async def test_a_prefetch_still_reading_is_waited_for(isolated_home: Path) -> None:
    context = make_context(isolated_home)
    _seed_round(context)
    prefetch = GatedPrefetch(context)
    app = CallbackSimApp(context, clock=FakeClock(), home_prefetch=prefetch)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen) and home.data is None
        prefetch.gate.set()
        await wait_for(pilot, lambda: home.data is not None)
        assert home.query_one("#recent", RoundsTable).row_count == 1


async def test_a_failed_prefetch_is_read_again_and_reported(isolated_home: Path) -> None:
    context = make_context(isolated_home)
    calls = []

    def broken_store() -> object:
        calls.append(1)
        raise CallbackSimError(f"{isolated_home}/callback-sim.db: database is locked; close it")

    context.store = broken_store  # type: ignore[method-assign]
    prefetch = HomePrefetch(context)
    with contextlib.suppress(CallbackSimError):
        prefetch.result()
    app = CallbackSimApp(context, clock=FakeClock(), home_prefetch=prefetch)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: len(calls) == 2)
        await wait_for(pilot, lambda: bool(app._notifications))
        messages = [n.message for n in app._notifications]
        assert any("database is locked" in m for m in messages)


async def test_garbage_collection_comes_back_after_the_first_frame(isolated_home: Path) -> None:
    """The entry point starts the TUI with the collector off; the App turns it back on."""
    import gc

    context = make_context(isolated_home)
    frozen_before = gc.get_freeze_count()
    gc.disable()
    try:
        app = CallbackSimApp(context, clock=FakeClock())
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_for(pilot, lambda: gc.isenabled() and app.home_data is not None)
            # What start-up built is frozen: later collections do not scan it again.
            assert gc.get_freeze_count() > frozen_before
    finally:
        gc.unfreeze()
        gc.enable()


async def test_garbage_collection_left_alone_when_it_was_on(isolated_home: Path) -> None:
    import gc

    context = make_context(isolated_home)
    frozen_before = gc.get_freeze_count()
    app = CallbackSimApp(context, clock=FakeClock())
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: app.home_data is not None)
        assert gc.isenabled() and gc.get_freeze_count() == frozen_before


async def test_parts_left_out_of_the_first_frame_appear_when_needed(isolated_home: Path) -> None:
    """The welcome, the empty-table line and the resume banner are composed only when the
    early read says they show; a later reload that needs one adds it."""
    from dataclasses import replace

    from textual.widgets import Static

    context = make_context(isolated_home)
    _seed_round(context)
    prefetch = HomePrefetch(context)
    prefetch.result()
    app = CallbackSimApp(context, clock=FakeClock(), home_prefetch=prefetch)
    async with app.run_test(size=(100, 30)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen) and home.data is not None
        for part in ("#welcome", "#recent-empty", "#resume-banner"):
            assert not home.query(part), part
        summary = home.data.recent[0]
        interrupted = replace(summary, status="interrupted")
        home.show_data(replace(home.data, recent=(), resumable=(interrupted,)))
        await pilot.pause()
        banner = home.query_one("#resume-banner", Static)
        assert banner.display and "Press r to resume it" in str(banner.render())
        assert home.query_one("#recent-empty", Static).display
        assert not home.query("#welcome")
        # The banner sits above the footer, as when it is composed.
        assert home.children.index(banner) == len(home.children) - 2
