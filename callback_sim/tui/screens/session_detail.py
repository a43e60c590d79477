"""One past round: every answer with its score card and highlighted evidence, think time, overtime.

The score card is the same widget the round shows after each answer, so a past answer
reads exactly as it did then; `c` compares the selected question's attempts side by side.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.worker import Worker

from callback_sim.core.durations import clock, over_limit
from callback_sim.core.models import Answer, Session
from callback_sim.tui.screens.history import worker_failed
from callback_sim.tui.screens.home import MODE_TITLES, when
from callback_sim.tui.screens.summary import result_label
from callback_sim.tui.widgets.answer_table import AnswerTable, score_text
from callback_sim.tui.widgets.countdown import format_seconds
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.score_card import ScoreCard

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost


def timing_line(answer: Answer) -> str:
    """Think time, time used against the limit, and overtime of one answer."""
    think = "—" if answer.think_seconds is None else f"{answer.think_seconds:.1f} s"
    parts = [
        f"think {think}",
        f"{clock(answer.seconds)} of {clock(answer.time_limit)}",
    ]
    parts.append(over_limit(answer.seconds, answer.time_limit) or "in time")
    return " · ".join(parts)


def _cells(a: Answer) -> tuple[str, ...]:
    think = "—" if a.think_seconds is None else f"{a.think_seconds:.1f}s"
    return (
        str(a.position),
        a.question.category.replace("_", " "),
        score_text(a),
        think,
        format_seconds(a.seconds),
        result_label(a),
    )


class SessionDetailScreen(Screen[None]):
    """A stored session: its answers in a table, the selected one's score card below."""

    CSS_PATH = "session_detail.tcss"
    AUTO_FOCUS = "#detail-answers"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "compare", "Compare attempts", id="detail.compare"),
        Binding("tab", "focus_card", "Score card", id="detail.card", show=False),
        Binding("escape", "back", "Back", id="detail.back"),
    ]

    class Loaded(Message):
        """The session was read from the store."""

        def __init__(self, session: Session) -> None:
            super().__init__()
            self.session = session

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.session: Session | None = None
        self.answers: tuple[Answer, ...] = ()
        self.shown: Answer | None = None

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        yield Static(f"Round {self.session_id}", id="detail-title", markup=False)
        yield AnswerTable[Answer](
            ("#", "Category", "Score", "Think", "Time", "Result"), id="detail-answers"
        )
        with Vertical(id="detail-body"):
            yield Static("Loading…", id="detail-question", markup=False)
            yield Static("", id="detail-timing", markup=False)
        yield KeysFooter()

    @property
    def table(self) -> AnswerTable[Answer]:
        return self.query_one("#detail-answers", AnswerTable)

    def on_mount(self) -> None:
        self.table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="detail", exit_on_error=False)
    def _load(self) -> None:
        self.post_message(self.Loaded(self.cs_app.context.store().get_session(self.session_id)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def on_session_detail_screen_loaded(self, message: Loaded) -> None:
        s = self.session = message.session
        self.answers = tuple(sorted(s.answers, key=lambda a: a.position))
        used = sum(a.seconds for a in self.answers)
        mean = "—" if s.mean_score is None else f"{s.mean_score:.0f}"
        company = f" · {s.company}" if s.company else ""
        self.query_one("#detail-title", Static).update(
            f"Round {s.id} · {when(s.started_at)} · {MODE_TITLES.get(s.mode, s.mode)}{company}"
            f" · {len(self.answers)}/{len(s.planned)} answered · mean {mean}"
            f" · {format_seconds(used)} · {s.status.replace('_', ' ')}"
        )
        self.table.show_items(self.answers, cells=_cells, key=lambda a: str(a.position))
        if self.answers:
            self.show_answer(self.answers[0])
        else:
            self.query_one("#detail-question", Static).update("No answers in this round.")
        self.refresh_bindings()

    def show_answer(self, answer: Answer) -> None:
        """Put one answer's question, timing and score card below the table."""
        if answer is self.shown:
            return
        self.shown = answer
        self.query_one("#detail-question", Static).update(
            f"Q{answer.position}. {answer.question.prompt}"
        )
        self.query_one("#detail-timing", Static).update(timing_line(answer))
        body = self.query_one("#detail-body", Vertical)
        body.query(ScoreCard).remove()
        body.mount(ScoreCard(answer.score, answer.text, skipped=answer.skipped))

    def on_answer_table_shown(self, message: AnswerTable.Shown) -> None:
        self.show_answer(message.item)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_focus_card()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("compare", "focus_card"):
            return self.shown is not None
        return True

    def action_compare(self) -> None:
        from callback_sim.tui.screens.compare import CompareScreen

        if self.shown is not None:
            q = self.shown.question
            self.app.push_screen(CompareScreen(q.bank_id, q.id, focus=self.shown.id))

    def action_focus_card(self) -> None:
        cards = self.query(ScoreCard)
        if cards:
            cards.first().focus()

    def action_back(self) -> None:
        if isinstance(self.focused, ScoreCard):
            self.table.focus()
            return
        self.dismiss(None)

    def palette_commands(self) -> list[SystemCommand]:
        commands = [SystemCommand("Back", "Back to the list of rounds (escape)", self.action_back)]
        if self.shown is not None:
            commands.insert(
                0,
                SystemCommand(
                    "Compare attempts",
                    "Every answer to this question side by side (c)",
                    self.action_compare,
                ),
            )
        return commands
