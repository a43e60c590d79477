"""Progress: score over time per category (bar charts), per question best/latest/mean with
its spaced-repetition due date and flags, think time and overtime, and energy across rounds.

The report is built in a thread worker (`store.review.load_report`); suspending or
reinstating a question is written the same way and the report is read again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane
from textual.worker import Worker

from callback_sim.clock import now_utc
from callback_sim.core.durations import clock
from callback_sim.core.progress import (
    ProgressReport,
    QuestionProgress,
    due_label,
    parse_utc,
    sparkline_text,
)
from callback_sim.core.text import counted
from callback_sim.tui.screens.history import worker_failed
from callback_sim.tui.screens.home import when
from callback_sim.tui.widgets.chart import ScoreChart
from callback_sim.tui.widgets.footer import KeysFooter

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

#: Tab ids in order (keys 1-4 and `t` move between them).
TABS: tuple[tuple[str, str], ...] = (
    ("tab-categories", "Categories"),
    ("tab-questions", "Questions"),
    ("tab-timing", "Timing"),
    ("tab-energy", "Energy"),
)


def wall_now() -> datetime:
    """The current UTC time; tests replace this to pin due dates."""
    return now_utc()


def _fig(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def category_caption(
    name: str, answers: int, latest: float | None, best: float | None, mean: float | None
) -> str:
    """The line above a category's chart: its name and its figures."""
    noun = "answer" if answers == 1 else "answers"
    return (
        f"{name.replace('_', ' ')} · latest {_fig(latest)} · best {_fig(best)} · "
        f"mean {_fig(mean)} · {answers} {noun}"
    )


#: Below this many columns the Questions table leaves out Best and Mean.
NARROW_BELOW = 100


def question_flags(q: QuestionProgress) -> str:
    flags = []
    if q.struggling:
        flags.append("struggling")
    if q.suspended:
        flags.append("suspended")
    if q.rescored:
        flags.append("↻ rescored")
    return ", ".join(flags)


class ProgressScreen(Screen[None]):
    """The progress mode's base screen."""

    CSS_PATH = "progress.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("t", "next_tab", "Next tab", id="progress.next_tab"),
        Binding("1", "tab(0)", "Categories", id="progress.tab1", show=False),
        Binding("2", "tab(1)", "Questions", id="progress.tab2", show=False),
        Binding("3", "tab(2)", "Timing", id="progress.tab3", show=False),
        Binding("4", "tab(3)", "Energy", id="progress.tab4", show=False),
        Binding("c", "compare", "Compare attempts", id="progress.compare"),
        Binding("x", "toggle_suspend", "Suspend/reinstate", id="progress.suspend"),
        Binding("escape", "back", "Back", id="progress.back"),
    ]

    class Loaded(Message):
        """The report was built."""

        def __init__(self, report: ProgressReport) -> None:
            super().__init__()
            self.report = report

    def __init__(self) -> None:
        super().__init__()
        self.report: ProgressReport | None = None
        self.questions: list[QuestionProgress] = []

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Reading your answers…", id="progress-status", markup=False)
        with TabbedContent(id="progress-tabs"):
            with TabPane("Categories", id="tab-categories"):
                yield VerticalScroll(id="progress-categories")
            with TabPane("Questions", id="tab-questions"):
                yield DataTable(id="progress-questions", cursor_type="row", zebra_stripes=True)
            with TabPane("Timing", id="tab-timing"), Vertical():
                yield Static("", id="progress-timing-note", markup=False)
                yield DataTable(id="progress-timing", cursor_type="row", zebra_stripes=True)
            with TabPane("Energy", id="tab-energy"), Vertical():
                yield Static("", id="progress-energy-note", markup=False)
                yield DataTable(id="progress-energy", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self._question_columns()
        self.query_one("#progress-timing", DataTable).add_columns(
            "Day", "Answers", "Think (s)", "Time (s)", "Over", "Mean overrun"
        )
        self.query_one("#progress-energy", DataTable).add_columns(
            "Round", "Started", "Curve", "Mean /100w", "Late sag"
        )
        self.reload()

    def on_screen_resume(self) -> None:
        if self.report is not None:
            self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="progress", exit_on_error=False)
    def _load(self) -> None:
        from callback_sim.store.review import load_report

        self.post_message(self.Loaded(load_report(self.cs_app.context.store(), now=wall_now())))

    @work(thread=True, group="progress-suspend", exit_on_error=False)
    def _suspend(self, bank_id: str, question_id: str, suspended: bool) -> None:
        from callback_sim.store.review import set_suspended

        set_suspended(self.cs_app.context.store(), bank_id, question_id, suspended)
        self.app.call_from_thread(self.reload)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def on_progress_screen_loaded(self, message: Loaded) -> None:
        report = self.report = message.report
        answers = sum(c.answers for c in report.categories)
        struggling = sum(1 for q in report.questions if q.struggling)
        suspended = sum(1 for q in report.questions if q.suspended)
        status = (
            f"{counted(answers, 'scored answer')} · "
            f"{counted(len(report.questions), 'question')} practised"
            + (f" · {struggling} struggling" if struggling else "")
            + (f" · {suspended} suspended" if suspended else "")
        )
        if not report.questions:
            status = "No answers yet: press f2 and practise a round, then come back here."
        else:
            from callback_sim.core.progress import scorer_note

            status = " ".join([status, *scorer_note(report.scorer_versions, report.rescored)])
        self.query_one("#progress-status", Static).update(status)
        self._show_categories(report)
        self._show_questions(report)
        self._show_timing(report)
        self._show_energy(report)
        self.refresh_bindings()

    def _show_categories(self, report: ProgressReport) -> None:
        box = self.query_one("#progress-categories", VerticalScroll)
        box.remove_children()
        if not report.categories:
            box.mount(Static("No scored answers yet.", classes="progress-empty"))
            return
        rows = []
        for c in report.categories:
            rows.append(
                Vertical(
                    Static(
                        category_caption(c.category, c.answers, c.latest, c.best, c.mean),
                        classes="progress-caption",
                        markup=False,
                    ),
                    Horizontal(
                        Static("100\n  0", classes="progress-axis"),
                        ScoreChart(c.recent, classes="progress-chart"),
                        classes="progress-chart-row",
                    ),
                    classes="progress-category",
                )
            )
        box.mount(*rows)

    @property
    def narrow(self) -> bool:
        """Below 100 columns Best and Mean give way, so Due and Flags always show."""
        return self.app.size.width < NARROW_BELOW

    def _question_columns(self) -> None:
        table = self.query_one("#progress-questions", DataTable)
        table.clear(columns=True)
        self._columns_narrow = self.narrow
        if self.narrow:
            table.add_columns("Question", "Category", "Tries", "Latest", "Due", "Flags")
        else:
            table.add_columns(
                "Question", "Category", "Tries", "Latest", "Best", "Mean", "Due", "Flags"
            )

    def on_resize(self) -> None:
        if getattr(self, "_columns_narrow", None) not in (None, self.narrow):
            self._question_columns()
            if self.report is not None:
                self._show_questions(self.report)

    def _show_questions(self, report: ProgressReport) -> None:
        table = self.query_one("#progress-questions", DataTable)
        row = table.cursor_row
        table.clear()
        now = parse_utc(report.generated_at)
        self.questions = list(report.questions)
        # The prompt takes what the other columns leave (they are at most ~50 wide).
        room = max(16, min(38, self.app.size.width - (56 if self.narrow else 70)))
        for q in self.questions:
            prompt = q.prompt if len(q.prompt) <= room else q.prompt[: room - 1] + "…"
            figures = (
                [_fig(q.latest)] if self.narrow else [_fig(q.latest), _fig(q.best), _fig(q.mean)]
            )
            table.add_row(
                prompt,
                q.category.replace("_", " "),
                str(q.attempts),
                *figures,
                "—" if q.suspended else due_label(q.due, now),
                question_flags(q),
                key=f"{q.bank_id}/{q.question_id}",
            )
        if self.questions:
            table.move_cursor(row=min(row, len(self.questions) - 1))

    def _show_timing(self, report: ProgressReport) -> None:
        table = self.query_one("#progress-timing", DataTable)
        table.clear()
        days = list(reversed(report.timing))  # newest first
        for t in days:
            table.add_row(
                t.day,
                str(t.answers),
                "—" if t.think_mean is None else f"{t.think_mean:.1f}",
                f"{t.seconds_mean:.0f}",
                str(t.overtime_answers),
                "—" if t.overrun_mean is None else f"+{clock(t.overrun_mean)}",
            )
        note = self.query_one("#progress-timing-note", Static)
        total = sum(t.answers for t in report.timing)
        over = sum(t.overtime_answers for t in report.timing)
        thinks = [t.think_mean for t in report.timing if t.think_mean is not None]
        if not total:
            note.update("No timed answers yet.")
            return
        trend = ""
        if len(thinks) >= 2:
            trend = f" · think time {thinks[0]:.1f} s on your first day, {thinks[-1]:.1f} s lately"
        ran = "answer ran" if total == 1 else "answers ran"
        note.update(f"{over} of {total} {ran} over the time limit{trend}.")

    def _show_energy(self, report: ProgressReport) -> None:
        table = self.query_one("#progress-energy", DataTable)
        table.clear()
        top = max((max(r.curve) for r in report.rounds if r.curve), default=0.0) or 1.0
        for r in report.rounds:
            table.add_row(
                str(r.session_id),
                when(r.started_at),
                sparkline_text(r.curve, high=top) or "—",
                "—" if r.mean_rate is None else f"{r.mean_rate:.1f}",
                "yes" if r.sagged else "no",
            )
        self.query_one("#progress-energy-note", Static).update(report.energy.sentence)

    # -- actions ------------------------------------------------------------------------------

    def _active_tab(self) -> str:
        return self.query_one("#progress-tabs", TabbedContent).active

    def selected_question(self) -> QuestionProgress | None:
        table = self.query_one("#progress-questions", DataTable)
        if not self.questions or not 0 <= table.cursor_row < len(self.questions):
            return None
        return self.questions[table.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare", "toggle_suspend"):
            return self._active_tab() == "tab-questions" and self.selected_question() is not None
        return True

    def on_tabbed_content_tab_activated(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()
        pane = event.pane
        tables = pane.query(DataTable)
        if tables:
            tables.first().focus()

    def action_tab(self, index: int) -> None:
        self.query_one("#progress-tabs", TabbedContent).active = TABS[index][0]

    def action_next_tab(self) -> None:
        ids = [tab_id for tab_id, _ in TABS]
        current = ids.index(self._active_tab()) if self._active_tab() in ids else 0
        self.action_tab((current + 1) % len(ids))

    def action_compare(self) -> None:
        from callback_sim.tui.screens.compare import CompareScreen

        q = self.selected_question()
        if q is not None:
            self.app.push_screen(CompareScreen(q.bank_id, q.question_id))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "progress-questions":
            event.stop()
            self.action_compare()

    def action_toggle_suspend(self) -> None:
        q = self.selected_question()
        if q is None:
            return
        suspend = not q.suspended
        self._suspend(q.bank_id, q.question_id, suspend)
        self.notify(
            f"Suspended: {q.question_id} is left out of rounds until you reinstate it (x)."
            if suspend
            else f"Reinstated: {q.question_id} can be asked again.",
            timeout=4,
        )

    def action_back(self) -> None:
        self.app.switch_mode("practice")

    def palette_commands(self) -> list[SystemCommand]:
        commands = [
            SystemCommand(title, f"Show the {title.lower()} tab ({n})", self._tab_opener(n - 1))
            for n, (_, title) in enumerate(TABS, start=1)
        ]
        if self.selected_question() is not None:
            commands += [
                SystemCommand(
                    "Compare attempts",
                    "Every answer to the selected question side by side (c)",
                    self.action_compare,
                ),
                SystemCommand(
                    "Suspend or reinstate question",
                    "Leave the selected question out of rounds, or bring it back (x)",
                    self.action_toggle_suspend,
                ),
            ]
        return commands

    def _tab_opener(self, index: int) -> Callable[[], None]:
        return lambda: self.action_tab(index)
