"""History, session detail, progress and compare screens on a seeded database (Pilot + snapshots).

The database is filled through the real Store and scorer, then its timestamps are pinned,
and the progress screen's clock is fixed, so snapshots are the same on every run.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from callback_sim.core.round import Submission
from callback_sim.core.scoring import score_answer
from callback_sim.store import Store
from callback_sim.store.review import set_suspended, suspended_questions
from callback_sim.tui.messages import RoundRequest
from callback_sim.tui.screens.compare import CompareScreen
from callback_sim.tui.screens.history import HistoryScreen
from callback_sim.tui.screens.progress import ProgressScreen
from callback_sim.tui.screens.session_detail import SessionDetailScreen
from callback_sim.tui.widgets.chart import ScoreChart
from callback_sim.tui.widgets.score_card import ScoreCard

from .tui_helpers import BANK, GOOD_ANSWER, make_app, make_context, wait_for

SIZES = [(100, 30), (80, 24)]
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)

WEAK = "Um, I guess it was sort of fine, maybe."
MID = "We reduced churn by 12 percent."
#: Three rounds over three days: (day, company, answers by question index).
ROUNDS: list[tuple[str, str | None, list[tuple[int, str | None]]]] = [
    ("2026-11-20", "Acme Health", [(0, WEAK), (1, WEAK), (2, MID)]),
    ("2026-11-21", None, [(0, MID), (1, None), (3, WEAK)]),
    ("2026-11-22", "Globex", [(0, GOOD_ANSWER), (2, WEAK), (3, GOOD_ANSWER)]),
]


@pytest.fixture(autouse=True)
def utc_display(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Show times in UTC and pin the progress clock, so dates and due labels never move."""
    import callback_sim.tui.screens.progress as progress_screen

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(progress_screen, "wall_now", lambda: NOW)
    yield
    monkeypatch.delenv("TZ")
    time.tzset()


def seed(home: Path) -> None:
    """Three rounds through the real Store and scorer, then pinned timestamps."""
    make_context(home)  # creates the home directory like the app does
    store = Store.open(home / "callback-sim.db")
    try:
        for day, company, answers in ROUNDS:
            planned = [BANK.questions[i] for i, _ in answers]
            session = store.create_session(mode="quick", planned=planned, company=company)
            for position, (i, text) in enumerate(answers, start=1):
                q = BANK.questions[i]
                # As the round engine records it: overtime is the time used past the limit.
                overtime = 12.0 if position == 3 else 0.0
                seconds = q.time_limit + overtime if overtime else 40.0 + 10 * position
                sub = Submission(
                    position, q, text or "", seconds, 2.5 * position, q.time_limit, overtime,
                    skipped=text is None,
                )  # fmt: skip
                score = None if text is None else score_answer(q, text, seconds=seconds)
                store.save_answer(session.id, sub, score)
            store.finish_session(session.id)
            conn = store.db.conn
            conn.execute(
                "UPDATE sessions SET started_at = ?, ended_at = ? WHERE id = ?",
                [f"{day}T09:00:00Z", f"{day}T09:20:00Z", session.id],
            )
            conn.execute(
                "UPDATE answers SET answered_at = ? || 'T09:0' || position || ':00Z' "
                "WHERE session_id = ?",
                [day, session.id],
            )
            conn.commit()
    finally:
        store.close()


@pytest.fixture
def seeded(isolated_home: Path) -> Path:
    seed(isolated_home)
    return isolated_home


def _table(pilot: Pilot[Any], selector: str) -> DataTable[Any]:
    return pilot.app.screen.query_one(selector, DataTable)


async def _history(pilot: Pilot[Any]) -> HistoryScreen:
    await pilot.press("f3")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, HistoryScreen) and pilot.app.screen.total is not None,
    )
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, HistoryScreen)
    return screen


async def _detail(pilot: Pilot[Any]) -> SessionDetailScreen:
    await _history(pilot)
    await pilot.press("enter")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, SessionDetailScreen) and pilot.app.screen.shown,
    )
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SessionDetailScreen)
    return screen


async def _progress(pilot: Pilot[Any]) -> ProgressScreen:
    await pilot.press("f5")
    await wait_for(
        pilot,
        lambda: isinstance(pilot.app.screen, ProgressScreen) and pilot.app.screen.report,
    )
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProgressScreen)
    return screen


# -- Pilot ------------------------------------------------------------------------------------


async def test_history_lists_rounds_newest_first_and_filters(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _history(pilot)
        assert [s.company for s in screen.sessions] == ["Globex", None, "Acme Health"]
        assert screen.total == 3
        table = _table(pilot, "#history-table")
        assert table.row_count == 3
        assert str(table.get_row_at(0)[1]) == "Globex"

        # Text in answers: only the last round has the good answer (it mentions cohorts).
        await pilot.press("slash")
        await pilot.press(*"cohorts")
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.total == 1 and len(screen.sessions) == 1)
        assert screen.sessions[0].company == "Globex"
        assert screen.check_action("clear_filters", ()) is True
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: screen.total == 3 and len(screen.sessions) == 3)

        # Date range.
        screen.query_one("#history-since", Input).value = "2026-11-21"
        screen.query_one("#history-until", Input).value = "2026-11-21"
        screen.query_one("#history-until", Input).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: screen.total == 1 and len(screen.sessions) == 1)
        assert screen.sessions[0].company is None
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: len(screen.sessions) == 3)

        # Sort by company ascending (o cycles to the next column), then reverse.
        await pilot.press("o")
        await wait_for(pilot, lambda: screen.sort == "company" and screen.total is not None)
        await wait_for(pilot, lambda: screen.sessions[0].company == "Acme Health")
        await pilot.press("v")
        await wait_for(pilot, lambda: screen.sessions[0].company == "Globex")


async def test_history_category_filter(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _history(pilot)
        from textual.widgets import Select

        select = screen.query_one("#history-category", Select)
        select.value = "references"  # only the last two rounds asked question 4
        await wait_for(pilot, lambda: screen.total == 2 and len(screen.sessions) == 2)
        assert {s.company for s in screen.sessions} == {"Globex", None}


async def test_session_detail_shows_every_answer_with_evidence(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _detail(pilot)
        assert screen.session is not None and screen.session.company == "Globex"
        table = _table(pilot, "#detail-answers")
        assert table.row_count == 3
        card = screen.query_one(ScoreCard)
        assert card.answer_text == GOOD_ANSWER
        # The evidence of the matched terms is highlighted in the answer text.
        answer = card.query_one("#card-answer", Static)
        rendered = answer.render()
        assert "reduced" in str(rendered)
        assert any("success" in str(span.style) for span in rendered.spans)  # type: ignore[union-attr]
        timing = str(screen.query_one("#detail-timing", Static).render())
        assert "think 2.5 s" in timing and "in time" in timing
        await pilot.press("down", "down")
        await wait_for(pilot, lambda: screen.shown is not None and screen.shown.position == 3)
        timing = str(screen.query_one("#detail-timing", Static).render())
        assert "+0:12 over the 1:30 limit" in timing
        await pilot.press("escape")
        assert isinstance(app.screen, HistoryScreen)


async def test_compare_attempts_from_session_detail(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        await _detail(pilot)
        await pilot.press("c")
        await wait_for(
            pilot, lambda: isinstance(app.screen, CompareScreen) and app.screen.shown is not None
        )
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        # Question 1 was answered three times: weak, middling, then good.
        assert len(screen.changes) == 3
        newest = screen.changes[0]
        assert newest.delta is not None and newest.delta > 0
        assert "Names the trade-off" in newest.gained
        assert len(screen.query(ScoreCard)) == 2
        change = str(screen.query_one("#compare-change", Static).render())
        assert "newly covered: Names the trade-off" in change
        await pilot.press("right_square_bracket")  # already the newest: nothing moves
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: screen.shown is screen.changes[1])
        await pilot.press("escape")
        assert isinstance(app.screen, SessionDetailScreen)


async def test_progress_chart_per_category_and_suspend(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _progress(pilot)
        charts = list(screen.query(ScoreChart))
        assert screen.report is not None
        categories = [c.category for c in screen.report.categories]
        assert categories == ["pushback", "enthusiasm", "start_plan", "references"]
        assert len(charts) == 4
        assert charts[0].values == screen.report.categories[0].recent
        assert len(charts[0].values) == 3  # question 1 answered in every round

        # Questions tab: weakest first; suspend the first and it is stored.
        await pilot.press("2")
        await pilot.pause()
        assert screen.check_action("toggle_suspend", ()) is True
        first = screen.questions[0]
        await pilot.press("x")
        await wait_for(pilot, lambda: any(q.suspended for q in screen.questions))
        assert (first.bank_id, first.question_id) in suspended_questions(app.context.store())
        assert "suspended" in str(_table(pilot, "#progress-questions").get_row_at(0)[-1])
        await pilot.press("x")
        await wait_for(pilot, lambda: not any(q.suspended for q in screen.questions))
        assert not suspended_questions(app.context.store())


async def test_weak_round_asks_lowest_scored_first_and_skips_suspended(seeded: Path) -> None:
    from callback_sim.store.review import planning_schedules
    from callback_sim.tui.planning import plan_request

    context = make_context(seeded)
    store = context.store()
    request = RoundRequest(mode="weak", bank_ids=("tui",), count=5, time_multiplier=1.0)
    schedules = planning_schedules(store, weak=True, now=NOW)
    picked = plan_request(
        request, context.banks(), store.question_stats(), schedules=schedules, now=NOW
    )
    lasts = [schedules[(q.bank_id, q.id)].last_score for q in picked]
    assert lasts == sorted(lasts)
    assert picked[0].id == "tui-002"  # skipped last time: counts as 0
    assert "tui-001" not in [q.id for q in picked]  # last answered well

    set_suspended(store, "tui", "tui-002", True)
    schedules = planning_schedules(store, weak=True, now=NOW)
    picked = plan_request(
        request, context.banks(), store.question_stats(), schedules=schedules, now=NOW
    )
    assert "tui-002" not in [q.id for q in picked]
    quick = RoundRequest(mode="quick", bank_ids=("tui",), count=4, time_multiplier=1.0)
    planned = plan_request(
        quick,
        context.banks(),
        store.question_stats(),
        schedules=planning_schedules(store, weak=False, now=NOW),
    )
    assert "tui-002" not in [q.id for q in planned] and len(planned) == 3
    context.close()


async def test_escape_from_history_returns_to_practice(seeded: Path) -> None:
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await _history(pilot)
        assert app.current_mode == "history"
        await pilot.press("escape")
        await pilot.pause()
        assert app.current_mode == "practice"


def test_database_rows_are_really_pinned(seeded: Path) -> None:
    conn = sqlite3.connect(seeded / "callback-sim.db")
    try:
        days = [r[0] for r in conn.execute("SELECT started_at FROM sessions ORDER BY id")]
    finally:
        conn.close()
    assert days == [f"{d}T09:00:00Z" for d, _, _ in ROUNDS]
    assert os.environ.get("TZ") == "UTC"


# -- snapshots ----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_history(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _history(pilot)

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_session_detail(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _detail(pilot)

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_progress_chart(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _progress(pilot)

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_progress_questions(
    snap_compare: Any, seeded: Path, size: tuple[int, int]
) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _progress(pilot)
        await pilot.press("2")
        await pilot.pause()

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_compare(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _detail(pilot)
        await pilot.press("c")
        await wait_for(
            pilot,
            lambda: isinstance(pilot.app.screen, CompareScreen) and pilot.app.screen.shown,
        )
        await pilot.pause()

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_home_with_rounds(snap_compare: Any, seeded: Path, size: tuple[int, int]) -> None:
    """Recent rounds at 80 columns keep their Status column (short forms below 100)."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await wait_for(pilot, lambda: pilot.app.home_data is not None)
        await pilot.pause()

    assert snap_compare(make_app(seeded), terminal_size=size, run_before=run_before)


async def test_history_shows_a_company_name_as_typed(isolated_home: Path) -> None:
    # Markup-like text in a name is shown, not read as markup (it broke or restyled the row).
    make_context(isolated_home)
    store = Store.open(isolated_home / "callback-sim.db")
    try:
        store.create_session(mode="quick", planned=[], company="R&D [/] [b]EU[/b] :rocket:")
    finally:
        store.close()
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await _history(pilot)
        await pilot.pause()
        table = _table(pilot, "#history-table")
        assert str(table.get_row_at(0)[1]) == "R&D [/] [b]EU[/b] :rocket:"
        shown = "\n".join(line.text for line in table.render_lines(table.region.reset_offset))
        assert "R&D [/] [b]EU[/b] :rocket:" in shown, shown


@pytest.mark.parametrize(
    "text", ["Globex", "—", "2026-11-22 09:00", "株式会社 Acme", "Zoë 👍🏽 café", "R&D [/]", ""]
)
@pytest.mark.parametrize("width", [40, 9, 4])
def test_a_plain_cell_looks_like_the_text_cell_it_replaces(text: str, width: int) -> None:
    from rich.console import Console
    from rich.padding import Padding
    from rich.text import Text

    from callback_sim.tui.screens.history import PlainCell, table_cell

    console = Console(width=80, color_system=None)
    options = console.options.update_dimensions(width, 1).update(no_wrap=True)

    def lines(cell: object) -> list[str]:
        rendered = console.render_lines(Padding(cell, (0, 1)), options)  # as DataTable does
        return ["".join(segment.text for segment in line) for line in rendered]

    assert isinstance(table_cell(text), PlainCell)
    assert lines(table_cell(text)) == lines(Text(text, no_wrap=True, end=""))
    # The table sizes a column by the widest cell (Measurement.maximum).
    assert console.measure(table_cell(text)).maximum == console.measure(Text(text)).maximum
    # Tabs and control characters are left to Rich's Text, which expands or strips them.
    assert isinstance(table_cell(f"{text}\tx"), Text)
