"""Textual's Header drawn by one widget: the home screen's, where start-up time counts.

Textual's Header is four widgets (itself, the icon, the title and the clock's space),
each styled, mounted and laid out on its own. This one draws the same line: the icon
in its eight columns on the left (lit under the pointer, with its tooltip; a click
opens the command palette), the title and sub-title centred between it and the
clock's ten columns on the right, cut with an ellipsis when too long. A click
elsewhere makes it tall, as Header does, and it follows the title as Header does.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.content import Content
from textual.style import Style
from textual.widget import Widget

#: Columns of Header's icon (docked left) and of its clock's space (docked right).
ICON_WIDTH = 8
CLOCK_WIDTH = 10


class AppHeader(Widget):
    """A one-widget Header: icon, centred title and sub-title, tall on a click."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"app-header--icon-hover"}

    # Header's rules, and HeaderIcon's hover on the part this widget draws.
    DEFAULT_CSS = """
    AppHeader {
        dock: top;
        width: 100%;
        background: $panel;
        color: $foreground;
        height: 1;
        text-wrap: nowrap;
        content-align: left middle;
        & > .app-header--icon-hover {
            background: $foreground 10%;
        }
    }
    AppHeader.-tall {
        height: 3;
    }
    """

    def __init__(self, *, icon: str = "⭘") -> None:
        super().__init__()
        self.icon = icon
        self._icon_lit = False

    def on_mount(self) -> None:
        for target in (self.app, self.screen):
            self.watch(target, "title", self._title_changed, init=False)
            self.watch(target, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    def _title(self) -> Content:
        """What Header shows: the screen's title and sub-title, else the App's."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return app.format_title(title, sub_title)

    def render(self) -> Content:
        width = self.size.width
        icon = Content(f" {self.icon}".ljust(ICON_WIDTH))
        if self._icon_lit:
            lit = self.get_component_styles("app-header--icon-hover").background
            icon = icon.stylize(Style(background=lit))
        room = max(width - ICON_WIDTH - CLOCK_WIDTH, 0)
        title = self._title().truncate(room, ellipsis=True)
        left = (room - title.cell_length) // 2
        title = title.pad(left, room - left - title.cell_length)
        line = Content.assemble(icon, title, " " * CLOCK_WIDTH)
        if self.size.height < 3:
            return line
        # Tall: the icon's column is lit on all three rows, as the icon widget is.
        edge = Content.assemble(
            Content(" " * ICON_WIDTH).stylize(icon.spans[0].style)
            if icon.spans
            else " " * ICON_WIDTH,
            " " * max(width - ICON_WIDTH, 0),
        )
        return Content("\n").join([edge, line, edge])

    def _on_icon(self, x: int) -> bool:
        return x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE

    def on_mouse_move(self, event: events.MouseMove) -> None:
        lit = self._on_icon(event.x)
        if lit != self._icon_lit:
            self._icon_lit = lit
            self.tooltip = "Open the command palette" if lit else None
            self.styles.pointer = "pointer" if lit else "default"
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._icon_lit:
            self._icon_lit = False
            self.tooltip = None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if self._on_icon(event.x):
            event.stop()
            await self.run_action("app.command_palette")
        else:
            self.toggle_class("-tall")
