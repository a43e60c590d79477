"""Home's recent rounds: a table drawn by one widget, as a row-cursor DataTable looks.

Textual's DataTable is a scrolling container with eleven styled parts, caches and
column bookkeeping; on the home screen, for eight rows of five short columns, it was a
tenth of the work before the first frame. This widget draws the same header, zebra
stripes, row cursor (dim until focused) and mouse hover from the same theme rules, and
moves its cursor as DataTable does: up, down, page up and down, ctrl+home and ctrl+end,
and a click on a row. Rows taller than the widget scroll with the cursor.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget


class RoundsTable(Widget, can_focus=True):
    """A read-only table with a row cursor: a header row, then one line per row."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("ctrl+home", "first", "Top", show=False),
        Binding("ctrl+end", "last", "Bottom", show=False),
    ]

    # DataTable's names and rules for the parts drawn here, so a theme styles both alike.
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "datatable--header",
        "datatable--even-row",
        "datatable--odd-row",
        "datatable--cursor",
        "datatable--hover",
        "datatable--header-hover",
    }

    DEFAULT_CSS = """
    RoundsTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .datatable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .datatable--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark {
            & > .datatable--even-row {
                background: $surface-darken-1 40%;
            }
        }
        & > .datatable--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .datatable--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .datatable--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .datatable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .datatable--header-hover {
            background: $accent 30%;
        }
        & > .datatable--hover {
            background: $block-hover-background;
        }
    }
    """

    #: Index of the row under the cursor.
    cursor_row: reactive[int] = reactive(0, layout=False)

    def __init__(self, *, id: str | None = None, zebra_stripes: bool = True) -> None:
        super().__init__(id=id)
        self.zebra_stripes = zebra_stripes
        self.columns: list[str] = []
        self.rows: list[tuple[str, ...]] = []
        self.keys: list[str | None] = []
        self._column_widths: list[int] | None = None
        #: The row under the mouse (-1: the header), shown only after the mouse moves.
        self._hover_row: int | None = None
        self._scroll_row = 0

    # -- content --------------------------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.rows)

    def add_columns(self, *labels: str) -> None:
        self.columns.extend(labels)
        self._column_widths = None
        self.refresh(layout=True)

    def add_row(self, *cells: str, key: str | None = None) -> None:
        self.rows.append(tuple(cells))
        self.keys.append(key)
        self._column_widths = None
        self.refresh(layout=True)

    def clear(self) -> None:
        """Remove every row (the columns stay) and put the cursor back on the first."""
        self.rows.clear()
        self.keys.clear()
        self._column_widths = None
        self._hover_row = None
        self._scroll_row = 0
        self.cursor_row = 0
        self.refresh(layout=True)

    def _widths(self) -> list[int]:
        """Each column's width: its widest cell or label, with one space either side."""
        if self._column_widths is None:
            self._column_widths = self._measure()
        return self._column_widths

    def _measure(self) -> list[int]:
        widths = [cell_len(label) for label in self.columns]
        for row in self.rows:
            for i, cell in enumerate(row[: len(widths)]):
                widths[i] = max(widths[i], cell_len(cell))
        return [width + 2 for width in widths]

    def get_content_height(self, container: object, viewport: object, width: int) -> int:
        return 1 + len(self.rows)

    def get_content_width(self, container: object, viewport: object) -> int:
        return sum(self._widths())

    # -- the cursor -----------------------------------------------------------------------

    def watch_cursor_row(self, row: int) -> None:
        self._keep_in_view(row)
        self.refresh()

    def _body_height(self) -> int:
        return max(self.size.height - 1, 1)

    def _keep_in_view(self, row: int) -> None:
        """Keep the cursor's row in view when the rows do not all fit."""
        height = self._body_height()
        if row < self._scroll_row:
            self._scroll_row = row
        elif row >= self._scroll_row + height:
            self._scroll_row = row - height + 1

    def _move(self, row: int) -> None:
        self._hover_row = None  # as DataTable: the keyboard hides the mouse's highlight
        if self.rows:
            self.cursor_row = max(0, min(row, len(self.rows) - 1))
        self.refresh()

    def action_cursor_up(self) -> None:
        self._move(self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self._move(self.cursor_row + 1)

    def action_page_up(self) -> None:
        self._move(self.cursor_row - self._body_height())

    def action_page_down(self) -> None:
        self._move(self.cursor_row + self._body_height())

    def action_first(self) -> None:
        self._move(0)

    def action_last(self) -> None:
        self._move(len(self.rows) - 1)

    # -- the mouse ------------------------------------------------------------------------

    def _row_at(self, y: int) -> int | None:
        """The row drawn on line `y` (-1 for the header), None below the last."""
        if y == 0:
            return -1
        row = self._scroll_row + y - 1
        return row if 0 <= row < len(self.rows) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event.y)
        if row != self._hover_row:
            self._hover_row = row
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover_row is not None:
            self._hover_row = None
            self.refresh()

    def on_click(self, event: events.Click) -> None:
        row = self._row_at(event.y)
        self._hover_row = row
        if row is not None and row >= 0:
            self.cursor_row = row
        self.refresh()

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        last = max(len(self.rows) - self._body_height(), 0)
        if self._scroll_row < last:
            self._scroll_row += 1
            self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self._scroll_row > 0:
            self._scroll_row -= 1
            self.refresh()

    # -- drawing --------------------------------------------------------------------------

    def _line_styles(self, row: int) -> tuple[Style, Style]:
        """(cells, rest of the line) for `row` (-1: the header), as DataTable composes
        them: the row's style, then the cursor's or the hover's over it."""
        part = self.get_component_rich_style
        if row == -1:
            style = part("datatable--header")
        elif self.zebra_stripes:
            style = part("datatable--odd-row" if row % 2 else "datatable--even-row")
        else:
            style = self.rich_style
        over = Style()
        if self._hover_row == row:
            over += part("datatable--hover")
            if row == -1:
                over += part("datatable--header-hover")
        if row == self.cursor_row and row >= 0:
            over += part("datatable--cursor")
        cells = style + over
        if over.color is not None:
            cells += Style(color=over.color)  # the cursor's colour wins over the cell's
        return cells, style + over

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        row = self._row_at(y)
        if row is None:
            return Strip.blank(width, base)
        cells = self.columns if row == -1 else self.rows[row]
        cell_style, rest_style = self._line_styles(row)
        segments = []
        widths = self._widths()
        for column, (cell, cell_width) in enumerate(zip(cells, widths, strict=False)):
            meta = Style.from_meta({"row": row, "column": column})
            text = f" {cell}"
            text += " " * (cell_width - cell_len(text))
            segments.append(Segment(text, cell_style + meta))
        used = sum(widths)
        if width > used:
            meta = Style.from_meta({"row": row, "column": 0, "out_of_bounds": True})
            segments.append(Segment(" " * (width - used), rest_style + meta))
        return Strip(segments).adjust_cell_length(width, base).simplify()
