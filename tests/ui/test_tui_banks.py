"""The bank browser and editor: read-only built-ins, copy, edit with Try-it, add, delete, move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, Static, TextArea

from callback_sim.context import AppContext
from callback_sim.core.banks import parse_bank
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens.banks import (
    BanksScreen,
    NewBankDialog,
    QuestionEditor,
    search_questions,
)
from callback_sim.tui.screens.dialogs import ConfirmDialog
from callback_sim.tui.widgets.bank_terms import format_terms, parse_terms

from .tui_helpers import FakeClock, wait_for

USER_BANK = """\
# A user bank whose comments must survive edits.
[bank]
id = "zz-mine"
title = "Zz mine"
category = "pushback"

# first question
[[questions]]
id = "zz-mine-001"
prompt = "Why did you leave your last job?"
tags = ["motives"]

  [[questions.rubric]]
  label = "Forward-looking reason"
  weight = 2
  phrases = ["growth", "next step"]

  [[questions.avoid]]
  label = "Bitter"
  phrases = ["hated", "toxic"]

# second question
[[questions]]
id = "zz-mine-002"
prompt = "What would your references say about you?"

  [[questions.rubric]]
  label = "Names a reference"
  phrases = ["my manager", "a peer"]
"""

SAMPLE = "I left for growth: the next step was leading a team. It was a toxic place though."


def make_app(home: Path, *, user_bank: bool = True) -> CallbackSimApp:
    home.mkdir(parents=True, exist_ok=True)
    if user_bank:
        (home / "banks").mkdir(parents=True, exist_ok=True)
        (home / "banks" / "zz-mine.toml").write_text(USER_BANK, encoding="utf-8")
    return CallbackSimApp(AppContext.create(str(home)), clock=FakeClock())


async def open_banks(pilot: Pilot[Any], bank_id: str | None = None) -> BanksScreen:
    await pilot.press("f4")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, BanksScreen))
    screen = pilot.app.screen
    assert isinstance(screen, BanksScreen)
    await wait_for(pilot, lambda: screen.bank is not None)
    if bank_id is not None:
        assert screen.bank_set is not None
        screen.query_one("#bank-list", OptionList).highlighted = screen.bank_set.ids().index(
            bank_id
        )
        await wait_for(pilot, lambda: screen.bank is not None and screen.bank.id == bank_id)
    screen.query_one("#questions", DataTable).focus()
    await pilot.pause()
    return screen


async def open_editor(pilot: Pilot[Any], key: str = "e") -> QuestionEditor:
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, QuestionEditor))
    editor = pilot.app.screen
    assert isinstance(editor, QuestionEditor)
    for area in editor.query(TextArea):
        area.cursor_blink = False
    return editor


async def test_builtin_banks_are_read_only(isolated_home: Path) -> None:
    app = make_app(isolated_home, user_bank=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_banks(pilot, "pushback")
        assert screen.bank is not None and screen.bank.source == "builtin"
        for action in ("edit", "add", "delete", "move"):
            assert not screen.check_action(action, ())
        assert screen.check_action("copy_bank", ())
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BanksScreen)
        assert "read-only" in str(screen.query_one("#question-pane").border_title)


async def test_copy_a_builtin_bank_then_edit_a_term_and_try_it(isolated_home: Path) -> None:
    app = make_app(isolated_home, user_bank=False)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_banks(pilot, "pushback")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, NewBankDialog))
        assert app.screen.query_one("#new-id", Input).value == "my-pushback"
        await pilot.press("ctrl+s")
        path = isolated_home / "banks" / "my-pushback.toml"
        await wait_for(pilot, lambda: screen.bank is not None and screen.bank.id == "my-pushback")
        original = path.read_text(encoding="utf-8")
        assert original.startswith("# Built-in bank: pushback.")
        assert screen.check_action("edit", ())

        editor = await open_editor(pilot)
        question = editor.original
        assert question is not None
        terms = editor.query_one("#ed-terms", TextArea)
        first = question.rubric[0]
        terms.text = terms.text.replace(
            "; ".join(first.phrases), "; ".join((*first.phrases, "my call"))
        )
        editor.query_one(
            "#ed-sample", TextArea
        ).text = "It was my call, because the data showed it."
        editor.refresh_checks()
        result = str(editor.query_one("#ed-result", Static).render())
        assert f"✓ {first.label}" in result
        # Earned by the new phrase, or by the term's reasoning signal on that sentence.
        assert "“my call” ← “my call”" in result or "reasoning signal ← “It was my call" in result
        assert "“None”" not in result
        assert editor.would_be is not None
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: path.read_text(encoding="utf-8") != original)
        saved = path.read_text(encoding="utf-8")
        changed = [
            (a, b) for a, b in zip(original.splitlines(), saved.splitlines(), strict=True) if a != b
        ]
        assert len(changed) == 1 and '"my call"]' in changed[0][1]
        (backup,) = (isolated_home / "banks").glob("my-pushback.toml.*.bak")
        assert backup.read_text(encoding="utf-8") == original
        await wait_for(pilot, lambda: isinstance(app.screen, BanksScreen))
        await wait_for(
            pilot,
            lambda: (
                screen.bank is not None and "my call" in screen.bank.questions[0].rubric[0].phrases
            ),
        )


async def test_validation_uses_the_validator_messages(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        editor.query_one("#ed-terms", TextArea).text = "+ Reason (weight 0): because\n- : x"
        editor.query_one("#ed-time", Input).value = "soon"
        editor.refresh_checks()
        status = str(editor.query_one("#ed-status", Static).render())
        assert "weight must be a number greater than 0 (got 0)" in status
        assert any("label must not be empty" in e for e in editor.errors)
        assert any("time limit 'soon'" in e for e in editor.errors)
        before = (isolated_home / "banks" / "zz-mine.toml").read_text(encoding="utf-8")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionEditor)  # not saved, still editing
        assert (isolated_home / "banks" / "zz-mine.toml").read_text(encoding="utf-8") == before
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))  # drop changes?
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, BanksScreen))


async def test_add_move_and_delete_questions(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    path = isolated_home / "banks" / "zz-mine.toml"
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot, "a")
        assert editor.new_id == "zz-mine-003"
        editor.query_one("#ed-prompt", TextArea).text = "Who would you call first?"
        editor.query_one("#ed-terms", TextArea).text = "+ Names someone: my manager"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "zz-mine-003" in path.read_text(encoding="utf-8"))

        def ids() -> list[str]:
            return [q.id for q in screen.bank.questions] if screen.bank else []

        await wait_for(pilot, lambda: ids() == ["zz-mine-001", "zz-mine-002", "zz-mine-003"])
        assert screen.selected() is not None and screen.selected().id == "zz-mine-003"
        await pilot.press("left_square_bracket")
        await wait_for(pilot, lambda: ids() == ["zz-mine-001", "zz-mine-003", "zz-mine-002"])
        screen.query_one("#questions", DataTable).move_cursor(row=0)
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await wait_for(pilot, lambda: ids() == ["zz-mine-003", "zz-mine-002"])
        text = path.read_text(encoding="utf-8")
        assert "# first question" not in text
        assert text.startswith("# A user bank whose comments must survive edits.")
        assert "# second question" in text


async def test_fuzzy_search_filters_questions(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_banks(pilot, "zz-mine")
        await pilot.press("slash")
        await pilot.press(*"refrences")  # a typo still finds it
        await pilot.pause()
        assert [q.id for q in screen.shown] == ["zz-mine-002"]
        assert not screen.check_action("move", ())  # no reordering a filtered list
        await pilot.press("enter")
        assert isinstance(app.focused, DataTable)


def test_search_matches_tags_and_keeps_order_when_blank() -> None:
    from callback_sim.core.banks import parse_bank

    bank = parse_bank(USER_BANK, "zz.toml")
    assert [q.id for q in search_questions(bank.questions, "motives")] == ["zz-mine-001"]
    assert [q.id for q in search_questions(bank.questions, "  ")] == [
        "zz-mine-001",
        "zz-mine-002",
    ]


def test_term_lines_round_trip() -> None:
    from callback_sim.core.models import RubricTerm

    rubric = (RubricTerm("Reason", ("because", "so that"), weight=2.5, required=True),)
    avoid = (RubricTerm("Bitter", ("hated",)),)
    text = format_terms(rubric, avoid)
    assert text == "+ Reason (weight 2.5, required): because; so that\n- Bitter (weight 1): hated"
    parsed = parse_terms(text)
    assert (parsed.rubric, parsed.avoid, parsed.errors) == (rubric, avoid, ())
    assert parse_terms("Reason: because").errors
    assert "unknown option 'heavy'" in parse_terms("+ R (heavy): x").errors[0]


def test_term_lines_keep_wordings_and_signals() -> None:
    from callback_sim.core.models import RubricTerm

    term = RubricTerm(
        "Disagreed", ("disagree",), weight=2, signals=("acknowledgement",), wordings=("at odds",)
    )
    text = format_terms((term,), ())
    assert text == "+ Disagreed (weight 2): disagree [wordings: at odds] [signals: acknowledgement]"
    assert parse_terms(text).rubric == (term,)


def test_term_lines_keep_examples_between_wordings_and_signals() -> None:
    from callback_sim.core.models import RubricTerm

    term = RubricTerm(
        "Owns it",
        ("I did",),
        signals=("ownership",),
        wordings=("my call",),
        examples=(
            "Nobody else went down to the docks, so I did.",
            "That rota was mine: I wrote it.",
        ),
    )
    text = format_terms((term,), ())
    assert text == (
        "+ Owns it (weight 1): I did [wordings: my call] [examples: Nobody else went down to "
        "the docks, so I did. | That rota was mine: I wrote it.] [signals: ownership]"
    )
    assert parse_terms(text).rubric == (term,)


SIZES = [(100, 30), (80, 24)]


@pytest.mark.parametrize("size", SIZES)
def test_editor_snapshot(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        editor.query_one("#ed-sample", TextArea).text = SAMPLE
        editor.refresh_checks()
        editor.query_one("#ed-prompt", TextArea).focus()
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(isolated_home), terminal_size=size, run_before=run_before)


async def test_an_unreadable_term_line_is_not_saved_and_the_text_is_kept(
    isolated_home: Path,
) -> None:
    """Issue 14 item 5: a line without + or - must not silently drop its term on ctrl+s."""
    app = make_app(isolated_home)
    path = isolated_home / "banks" / "zz-mine.toml"
    before = path.read_text(encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        terms = editor.query_one("#ed-terms", TextArea)
        typed = terms.text.replace("+ Forward-looking reason", "Forward-looking reason")
        terms.text = typed
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionEditor)
        assert editor.would_be is None
        assert "terms line 1" in str(editor.query_one("#ed-status", Static).render())
        assert terms.text == typed
        assert path.read_text(encoding="utf-8") == before
        assert not list(path.parent.glob("*.bak"))


async def test_an_invalid_time_limit_is_not_dropped_on_save(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    path = isolated_home / "banks" / "zz-mine.toml"
    before = path.read_text(encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await open_banks(pilot, "zz-mine")
        editor = await open_editor(pilot)
        editor.query_one("#ed-prompt", TextArea).text = "Why did you really leave?"
        editor.query_one("#ed-time", Input).value = "90s"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, QuestionEditor)
        assert any("time limit '90s'" in e for e in editor.errors)
        assert editor.query_one("#ed-time", Input).value == "90s"
        assert path.read_text(encoding="utf-8") == before


SIGNAL_BANK = USER_BANK.replace(
    """  label = "Names a reference"
  phrases = ["my manager", "a peer"]""",
    """  label = "Names a reference"
  phrases = ["my manager", "a peer"]

  [[questions.rubric]]
  label = "Explains the reasoning"
  signals = ["reasoning"]""",
)


async def test_editor_shows_and_keeps_signals(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    path = isolated_home / "banks" / "zz-mine.toml"
    path.write_text(SIGNAL_BANK, encoding="utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_banks(pilot, "zz-mine")
        screen.query_one("#questions", DataTable).move_cursor(row=1)
        await pilot.pause()
        assert "[signals: reasoning]" in str(screen.query_one("#detail", Static).render())
        editor = await open_editor(pilot)
        terms = editor.query_one("#ed-terms", TextArea)
        assert "+ Explains the reasoning (weight 1): [signals: reasoning]" in terms.text
        editor.query_one("#ed-prompt", TextArea).text = "What would your references say?"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: path.read_text(encoding="utf-8") != SIGNAL_BANK)
        saved = path.read_text(encoding="utf-8")
        assert saved == SIGNAL_BANK.replace(
            "What would your references say about you?", "What would your references say?"
        )
        await wait_for(pilot, lambda: isinstance(app.screen, BanksScreen))

        editor = await open_editor(pilot)
        terms = editor.query_one("#ed-terms", TextArea)
        terms.text = terms.text.replace(
            "[signals: reasoning]", "because [signals: reasoning, result]"
        )
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: path.read_text(encoding="utf-8") != saved)
        bank = parse_bank(path.read_text(encoding="utf-8"), path)
        term = bank.questions[1].rubric[1]
        assert (term.label, term.phrases, term.signals) == (
            "Explains the reasoning",
            ("because",),
            ("reasoning", "result"),
        )


def test_term_lines_round_trip_signals() -> None:
    from callback_sim.core.models import RubricTerm

    rubric = (
        RubricTerm("Reason", ("because",), weight=2, signals=("reasoning", "result")),
        RubricTerm("Owns it", (), signals=("ownership",)),
    )
    text = format_terms(rubric, ())
    assert text.splitlines() == [
        "+ Reason (weight 2): because [signals: reasoning, result]",
        "+ Owns it (weight 1): [signals: ownership]",
    ]
    parsed = parse_terms(text)
    assert (parsed.rubric, parsed.errors) == (rubric, ())
    assert parse_terms("+ R: x [signals: ]").errors


@pytest.mark.parametrize("size", SIZES)
def test_banks_snapshot(snap_compare: Any, isolated_home: Path, size: tuple[int, int]) -> None:
    """The bank browser on a bank of your own: its keys and Back in the footer."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await open_banks(pilot, "zz-mine")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(isolated_home), terminal_size=size, run_before=run_before)
