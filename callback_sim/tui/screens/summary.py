"""The round summary: a row per question, averages per category, time used, the energy trend."""

from __future__ import annotations

from collections import defaultdict
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from callback_sim.core.durations import clock, overrun
from callback_sim.core.energy import energy_trend
from callback_sim.core.models import Answer, Session
from callback_sim.core.text import counted
from callback_sim.tui.screens.home import MODE_TITLES
from callback_sim.tui.widgets.countdown import format_seconds
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.persona import interviewer_for


def _figure(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}"


def result_label(answer: Answer) -> str:
    """How a question ended: skipped, answered, time up (auto-submitted) or in overtime."""
    if answer.skipped:
        return "skipped"
    if answer.overtime > 0 and overrun(answer.seconds, answer.time_limit):
        return f"+{clock(overrun(answer.seconds, answer.time_limit))} over"
    if answer.seconds >= answer.time_limit:
        # Auto-submitted at the limit (Settings.on_timeout == "submit").
        return "time up"
    return "answered"


def category_means(answers: tuple[Answer, ...]) -> list[tuple[str, int, float | None]]:
    """(category, answers scored, mean score) in the order categories first appear."""
    scores: dict[str, list[float]] = defaultdict(list)
    order: list[str] = []
    for a in answers:
        cat = a.question.category
        if cat not in order:
            order.append(cat)
        if a.score is not None and not a.skipped:
            scores[cat].append(a.score.score)
    return [
        (cat, len(scores[cat]), sum(scores[cat]) / len(scores[cat]) if scores[cat] else None)
        for cat in order
    ]


class SummaryScreen(Screen[None]):
    """What a finished round shows; enter opens the selected answer's score card."""

    CSS_PATH = "summary.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_card", "Score card", id="summary.card", priority=True),
        Binding("escape,h", "home", "Home", id="summary.home"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.answers = tuple(sorted(session.answers, key=lambda a: a.position))

    def compose(self) -> ComposeResult:
        s = self.session
        used = sum(a.seconds for a in self.answers)
        mean = s.mean_score
        title = (
            f"{MODE_TITLES.get(s.mode, s.mode)} summary · {len(self.answers)} of "
            f"{counted(len(s.planned), 'question')} · mean score {_figure(mean)} · time used "
            f"{format_seconds(used)}"
        )
        yield Static(title, id="summary-title", markup=False)
        with VerticalScroll(id="summary-body"):
            yield DataTable(id="per-question", cursor_type="row", zebra_stripes=True)
            yield Static("Averages per category", classes="summary-heading")
            yield DataTable(id="by-category", cursor_type="none")
            yield Static("Energy across the round", classes="summary-heading")
            yield DataTable(id="energy", cursor_type="none")
            yield Static("", id="energy-sentence", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#per-question", DataTable)
        table.add_columns(
            "#", "Category", "Asked by", "Score", "Content", "Delivery", "Time", "Result"
        )
        for a in self.answers:
            sc = a.score
            table.add_row(
                str(a.position),
                a.question.category,
                interviewer_for(a.question).name,
                _figure(sc.score if sc and not a.skipped else None),
                _figure(sc.content_score if sc and not a.skipped else None),
                _figure(sc.delivery_score if sc and not a.skipped else None),
                format_seconds(a.seconds),
                result_label(a),
                key=str(a.position),
            )
        for position in range(len(self.answers) + 1, len(self.session.planned) + 1):
            q = self.session.planned[position - 1]
            table.add_row(
                str(position),
                q.category,
                interviewer_for(q).name,
                "—",
                "—",
                "—",
                "—",
                "not asked",
                key=str(position),
            )
        cats = self.query_one("#by-category", DataTable)
        cats.add_columns("Category", "Scored", "Mean score")
        for cat, n, mean in category_means(self.answers):
            cats.add_row(cat, str(n), _figure(mean))
        trend = energy_trend(
            [
                (a.position, None if a.skipped or a.score is None else a.score.delivery)
                for a in self.answers
            ]
        )
        energy = self.query_one("#energy", DataTable)
        energy.add_columns("#", "Words", "Energy words", "Um/uh", "Fillers", "Hedges")
        for p in trend.points:
            if p.answered:
                energy.add_row(
                    str(p.position),
                    str(p.words),
                    str(p.energy_words),
                    str(p.filled_pauses),
                    str(p.fillers),
                    str(p.hedges),
                )
            else:
                energy.add_row(str(p.position), "skipped", "", "", "", "")
        sentence = self.query_one("#energy-sentence", Static)
        sentence.update(trend.sentence)
        sentence.set_class(trend.sagged, "-sagged")
        table.focus()

    def selected_answer(self) -> Answer | None:
        table = self.query_one("#per-question", DataTable)
        if not self.answers or table.cursor_row >= len(self.answers):
            return None
        return self.answers[table.cursor_row]

    def action_open_card(self) -> None:
        from callback_sim.tui.screens.feedback import FeedbackScreen

        answer = self.selected_answer()
        if answer is None:
            self.notify("That question was not asked in this round.")
            return
        self.app.push_screen(
            FeedbackScreen(answer, total=len(self.session.planned), last=False, back_label=True)
        )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_card()

    def action_home(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand(
                "Score card", "Open the selected answer's score card", self.action_open_card
            ),
            SystemCommand("Home", "Back to the home screen", self.action_home),
        ]
