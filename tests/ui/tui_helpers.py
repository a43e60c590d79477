"""Shared pieces of the TUI tests: a fake clock, a fixed bank, an app with them, waiting."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from textual.pilot import Pilot
from textual.screen import Screen

from callback_sim.context import AppContext
from callback_sim.core.banks import BankSet
from callback_sim.core.models import Bank, Question, RubricTerm
from callback_sim.tui.app import CallbackSimApp


class FakeClock:
    """Monotonic seconds that move only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def _question(n: int, persona: str, category: str, prompt: str) -> Question:
    return Question(
        id=f"tui-{n:03d}",
        prompt=prompt,
        category=category,
        bank_id="tui",
        time_limit=90,
        persona=persona,
        rubric=(
            RubricTerm("Measurable outcome", ("reduced", "percent", "increased"), weight=3),
            RubricTerm("Names the trade-off", ("trade-off", "instead of"), weight=2),
        ),
        avoid=(RubricTerm("Blames others", ("their fault", "incompetent"), weight=2),),
    )


#: A bank of fixed questions, so the tests do not move when the built-in banks change.
BANK = Bank(
    id="tui",
    title="TUI test bank",
    category="pushback",
    questions=(
        _question(
            1,
            "hiring_manager",
            "pushback",
            "In round one you said you cut churn by 12%. Walk me through how you measured it.",
        ),
        _question(
            2, "peer", "enthusiasm", "What would make you excited to join this team on day one?"
        ),
        _question(3, "skip_level", "start_plan", "What would your first 90 days look like here?"),
        _question(
            4, "recruiter", "references", "Who will we hear from as your references, and why them?"
        ),
    ),
)

GOOD_ANSWER = (
    "We reduced churn by 12 percent in two quarters. I chose a smaller pilot instead of a "
    "full launch, a trade-off that let us measure retention cohorts weekly."
)


def make_context(home: Path, *, config: str | None = None) -> AppContext:
    """An AppContext under `home` whose banks are only BANK."""
    home.mkdir(parents=True, exist_ok=True)
    if config is not None:
        (home / "config.toml").write_text(config, encoding="utf-8")
    context = AppContext.create(str(home))
    context._cache["banks"] = BankSet(banks=(BANK,))
    return context


def make_app(
    home: Path, *, config: str | None = None, clock: FakeClock | None = None
) -> CallbackSimApp:
    return CallbackSimApp(make_context(home, config=config), clock=clock or FakeClock())


async def wait_for(
    pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 5.0
) -> None:
    """Let the app run until `predicate()` is true (workers finish in real threads)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not predicate():
        if loop.time() > deadline:
            raise AssertionError(
                f"timed out waiting for {getattr(predicate, '__name__', predicate)}"
            )
        await pilot.pause(0.02)


ScreenT = TypeVar("ScreenT", bound=Screen[Any])


async def wait_for_screen(pilot: Pilot[Any], kind: type[ScreenT], timeout: float = 5.0) -> ScreenT:
    """The active screen once it is a `kind` and mounted (composed, on_mount run).

    `isinstance(app.screen, kind)` alone is true as soon as the screen is pushed, before its
    widgets exist: a test reading them then saw an empty screen on a loaded machine.
    """
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted,
        timeout,
    )
    screen = pilot.app.screen
    assert isinstance(screen, kind)
    return screen


def rows(home: Path, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
    """Rows straight from the database file, to assert on what was really stored."""
    conn = sqlite3.connect(home / "callback-sim.db")
    conn.row_factory = sqlite3.Row
    try:
        return list(conn.execute(sql, params))
    finally:
        conn.close()


async def home_ready(pilot: Pilot[Any]) -> Any:
    """Wait for the home screen to have its data; return it."""
    from callback_sim.tui.screens.home import HomeScreen

    await wait_for(pilot, lambda: pilot.app.home_data is not None)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HomeScreen)
    return screen
