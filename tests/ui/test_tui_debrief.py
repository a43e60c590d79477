"""The debrief screen and the company callback loop: Pilot tests and snapshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from callback_sim.core.debrief import load_debrief
from callback_sim.core.kit import Kit, Reference
from callback_sim.core.seeding import plan_callback_loop
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens.debrief import (
    DebriefPlanScreen,
    DebriefScreen,
    NotesPasteScreen,
    split_topics,
)
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.widgets.debrief_forms import ExchangeForm

from .test_tui_kit import steady
from .tui_helpers import BANK, FakeClock, make_app, make_context, rows, wait_for

ACME = Path(__file__).resolve().parents[1] / "fixtures" / "debriefs" / "acme.toml"
SIZES = [(100, 30), (80, 24)]
CONFIG = 'question_count = 8\nfeedback = "each"\n'


def seed_store(home: Path, *, kit: Kit | None = None) -> None:
    """Store the fixture debrief (and a kit) the way `debrief import` / `kit import` do."""
    from callback_sim.store.debriefs import save_debrief
    from callback_sim.store.kit import save_kit

    context = make_context(home)
    try:
        store = context.store()
        save_debrief(store, load_debrief(ACME))
        if kit is not None:
            save_kit(store, kit)
    finally:
        context.close()


async def open_debrief(pilot: Pilot[Any]) -> DebriefScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.home_data)
    await pilot.press("d")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DebriefScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DebriefScreen)
    await wait_for(pilot, lambda: screen.list_ready)
    return screen


def test_split_topics_accepts_semicolons_and_commas_once_each() -> None:
    assert split_topics("people management; budget ownership, people management") == (
        "people management",
        "budget ownership",
    )
    assert split_topics("  ;  ") == ()


async def test_typed_debrief_is_saved_and_seeds_a_hesitation_probe(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        # Keyboard only: company, role, round date and kind, one person, one exchange.
        # The first empty field has focus: typing goes straight into the form. (Textual's
        # auto-focus picks the list first; on_mount's focus lands a moment later.)
        company = screen.query_one("#dbf-company")
        await wait_for(pilot, lambda: app.focused is company)
        assert app.focused is company
        await pilot.press(*"Globex", "enter", *"Staff Engineer", "enter")
        await pilot.press(*"2026-11-20", "tab", *"phone screen", "tab")
        await pilot.press(*"Ada Park", "tab", *"VP Engineering", "tab", *"Engineering", "tab")
        await pilot.press(*"Why are you leaving?", "tab")
        await pilot.press(*"I led the migration to Postgres and we cut costs by 30%.")
        exchange = screen.query_one(ExchangeForm)
        claims = str(exchange.query_one(".dbf-claims", Static).render())
        assert "30%" in claims and "Postgres" in claims  # claims appear as the answer is typed
        await pilot.press("tab")  # the reaction select
        assert app.focused is exchange.query_one(".dbf-reaction", Select)
        exchange.query_one(".dbf-reaction", Select).value = "hesitated"
        asked_by = exchange.query_one(".dbf-asked-by", Select)
        asked_by.value = next(v for _, v in asked_by._options if v != Select.NULL)
        screen.query_one("#dbf-topics", Input).value = "people management; on-call"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: rows(isolated_home, "SELECT * FROM debrief_exchanges"))
        await wait_for(pilot, lambda: not screen.saving)
        assert not screen.dirty

    stored = rows(isolated_home, "SELECT * FROM debrief_exchanges")
    assert [(r["reaction"], r["asked_by"]) for r in stored] == [("hesitated", "Ada Park")]
    from callback_sim.core.banks import BankSet
    from callback_sim.store.debriefs import get_debrief

    context = make_context(isolated_home)
    debrief = get_debrief(context.store(), "globex")
    context.close()
    assert debrief.uncovered == ("people management", "on-call")
    assert debrief.rounds[0].people[0].title == "VP Engineering"
    plan = plan_callback_loop(debrief, BankSet(banks=(BANK,)), count=5, seed=1)
    kinds = [q.source.kind for q in plan]
    assert kinds[0] == "hesitation"
    assert "uncovered" in kinds


async def test_resaving_updates_the_company_and_preview_shows_sources(isolated_home: Path) -> None:
    seed_store(isolated_home)
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        assert screen.companies == ["Acme Health"]
        await pilot.click("#dbf-companies")
        await pilot.press("home", "enter")
        await wait_for(pilot, lambda: screen.loaded_key == "acme health")
        assert screen.query_one("#dbf-role", Input).value == "Senior Product Manager"
        assert len(screen.query(ExchangeForm)) == 4
        screen.query_one("#dbf-role", Input).value = "Group Product Manager"
        assert screen.dirty
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: not screen.dirty and not screen.saving)
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefPlanScreen))
        sources = [str(s.render()) for s in app.screen.query(".dbf-plan-source")]
        assert sources and "hesitation · exchange 2" in sources[0]
        await pilot.press("escape")
    companies = rows(isolated_home, "SELECT name, role FROM debrief_companies")
    assert [(r["name"], r["role"]) for r in companies] == [("Acme Health", "Group Product Manager")]


async def test_preview_is_the_next_loop_that_plan_and_l_give(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import callback_sim.loops as loops

    monkeypatch.setattr(loops, "_new_seed", lambda old: (old or 0) + 1)
    seed_store(isolated_home)
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        screen.open_company("Acme Health")
        await wait_for(pilot, lambda: screen.loaded_key == "acme health")
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefPlanScreen))
        preview = [(q.id, q.prompt, q.persona, q.asked_by) for q in app.screen.questions]
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is screen)
        # `plan` and the home screen's `l` plan through the same stored next loop.
        from callback_sim.loops import next_company_loop
        from callback_sim.store.debriefs import get_debrief
        from callback_sim.tui.messages import RoundRequest
        from callback_sim.tui.planning import plan_company_request

        context = make_context(isolated_home)
        debrief = get_debrief(context.store(), "Acme Health")
        count = app.settings.question_count
        planned = next_company_loop(context.store(), debrief, context.banks(), count=count)
        request = RoundRequest("loop", (), count, 1.0, company="Acme Health")
        looped, _ = plan_company_request(request, context.store(), context.banks())
        context.close()
        as_rows = [(q.id, q.prompt, q.persona, q.asked_by) for q in planned.questions]
        assert preview == as_rows == [(q.id, q.prompt, q.persona, q.asked_by) for q in looped]
        # f in the preview asks for a fresh loop: the stored seed changes.
        await pilot.press("ctrl+l")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefPlanScreen))
        await pilot.press("f")
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefPlanScreen))
        await pilot.press("escape")
    context = make_context(isolated_home)
    state = context.store().get_state("next_loop:acme health")
    context.close()
    assert state["seed"] != planned.seed


NOTES_TEXT = """Company: Globex
Role: Staff Engineer
Interviewer: Ada Park, VP Engineering (Engineering)
Q: Why leave now?
A: We cut on-call pages by 40% and I want a bigger platform.
(hesitated)
Not covered: hiring
"""


async def test_pasted_notes_preview_then_fill_the_form(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        await pilot.press("f6")
        await wait_for(pilot, lambda: isinstance(app.screen, NotesPasteScreen))
        notes = app.screen
        assert isinstance(notes, NotesPasteScreen)
        area = notes.query_one("#dbf-notes-text", TextArea)
        area.load_text("Q: a question with no answer\n")
        await wait_for(
            pilot,
            lambda: "Not yet:" in str(notes.query_one("#dbf-notes-understood", Static).render()),
        )
        assert "notes:1: a question with no answer" in str(
            notes.query_one("#dbf-notes-understood", Static).render()
        )
        assert notes.reading is None
        area.load_text(NOTES_TEXT)
        await wait_for(pilot, lambda: notes.reading is not None)
        shown = str(notes.query_one("#dbf-notes-understood", Static).render())
        assert "hesitated, asked by Ada Park" in shown and "Not covered: hiring" in shown
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: app.screen is screen)
        await wait_for(pilot, lambda: screen.query_one("#dbf-company", Input).value == "Globex")
        assert screen.query_one("#dbf-topics", Input).value == "hiring"
        assert screen.dirty  # filled, not saved: ctrl+s saves it
    assert rows(isolated_home, "SELECT * FROM debrief_companies") == []


async def test_save_with_an_answer_but_no_question_says_what_to_fix(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        screen.query_one("#dbf-company", Input).value = "Initech"
        screen.query_one(".dbf-answer", TextArea).load_text("I shipped it.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        status = str(screen.query_one("#dbf-status", Static).render())
        assert "Round 1, exchange 1: add the question they asked" in status
    assert rows(isolated_home, "SELECT * FROM debrief_companies") == []


async def test_delete_from_the_list_asks_then_removes(isolated_home: Path) -> None:
    seed_store(isolated_home)
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_debrief(pilot)
        screen.query_one("#dbf-companies").focus()
        await pilot.press("home", "delete", "y")
        await wait_for(pilot, lambda: screen.companies == [])
    assert rows(isolated_home, "SELECT * FROM debrief_companies") == []


async def test_home_starts_a_company_loop_seeded_and_kit_aware(isolated_home: Path) -> None:
    kit = Kit(
        company="Acme Health",
        references=(Reference(name="Priya Shah", highlights=("stakeholder management",)),),
    )
    seed_store(isolated_home, kit=kit)
    app = make_app(isolated_home, config=CONFIG)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.home_data)
        home = app.screen
        assert home.query_one("#company").display
        home.query_one("#company", Select).value = "Acme Health"
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        first = screen.round.questions[0]
        assert first.source.kind == "hesitation"
        assert str(screen.query_one("#persona-name", Static).render()) == first.asked_by
        source = str(screen.query_one("#source", Static).render())
        assert source.startswith('Quoting you, round one: "')
        assert "(they hesitated here)" in source
        refs = [q for q in screen.round.questions if q.category == "references"]
        assert refs and any(t.label == "Names Priya Shah" for t in refs[0].rubric)
    sessions = rows(isolated_home, "SELECT mode, company FROM sessions")
    assert [(s["mode"], s["company"]) for s in sessions] == [("loop", "Acme Health")]


def test_debrief_keys_are_documented() -> None:
    from .test_tui_keys import documented

    docs = {(screen, keys) for screen, keys, _ in documented()}
    for name, cls in (("Debrief", DebriefScreen), ("Debrief plan", DebriefPlanScreen)):
        for binding in cls.BINDINGS:
            assert (name, binding.key) in docs, (name, binding.key)  # type: ignore[union-attr]


# -- snapshots ---------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def fixed_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    """A company's next loop gets seed 7, so the snapshots show the same round every run."""
    import callback_sim.loops as loops

    monkeypatch.setattr(loops, "_new_seed", lambda old: 7)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_debrief(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    seed_store(isolated_home)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_debrief(pilot)
        screen.open_company("Acme Health")
        await wait_for(pilot, lambda: screen.loaded_key == "acme health")
        steady(screen)
        # Let the text areas re-wrap at their final width before the picture (on a loaded
        # machine one pause left a line wrapped at the width it had while mounting).
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.3)
        screen.refresh(layout=True)
        # A TextArea re-wraps on Resize but repaints only when its line count changes, so a
        # line painted at the mounting width could stay in the picture: repaint them all.
        for area in screen.query(TextArea):
            area.refresh()
        await pilot.pause()

    app = make_app(isolated_home)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_snapshot_seeded_round(
    snap_compare: Any, isolated_home: Path, size: tuple[int, int]
) -> None:
    seed_store(isolated_home)

    async def run_before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, CallbackSimApp)
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.home_data)
        app.screen.query_one("#company", Select).value = "Acme Health"
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))
        app.screen.query_one("#answer", TextArea).cursor_blink = False
        await pilot.pause()

    app = make_app(isolated_home, config=CONFIG, clock=FakeClock())
    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_escape_goes_back_home(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_debrief(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
