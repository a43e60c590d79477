"""Snapshots of the meaningful screens at 100×30 and 80×24 (fake clock, no cursor blink).

Review every snapshot change: `pytest tests/ui --snapshot-update`, then look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import TextArea

from callback_sim.tui.screens.feedback import FeedbackScreen
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.screens.summary import SummaryScreen

from .tui_helpers import GOOD_ANSWER, FakeClock, make_app, wait_for

SIZES = [(100, 30), (80, 24)]

#: Same banks in the same order every run: the planner is seeded by the test's choice.
#: Follow-ups off: these screens show planned rounds (test_tui_followups.py has follow-ups).
CONFIG = 'question_count = 3\nfeedback = "each"\nfollow_ups = false\n'


async def _home(pilot: Pilot[Any]) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.home_data)
    await pilot.pause()


async def _round(pilot: Pilot[Any]) -> RoundScreen:
    await _home(pilot)
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, RoundScreen))
    screen = pilot.app.screen
    assert isinstance(screen, RoundScreen)
    area = screen.query_one("#answer", TextArea)
    area.cursor_blink = False
    return screen


def _steady(screen: RoundScreen) -> None:
    screen.query_one("#answer", TextArea).cursor_blink = False


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(autouse=True)
def fixed_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plan rounds in bank order so the snapshot shows the same questions every run."""
    import callback_sim.tui.planning as planning

    monkeypatch.setattr(planning, "plan_round", lambda pool, count, **_: list(pool[:count]))


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    assert snap_compare(
        make_app(isolated_home, config=CONFIG), terminal_size=size, run_before=_home
    )


@pytest.mark.parametrize("size", SIZES)
def test_round_mid_countdown(
    snap_compare: Any, isolated_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _round(pilot)
        screen.query_one("#answer", TextArea).insert(GOOD_ANSWER)
        clock.advance(65)  # 25 s left: the warning colour
        screen.tick()
        await pilot.pause()

    app = make_app(isolated_home, config=CONFIG, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_round_in_overtime(
    snap_compare: Any, isolated_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _round(pilot)
        screen.query_one("#answer", TextArea).insert("We reduced churn by 12 percent.")
        clock.advance(102)
        screen.tick()
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(isolated_home, config=CONFIG, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_score_card(
    snap_compare: Any, isolated_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _round(pilot)
        screen.query_one("#answer", TextArea).insert(GOOD_ANSWER + " It was their fault, um.")
        clock.advance(48)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen))
        await pilot.pause()

    app = make_app(isolated_home, config=CONFIG, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_summary(
    snap_compare: Any, isolated_home: Path, clock: FakeClock, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _round(pilot)
        answers = [GOOD_ANSWER * 2, None, "Um, I guess I would maybe listen, sort of."]
        for text in answers:
            await wait_for(pilot, lambda: pilot.app.screen is screen and screen.round.answering)
            clock.advance(30)
            if text is None:
                await pilot.press("ctrl+n")
                continue
            screen.query_one("#answer", TextArea).insert(text)
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, FeedbackScreen))
            await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SummaryScreen))
        pilot.app.clear_notifications()
        await pilot.pause()

    app = make_app(isolated_home, config=CONFIG, clock=clock)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
