"""History: every past round in a sortable, filterable table, loaded a page at a time.

The first page (PAGE_SIZE rows) is read in a thread worker as the screen opens and more
pages follow as the cursor nears the end, so 10,000 sessions open as fast as 10. Enter
opens a round with every answer's score card (session_detail.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text
from textual import events, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Select, Static
from textual.worker import Worker, WorkerState

from callback_sim.core.models import SessionSummary
from callback_sim.tui.screens.home import MODE_TITLES, when
from callback_sim.tui.widgets.countdown import format_seconds
from callback_sim.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

#: Rows read per page: enough to fill any screen and scroll a while before the next read.
PAGE_SIZE = 100
#: Read the next page when the cursor comes this close to the last loaded row.
PREFETCH_ROWS = 25
#: Typing in the search box waits this long (seconds) before querying.
SEARCH_DELAY = 0.3

#: (column key, heading, sort key in store.review.HISTORY_SORTS)
COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("date", "Date", "started_at"),
    ("company", "Company", "company"),
    ("mode", "Mode", "mode"),
    ("questions", "Questions", "answers"),
    ("score", "Avg", "score"),
    ("time", "Time", "seconds"),
    ("status", "Status", "status"),
)
SORT_TITLES: dict[str, str] = {sort: title for _, title, sort in COLUMNS}


@dataclass(frozen=True)
class HistoryFilters:
    """What the history table is narrowed to; None means no filter."""

    text: str | None = None
    category: str | None = None
    company: str | None = None
    since: str | None = None
    until: str | None = None

    @property
    def active(self) -> bool:
        return any((self.text, self.category, self.company, self.since, self.until))

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "category": self.category,
            "company": self.company,
            "since": self.since,
            "until": self.until,
        }


def worker_failed(screen: Screen[Any], event: Worker.StateChanged) -> None:
    """Turn a failed screen worker into a notification (their errors do not reach the App)."""
    if event.state is WorkerState.ERROR:
        from callback_sim.tui.context import worker_error_message

        screen.notify(
            worker_error_message(event.worker.error), title="Not done", severity="error", timeout=10
        )


def add_stylesheet(screen: Screen[Any]) -> None:
    """Add a new screen's .tcss to the app's stylesheet and mark the screen as styled.

    Left to Textual, the first switch to a mode re-parses every stylesheet of the app (its
    parse cache thrown away) and restyles every widget three times over: once because the
    screen's CSS_PATH is new, twice because a new Screen counts as older than any CSS
    change. Added here, before Textual looks, only this file is parsed (the rest come from
    the parse cache) and the screen's widgets are styled as they mount. The rules are all
    nested under the screen's type, so no widget already shown changes. A theme change
    later still restyles the screen (Textual counts it as a new change).
    """
    app = screen.app
    stylesheet = app.stylesheet
    for path in screen.css_path:
        if not stylesheet.has_source(str(path), ""):
            stylesheet.add_source(Path(path).read_text(encoding="utf-8"), read_from=(str(path), ""))
    screen._css_update_count = app._css_update_count


def _date_or_none(text: str) -> str | None:
    """A YYYY-MM-DD filter value, or None when empty; ValueError when malformed."""
    text = text.strip()
    if not text:
        return None
    return date.fromisoformat(text).isoformat()


class PlainCell:
    """One line of printable text as a table cell, rendered as the one segment it is.

    The table renders a Rich Text cell through wrapping, justifying and dividing into lines,
    which was half the time of the first frame of a history page; a line of printable text
    needs none of it and looks the same. `table_cell` picks Text for anything else.
    """

    __slots__ = ("text", "width")

    def __init__(self, text: str) -> None:
        self.text = text
        self.width = cell_len(text)

    def __str__(self) -> str:
        return self.text

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.width > options.max_width:
            yield Segment(set_cell_size(self.text, options.max_width))
        else:
            yield Segment(self.text)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)


def table_cell(text: str) -> PlainCell | Text:
    """A cell showing `text` as it is: a str cell would be parsed as markup (a company named
    "R&D [/]" broke the table, "[b]" turned bold), and that parse was a third of the time
    the table took to measure a page. Tabs and control characters go through Rich's Text.
    """
    return PlainCell(text) if text.isprintable() else Text(text, no_wrap=True, end="")


def summary_cells(s: SessionSummary) -> tuple[PlainCell | Text, ...]:
    """One history row as shown: date, company, mode, questions, mean score, time, status."""
    cells = (
        when(s.started_at),
        s.company or "—",
        MODE_TITLES.get(s.mode, s.mode),
        f"{s.answers}/{s.planned}",
        "—" if s.score is None else f"{s.score:.0f}",
        format_seconds(s.seconds),
        s.status.replace("_", " "),
    )
    return tuple(table_cell(cell) for cell in cells)


def rounds_shown(loaded: int, total: int | None, filtered: bool) -> str:
    """What the list holds: "2 rounds", "1 round matches the filters", "50 shown of 900 …"."""
    if total is None:
        return f"{loaded:,} shown, counting the rest…"
    noun = "round" if total == 1 else "rounds"
    matching = f"{total:,} {noun}"
    if filtered:
        matching += " matches the filters" if total == 1 else " match the filters"
    return matching if loaded >= total else f"{loaded:,} shown of {matching}"


class HistoryScreen(Screen[None]):
    """The history mode's base screen."""

    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history-table"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open round", id="history.open"),
        Binding("slash", "search", "Search", id="history.search"),
        Binding("o", "cycle_sort", "Sort", id="history.sort"),
        Binding("v", "reverse", "Reverse", id="history.reverse"),
        Binding("ctrl+l", "clear_filters", "Clear filters", id="history.clear"),
        Binding("escape", "back", "Back", id="history.back"),
    ]

    class Page(Message):
        """A page of rows read by the worker (`generation` drops pages of old queries)."""

        def __init__(
            self,
            generation: int,
            offset: int,
            rows: list[SessionSummary],
            total: int | None,
            choices: tuple[list[str], list[str]] | None,
        ) -> None:
            super().__init__()
            self.generation = generation
            self.offset = offset
            self.rows = rows
            self.total = total
            self.choices = choices
            self.shown = False

    def __init__(self) -> None:
        super().__init__()
        add_stylesheet(self)
        self.filters = HistoryFilters()
        self.sort = "started_at"
        self.descending = True
        self.sessions: list[SessionSummary] = []
        self.total: int | None = None
        self.generation = 0
        self.loading_more = False
        self._search_timer: Timer | None = None
        self._choices_loaded = False
        self._suspended = False
        # The first page is read while the screen composes and mounts (that takes longer
        # than the query), so the table has its rows before its first layout and paint.
        self._first_page: HistoryScreen.Page | None = None
        self._mounting = True
        self.reload()

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="history-filters"):
            yield Input(placeholder="/ search answers", id="history-search", compact=True)
            yield Select[str]([], prompt="Any category", id="history-category", compact=True)
            yield Select[str]([], prompt="Any company", id="history-company", compact=True)
            yield Input(placeholder="from YYYY-MM-DD", id="history-since", compact=True)
            yield Input(placeholder="to YYYY-MM-DD", id="history-until", compact=True)
        yield Static("Loading your rounds…", id="history-status", markup=False)
        yield DataTable(id="history-table", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        for key, title, _ in COLUMNS:
            table.add_column(title, key=key)
        table.focus()
        self._mounting = False
        first, self._first_page = self._first_page, None
        if first is not None:
            self._show_page(first)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        if not self._suspended:
            # Shown for the first time: every widget was styled as it mounted (see
            # add_stylesheet), and Textual would restyle them all once for each of the
            # two resume events it sends a new mode's screen; the first page is on its way.
            event.refresh_styles = False
            return
        # Back from a round or from practice mode: there may be new rounds to list.
        if self.total is not None:
            self.reload()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        """Start over from the first page with the current filters and sort."""
        self.generation += 1
        self.loading_more = True
        self._load(self.generation, 0, with_total=True)

    @work(thread=True, exclusive=True, group="history-page", exit_on_error=False)
    def _load(self, generation: int, offset: int, with_total: bool) -> None:
        from callback_sim.store.review import categories, companies, count_history, list_history

        store = self.cs_app.context.store()
        kwargs = self.filters.as_kwargs()
        rows = list_history(
            store,
            sort=self.sort,
            descending=self.descending,
            limit=PAGE_SIZE,
            offset=offset,
            **kwargs,
        )
        # The first rows go up before the count and the filter choices are read.
        page = self.Page(generation, offset, rows, None, None)
        if self._mounting:
            self._first_page = page  # on_mount shows it if it is here by then
        self.post_message(page)
        if with_total:
            total = count_history(store, **kwargs)
            choices = None if self._choices_loaded else (categories(store), companies(store))
            self.post_message(self.Page(generation, -1, [], total, choices))

    def on_history_screen_page(self, message: Page) -> None:
        if message.generation == self.generation and not message.shown:
            self._show_page(message)

    def _show_page(self, message: Page) -> None:
        message.shown = True
        if message.choices is not None:
            self._fill_choices(*message.choices)
        if message.offset < 0:
            self.total = message.total
            self._show_status()
            self.refresh_bindings()
            return
        table = self.query_one("#history-table", DataTable)
        if message.offset == 0:
            table.clear()
            self.sessions = []
        for s in message.rows:
            table.add_row(*summary_cells(s), key=str(s.id))
        self.sessions.extend(message.rows)
        if len(message.rows) < PAGE_SIZE:
            # The last page: the count is known without waiting for it.
            self.total = len(self.sessions)
        self.loading_more = False
        self._show_status()
        self.refresh_bindings()

    def _fill_choices(self, categories: list[str], companies: list[str]) -> None:
        self._choices_loaded = True
        for select_id, options in (
            ("#history-category", categories),
            ("#history-company", companies),
        ):
            select = self.query_one(select_id, Select)
            with select.prevent(Select.Changed):
                select.set_options([(o.replace("_", " "), o) for o in options])

    def _show_status(self) -> None:
        status = self.query_one("#history-status", Static)
        arrow = "↓" if self.descending else "↑"
        order = f"sorted by {SORT_TITLES[self.sort].lower()} {arrow}"
        if self.total == 0:
            status.update(
                "No rounds match these filters (ctrl+l clears them)."
                if self.filters.active
                else "No rounds yet. Press f2 and start one."
            )
            return
        status.update(
            f"{rounds_shown(len(self.sessions), self.total, self.filters.active)} · {order}"
        )

    def _more_available(self) -> bool:
        return self.total is None or len(self.sessions) < self.total

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if (
            not self.loading_more
            and self._more_available()
            and event.cursor_row >= len(self.sessions) - PREFETCH_ROWS
            and len(self.sessions) >= PAGE_SIZE
        ):
            self.loading_more = True
            self._load_more(self.generation, len(self.sessions))

    @work(thread=True, group="history-more", exit_on_error=False)
    def _load_more(self, generation: int, offset: int) -> None:
        from callback_sim.store.review import list_history

        rows = list_history(
            self.cs_app.context.store(),
            sort=self.sort,
            descending=self.descending,
            limit=PAGE_SIZE,
            offset=offset,
            **self.filters.as_kwargs(),
        )
        self.post_message(self.Page(generation, offset, rows, None, None))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.loading_more = False
        worker_failed(self, event)

    # -- filters ----------------------------------------------------------------------------

    def set_filters(self, filters: HistoryFilters) -> None:
        if filters != self.filters:
            self.filters = filters
            self.reload()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "history-search":
            if self._search_timer is not None:
                self._search_timer.stop()
            self._search_timer = self.set_timer(SEARCH_DELAY, self._apply_search)

    def _apply_search(self) -> None:
        text = self.query_one("#history-search", Input).value.strip() or None
        self.set_filters(_replace(self.filters, text=text))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "history-search":
            self._apply_search()
        else:
            self._apply_dates()
        self.query_one("#history-table", DataTable).focus()

    def _apply_dates(self) -> None:
        since_input = self.query_one("#history-since", Input)
        until_input = self.query_one("#history-until", Input)
        try:
            since = _date_or_none(since_input.value)
            until = _date_or_none(until_input.value)
        except ValueError:
            self.notify("Dates are YYYY-MM-DD, e.g. 2026-11-20.", severity="warning")
            return
        self.set_filters(_replace(self.filters, since=since, until=until))

    def on_select_changed(self, event: Select.Changed) -> None:
        value = None if event.value is Select.NULL else str(event.value)
        if event.select.id == "history-category":
            self.set_filters(_replace(self.filters, category=value))
        elif event.select.id == "history-company":
            self.set_filters(_replace(self.filters, company=value))

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        sort = COLUMNS[event.column_index][2]
        if sort == self.sort:
            self.descending = not self.descending
        else:
            self.sort, self.descending = sort, sort != "company"
        self.reload()

    # -- actions ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return bool(self.sessions)
        if action == "clear_filters":
            return self.filters.active
        return True

    def selected(self) -> SessionSummary | None:
        table = self.query_one("#history-table", DataTable)
        if not self.sessions or not 0 <= table.cursor_row < len(self.sessions):
            return None
        return self.sessions[table.cursor_row]

    def action_open(self) -> None:
        from callback_sim.tui.screens.session_detail import SessionDetailScreen

        chosen = self.selected()
        if chosen is not None:
            self.app.push_screen(SessionDetailScreen(chosen.id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_search(self) -> None:
        self.query_one("#history-search", Input).focus()

    def action_cycle_sort(self) -> None:
        order = [sort for _, _, sort in COLUMNS]
        self.sort = order[(order.index(self.sort) + 1) % len(order)]
        self.descending = self.sort != "company"
        self.notify(f"Sorted by {SORT_TITLES[self.sort].lower()}", timeout=2)
        self.reload()

    def action_reverse(self) -> None:
        self.descending = not self.descending
        self.reload()

    def action_clear_filters(self) -> None:
        for input_id in ("#history-search", "#history-since", "#history-until"):
            field = self.query_one(input_id, Input)
            with field.prevent(Input.Changed):
                field.value = ""
        for select_id in ("#history-category", "#history-company"):
            select = self.query_one(select_id, Select)
            with select.prevent(Select.Changed):
                select.clear()
        self.query_one("#history-table", DataTable).focus()
        self.set_filters(HistoryFilters())

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input | Select):
            # Escape leaves a filter box first; a second escape leaves history.
            self.query_one("#history-table", DataTable).focus()
            return
        self.app.switch_mode("practice")

    def palette_commands(self) -> list[SystemCommand]:
        commands = [
            SystemCommand(
                "Search rounds", "Search the answers and companies (/)", self.action_search
            ),
            SystemCommand("Sort history", "Sort by the next column (o)", self.action_cycle_sort),
            SystemCommand("Reverse history order", "Flip the sort order (v)", self.action_reverse),
        ]
        if self.sessions:
            commands.insert(
                0, SystemCommand("Open round", "Open the selected round (enter)", self.action_open)
            )
        if self.filters.active:
            commands.append(
                SystemCommand(
                    "Clear filters", "Show every round (ctrl+l)", self.action_clear_filters
                )
            )
        return commands


def _replace(filters: HistoryFilters, **changes: Any) -> HistoryFilters:
    from dataclasses import replace

    return replace(filters, **changes)
