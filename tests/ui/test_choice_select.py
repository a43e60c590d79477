"""ChoiceSelect looks and behaves as Textual's Select: the same screen in every state."""

from __future__ import annotations

import re
from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import Button, Label, Select

from callback_sim.tui.widgets.choice_select import ChoiceSelect
from tests.ui.tui_helpers import wait_for


def _app(select_type: type[Select[Any]]) -> App[None]:
    class Form(App[None]):
        CSS = "Select { width: 30; }"

        def compose(self) -> ComposeResult:
            yield Button("first")
            yield select_type(
                [(str(n), n) for n in (3, 5, 8)], value=5, allow_blank=False, id="count"
            )
            yield select_type([("Acme", "Acme"), ("Beta", "Beta")], prompt="Banks only", id="co")
            yield Label("end")

    return Form()


def _cells(app: App[None]) -> list[str]:
    """The screen's text lines and the colours used (the SVG without its run id)."""
    svg = re.sub(r"terminal-\d+-", "t-", app.export_screenshot())
    texts = re.findall(r"<text class=\"([^\"]+)\"[^>]*>([^<]*)</text>", svg)
    styles = dict(re.findall(r"\.(t-r\d+) \{ ([^}]*) \}", svg))
    return [f"{styles.get(cls, cls)}|{text}" for cls, text in texts]


async def _walk(select_type: type[Select[Any]]) -> tuple[list[list[str]], list[object]]:
    app = _app(select_type)
    screens: list[list[str]] = []
    seen: list[object] = []
    async with app.run_test(size=(50, 20)) as pilot:

        async def shot() -> None:
            await pilot.pause(0.05)
            screens.append(_cells(app))

        await shot()
        await pilot.press("tab")  # focus the count
        await shot()
        await pilot.press("enter")  # open it: the current value is highlighted
        await wait_for(pilot, lambda: app.query_one("#count", Select).expanded)
        await shot()
        await pilot.press("down", "enter")
        await shot()
        seen += [app.query_one("#count", Select).value, getattr(app.focused, "id", None)]
        await pilot.press("tab", "space")  # a blank select opened by key
        await shot()
        await pilot.press("down", "enter")
        seen.append(app.query_one("#co", Select).value)
        await pilot.click("#co")  # opened by the mouse
        await shot()
        await pilot.press("escape")
        await shot()
        seen.append(app.query_one("#co", Select).expanded)
    return screens, seen


async def test_choice_select_draws_and_acts_as_select() -> None:
    expected, expected_seen = await _walk(Select)
    screens, seen = await _walk(ChoiceSelect)
    assert expected_seen == [8, "count", "Acme", False]
    assert seen == expected_seen
    for state, (want, got) in enumerate(zip(expected, screens, strict=True)):
        assert got == want, f"state {state} differs"


async def test_choice_select_builds_its_drop_down_only_when_opened() -> None:
    app = _app(ChoiceSelect)
    async with app.run_test(size=(50, 20)) as pilot:
        select = app.query_one("#count", Select)
        # One widget, drawing its own face, until it is opened.
        assert len(list(select.walk_children())) == 0
        select.value = 3
        await pilot.pause()
        assert "3" in str(select.render())
        select.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: len(list(select.walk_children())) == 2)
        assert "3" in str(select.query_one("SelectFace").render())
