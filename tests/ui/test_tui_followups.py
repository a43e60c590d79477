"""Pilot tests of follow-ups in the TUI round: shown as a follow-up, planned, stored; off switch."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Select, Static, Switch, TextArea

from callback_sim.config import load_settings
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.screens.summary import SummaryScreen
from callback_sim.tui.widgets.persona import PersonaBanner

from .tui_helpers import FakeClock, make_app, rows, wait_for

SIZE = (100, 30)

#: Invites a follow-up: a figure with no word on how it was measured, "we" and no "I".
PRESSABLE = "We cut churn by 12% in two quarters with six engineers."


async def _start(pilot, *, follow_ups: bool) -> RoundScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_for(pilot, lambda: app.home_data is not None)
    home = app.screen
    assert isinstance(home, HomeScreen)
    home.query_one("#count", Select).value = 3
    home.query_one("#follow-ups", Switch).value = follow_ups
    await pilot.pause()
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))
    screen = app.screen
    assert isinstance(screen, RoundScreen)
    return screen


async def _answer_all(pilot, screen: RoundScreen, clock: FakeClock) -> list[str]:  # type: ignore[no-untyped-def]
    """Answer every question with PRESSABLE; the banner's level line of each, in order."""
    levels: list[str] = []
    while not isinstance(pilot.app.screen, SummaryScreen):
        await wait_for(
            pilot,
            lambda: (
                isinstance(pilot.app.screen, SummaryScreen)
                or (screen.round.answering and screen.pending is None)
            ),
        )
        if isinstance(pilot.app.screen, SummaryScreen):
            break
        banner = screen.query_one(PersonaBanner)
        levels.append(banner.interviewer.level)
        if "Follow-up" in banner.interviewer.level:
            progress = str(screen.query_one("#progress", Static).render())
            assert progress.startswith("follow-up · ")
            source = str(screen.query_one("#source", Static).render())
            assert source == "Following up your last answer"
        clock.advance(20)
        screen.query_one("#answer", TextArea).insert(PRESSABLE)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pending is None)
    return levels


async def test_a_follow_up_is_asked_shown_and_stored(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, config='feedback = "end"\n', clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot, follow_ups=True)
        levels = await _answer_all(pilot, screen, clock)
    # Three planned questions allow one follow-up, and every answer invites one.
    assert len(levels) == 4
    assert sum("Follow-up" in level for level in levels) == 1
    answers = rows(isolated_home, "SELECT position, question_id, question, text FROM answers")
    [follow] = [a for a in answers if json.loads(a["question"])["source"]["kind"] == "follow_up"]
    source = json.loads(follow["question"])["source"]
    parent = answers[follow["position"] - 2]
    assert source["follows"] == parent["position"]
    assert source["quote"] in parent["text"]
    assert follow["question_id"] == f"{parent['question_id']}~follow-up"
    (session,) = rows(isolated_home, "SELECT planned, planned_count, settings FROM sessions")
    planned = json.loads(session["planned"])
    assert session["planned_count"] == 4
    assert planned[follow["position"] - 1]["source"]["kind"] == "follow_up"
    assert json.loads(session["settings"])["follow_ups"] is True


async def test_the_home_switch_turns_follow_ups_off_and_is_remembered(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, config='feedback = "end"\n', clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _start(pilot, follow_ups=False)
        levels = await _answer_all(pilot, screen, clock)
        await wait_for(pilot, lambda: not load_settings(isolated_home / "config.toml").follow_ups)
    assert len(levels) == 3 and not any("Follow-up" in level for level in levels)
    assert [r["n"] for r in rows(isolated_home, "SELECT count(*) AS n FROM answers")] == [3]
