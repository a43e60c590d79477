"""Home's one-widget header and footer act as Textual's Header and Footer do."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.widgets import Static

from callback_sim.tui.screens.debrief import DebriefScreen
from callback_sim.tui.widgets.app_header import AppHeader
from callback_sim.tui.widgets.footer import KeysFooter

from .tui_helpers import home_ready, make_app, wait_for


def _span_of(footer: KeysFooter, description: str) -> int:
    """The first column of the key with this description."""
    for span in footer.spans:
        if span.shown.description == description:
            return span.start
    raise AssertionError(f"{description} not in the footer: {footer.shown}")


async def test_clicking_a_footer_key_presses_it(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        footer = home.query_one(KeysFooter)
        await pilot.click(KeysFooter, offset=(_span_of(footer, "Debrief") + 1, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, DebriefScreen))


async def test_the_palette_key_opens_the_palette_and_hover_shows_the_tooltip(
    isolated_home: Path,
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(140, 30)) as pilot:  # wide enough for the palette key
        home = await home_ready(pilot)
        footer = home.query_one(KeysFooter)
        assert footer.shown[-1].palette
        x = _span_of(footer, "Kit") + 1
        await pilot.hover(KeysFooter, offset=(x, 0))
        assert footer.tooltip and "Prep kit" in str(footer.tooltip)
        await pilot.hover(KeysFooter, offset=(138, 0))  # the palette key, at the right edge
        assert footer.tooltip
        await pilot.click(KeysFooter, offset=(138, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))


class _Keys(App[None]):
    """A screen with one key hidden, one disabled and one shown."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "note('a')", "Shown"),
        Binding("b", "note('b')", "Hidden"),
        Binding("c", "note('c')", "Disabled"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self.bells = 0

    def compose(self) -> ComposeResult:
        yield Static("keys")
        yield KeysFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if parameters == ("b",):
            return False
        if parameters == ("c",):
            return None
        return True

    def action_note(self, what: str) -> None:
        self.notes.append(what)

    def bell(self) -> None:
        self.bells += 1


async def test_hidden_keys_are_left_out_and_a_disabled_key_rings_the_bell() -> None:
    app = _Keys()
    async with app.run_test(size=(60, 5)) as pilot:
        await pilot.pause()
        footer = app.query_one(KeysFooter)
        shown = {k.description: k for k in footer.shown}
        assert "Hidden" not in shown
        assert shown["Disabled"].disabled and not shown["Shown"].disabled
        await pilot.click(KeysFooter, offset=(_span_of(footer, "Shown") + 1, 0))
        await pilot.click(KeysFooter, offset=(_span_of(footer, "Disabled") + 1, 0))
        await pilot.pause()
        assert app.notes == ["a"] and app.bells == 1


async def test_the_header_icon_opens_the_palette_and_a_click_makes_it_tall(
    isolated_home: Path,
) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        header = home.query_one(AppHeader)
        assert "callback interview practice" in str(header.render())
        await pilot.hover(AppHeader, offset=(2, 0))
        assert header.tooltip == "Open the command palette"
        await pilot.click(AppHeader, offset=(50, 0))
        await pilot.pause()
        assert header.has_class("-tall") and header.size.height == 3
        await pilot.click(AppHeader, offset=(50, 1))
        await pilot.pause()
        assert header.size.height == 1
        await pilot.click(AppHeader, offset=(2, 0))
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette))
