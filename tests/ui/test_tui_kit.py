"""The prep kit screen: reference warnings, ask-check labels, saving, export, snapshots."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TabbedContent, TextArea

from callback_sim.core.kit import Kit, Reference, StartPlan, Transition
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.kit import (
    KitExportScreen,
    KitNoteScreen,
    KitScreen,
    export_path,
)
from callback_sim.tui.widgets.kit_forms import AskRow, ReferenceForm

from .tui_helpers import make_app, make_context, rows, wait_for

TODAY = date(2026, 12, 1)
SIZES = [(100, 30), (80, 24)]


async def open_kit(pilot: Pilot[Any], company: str | None = None) -> KitScreen:
    """The kit screen with a fixed today, as `k` on the home screen opens it."""
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, HomeScreen) and pilot.app.home_data)
    pilot.app.push_screen(KitScreen(company, today=lambda: TODAY))
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, KitScreen))
    screen = pilot.app.screen
    assert isinstance(screen, KitScreen)
    await wait_for(pilot, lambda: screen.list_ready)
    return screen


def steady(screen: Any) -> None:
    """No blinking cursors, so a snapshot does not depend on when it is taken."""
    for widget in screen.query("Input, TextArea"):
        widget.cursor_blink = False


def stored_kit(home: Path, company: str) -> Kit | None:
    from callback_sim.store.kit import get_kit

    context = make_context(home)
    try:
        return get_kit(context.store(), company)
    finally:
        context.close()


def save_stored_kit(home: Path, kit: Kit) -> None:
    from callback_sim.store.kit import save_kit

    context = make_context(home)
    try:
        save_kit(context.store(), kit)
    finally:
        context.close()


SAMPLE = Kit(
    company="Acme Health",
    role="Senior Product Manager",
    next_round=date(2026, 12, 3),
    plan=StartPlan(
        day30=("Meet every account manager", "Review the churn dashboard"),
        day60=("Ship the self-serve invoice export",),
        day90=("Cut billing support tickets by 20 percent",),
        people=("Dana Cole (Director of Product)",),
        skills=("FHIR data standards",),
        transition=Transition(notice_period="four weeks", earliest_start="2027-01-11"),
    ),
    references=(
        Reference(
            name="Priya Shah",
            relationship="My manager at Globex",
            highlights=("stakeholder management",),
            projects=("billing app relaunch",),
            briefed_on=date(2026, 11, 25),
            jd_sent=True,
        ),
        Reference(name="Tom Ruiz", relationship="Peer engineering lead"),
    ),
    questions=("What does success look like in the first year?", "Why did the last person leave?"),
)


async def test_unbriefed_reference_with_a_round_this_week_is_warned(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kit(pilot)
        warnings = screen.query_one("#kit-warnings", Static)
        await pilot.press("tab", *"Acme Health", "enter", *"PM", "enter", *"2026-12-05")
        assert not warnings.display  # no references yet
        await pilot.press("ctrl+r")
        assert screen.query_one("#kit-tabs", TabbedContent).active == "kit-refs"
        await pilot.press(*"Tom Ruiz")
        await pilot.pause()
        assert warnings.display
        text = str(warnings.render())
        assert "Tom Ruiz is not briefed yet" in text and "in 4 days (2026-12-05)" in text
        # Briefed and the job description sent: the warning goes.
        form = screen.query(ReferenceForm).last()
        form.query_one(".kit-ref-briefed", Input).value = "2026-11-30"
        form.query_one(".kit-ref-jd").value = True  # type: ignore[attr-defined]
        await pilot.pause()
        assert not warnings.display


async def test_due_diligence_question_is_labelled_with_a_rewording(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kit(pilot)
        await pilot.press("ctrl+t")
        await pilot.press(*"Why did the last person leave?")
        await pilot.pause()
        row = screen.query(AskRow).last()
        verdict = str(row.query_one(".kit-ask-verdict", Static).render())
        assert "due diligence" in verdict
        assert "Try: What would you like the next person in this role" in verdict
        # Enter starts the next question, and a curious one is labelled so, with no rewording.
        await pilot.press("enter", *"What does success look like in the first year?")
        await pilot.pause()
        curious = str(screen.query(AskRow).last().query_one(".kit-ask-verdict").render())
        assert "curious" in curious and "Try:" not in curious


async def test_start_plan_is_saved_to_the_store(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kit(pilot)
        await pilot.press("tab", *"Acme Health", "enter", "enter", "enter")
        assert app.focused is not None
        screen.query_one("#kit-day30", TextArea).load_text("Meet the team\nLearn billing")
        screen.query_one("#kit-day90", TextArea).load_text("Cut tickets by 20 percent")
        screen.query_one("#kit-notice", Input).value = "four weeks"
        screen.query_one("#kit-handover", TextArea).load_text("Hand over the roadmap")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: rows(isolated_home, "SELECT * FROM kit_companies"))
        await wait_for(pilot, lambda: not screen.saving)
        assert not screen.dirty
    kit = stored_kit(isolated_home, "acme health")
    assert kit is not None
    assert kit.plan.day30 == ("Meet the team", "Learn billing")
    assert kit.plan.day90 == ("Cut tickets by 20 percent",)
    assert kit.plan.transition.notice_period == "four weeks"
    assert kit.plan.transition.handover == ("Hand over the roadmap",)


async def test_opening_a_kit_then_export_and_briefing_note(isolated_home: Path) -> None:
    save_stored_kit(isolated_home, SAMPLE)
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_kit(pilot, "acme health")
        await wait_for(pilot, lambda: screen.loaded_key == "acme health")
        assert "Tom Ruiz is not briefed yet" in str(screen.query_one("#kit-warnings").render())
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, KitExportScreen))
        target = isolated_home / "out" / "plan.md"
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await wait_for(pilot, target.exists)
        text = target.read_text(encoding="utf-8")
        assert text.startswith("# Start plan: Acme Health")
        assert "- Meet every account manager" in text and "four weeks" in text
        await wait_for(pilot, lambda: str(target) in str(screen.query_one("#kit-status").render()))
        screen.query_one("#kit-tabs", TabbedContent).active = "kit-refs"
        screen.query(ReferenceForm).last().query_one(Input).focus()
        await pilot.press("ctrl+b")
        await wait_for(pilot, lambda: isinstance(app.screen, KitNoteScreen))
        note = app.screen.query_one(TextArea)
        assert note.read_only and note.text.startswith("Subject: Reference for Senior Product")
        assert "Hi Tom," in note.text
        await pilot.press("ctrl+a")
        assert note.selected_text == note.text
        await pilot.press("escape")
        assert app.screen is screen


def test_export_path_is_under_the_data_dir(tmp_path: Path) -> None:
    assert export_path(tmp_path, "Acme  Health/EU") == (
        tmp_path / "exports" / "acme-health-eu-start-plan.md"
    )


def test_kit_keys_are_documented() -> None:
    from .test_tui_keys import documented

    docs = {(screen, keys) for screen, keys, _ in documented()}
    for name, cls in (
        ("Prep kit", KitScreen),
        ("Briefing note", KitNoteScreen),
        ("Export plan", KitExportScreen),
    ):
        for binding in cls.BINDINGS:
            assert (name, binding.key) in docs, (name, binding.key)  # type: ignore[union-attr]


# -- snapshots ---------------------------------------------------------------------------------


@pytest.mark.parametrize("tab", ["kit-plan", "kit-refs", "kit-asks"])
@pytest.mark.parametrize("size", SIZES)
def test_snapshot_kit(
    snap_compare: Any, isolated_home: Path, size: tuple[int, int], tab: str
) -> None:
    save_stored_kit(isolated_home, SAMPLE)

    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await open_kit(pilot, "Acme Health")
        await wait_for(pilot, lambda: screen.loaded_key == "acme health")
        screen.query_one("#kit-tabs", TabbedContent).active = tab
        screen.set_status("")
        steady(screen)
        await pilot.pause()

    app = make_app(isolated_home)
    assert snap_compare(app, terminal_size=size, run_before=run_before)


async def test_escape_goes_back_and_asks_first_when_changed(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kit(pilot)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        screen = await open_kit(pilot)
        await pilot.press("tab", *"Initech", "escape")
        await pilot.pause()
        assert app.screen is not screen  # the "drop changes?" dialog
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
