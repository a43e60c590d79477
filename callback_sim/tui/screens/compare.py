"""Compare attempts: every answer to one question, each against the one before it, side by side.

The table lists the attempts with their score change and the rubric terms newly covered
or lost; the two score cards below show the selected attempt (right) and the previous
scored one (left), with their evidence highlighted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from textual import work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static
from textual.worker import Worker

from callback_sim.core.models import Answer
from callback_sim.core.progress import AttemptChange, compare_attempts
from callback_sim.core.text import counted
from callback_sim.tui.screens.history import worker_failed
from callback_sim.tui.screens.home import when
from callback_sim.tui.widgets.answer_table import AnswerTable, score_text
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.score_card import ScoreCard

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost


def delta_text(change: AttemptChange) -> str:
    """ "+12", "-5", "±0", or "—" when there is nothing to compare with."""
    if change.delta is None:
        return "—"
    if change.delta == 0:
        return "±0"
    return f"{change.delta:+.0f}"


def change_sentence(change: AttemptChange) -> str:
    """What changed from the previous attempt, in one line."""
    if change.previous is None:
        return "First attempt: nothing to compare with yet."
    if change.scorer_changed:
        return (
            "Scored by different scorer versions, so the scores are not compared: "
            "`callback-sim rescore --all` puts both on the current one."
        )
    if change.delta is None:
        return "Skipped or unscored: nothing to compare."
    parts = [f"Score {delta_text(change)} since {when(change.previous.answered_at)}"]
    if change.gained:
        parts.append("newly covered: " + ", ".join(change.gained))
    if change.lost:
        parts.append("lost: " + ", ".join(change.lost))
    if change.new_avoid:
        parts.append("new slips: " + ", ".join(change.new_avoid))
    if change.cleared_avoid:
        parts.append("no longer: " + ", ".join(change.cleared_avoid))
    if not (change.gained or change.lost or change.new_avoid or change.cleared_avoid):
        parts.append("same rubric terms covered")
    return " · ".join(parts)


def _score(answer: Answer) -> str:
    return score_text(answer, skipped="skipped")


def _cells(change: AttemptChange) -> tuple[str, ...]:
    a = change.answer
    return (
        when(a.answered_at),
        _score(a),
        delta_text(change),
        ", ".join(change.gained) or "—",
        ", ".join(change.lost) or "—",
    )


class CompareScreen(Screen[None]):
    """Attempts at one question, newest first; the selected one beside the one before it."""

    CSS_PATH = "compare.tcss"
    AUTO_FOCUS = "#compare-attempts"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "older", "Older", id="compare.older"),
        Binding("right_square_bracket", "newer", "Newer", id="compare.newer"),
        Binding("escape", "back", "Back", id="compare.back"),
    ]

    class Loaded(Message):
        """The question's answers were read from the store."""

        def __init__(self, answers: list[Answer]) -> None:
            super().__init__()
            self.answers = answers

    def __init__(self, bank_id: str, question_id: str, *, focus: int | None = None) -> None:
        super().__init__()
        self.bank_id = bank_id
        self.question_id = question_id
        self.focus_id = focus
        self.changes: list[AttemptChange] = []  # newest first
        self.shown: AttemptChange | None = None

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.bank_id}/{self.question_id}", id="compare-title", markup=False)
        yield AnswerTable[AttemptChange](
            ("When", "Score", "Δ", "Newly covered", "Lost"), id="compare-attempts"
        )
        yield Static("Loading…", id="compare-change", markup=False)
        yield Horizontal(id="compare-cards")
        yield KeysFooter()

    @property
    def table(self) -> AnswerTable[AttemptChange]:
        return self.query_one("#compare-attempts", AnswerTable)

    def on_mount(self) -> None:
        self.table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def _load(self) -> None:
        store = self.cs_app.context.store()
        self.post_message(self.Loaded(store.answers_for_question(self.bank_id, self.question_id)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker_failed(self, event)

    def on_compare_screen_loaded(self, message: Loaded) -> None:
        self.changes = list(reversed(compare_attempts(message.answers)))
        if not self.changes:
            self.query_one("#compare-change", Static).update("No answers to this question yet.")
            return
        newest = self.changes[0].answer.question
        scored = sum(1 for c in self.changes if c.answer.score is not None)
        self.query_one("#compare-title", Static).update(
            f"{newest.prompt}  ({counted(len(self.changes), 'attempt')}, {scored} scored)"
        )
        start = next(
            (
                row
                for row, c in enumerate(self.changes)
                if c.answer.id is not None and c.answer.id == self.focus_id
            ),
            0,
        )
        self.table.show_items(
            self.changes, cells=_cells, key=lambda c: str(c.answer.id), start=start
        )
        self.show_change(self.changes[start])
        self.refresh_bindings()

    def show_change(self, change: AttemptChange) -> None:
        """Put the attempt (right) and the one before it (left) side by side."""
        if change is self.shown:
            return
        self.shown = change
        self.query_one("#compare-change", Static).update(change_sentence(change))
        cards = self.query_one("#compare-cards", Horizontal)
        # Cards carry classes, not ids: the old ones may still be leaving when these mount.
        cards.remove_children()
        before, after = change.previous, change.answer
        left = (
            ScoreCard(
                before.score,
                before.text,
                skipped=before.skipped,
                title=f"Before · {when(before.answered_at)} · {_score(before)}",
            )
            if before is not None
            else Static("No earlier scored attempt.")
        )
        right = ScoreCard(
            after.score,
            after.text,
            skipped=after.skipped,
            title=f"This attempt · {when(after.answered_at)} · {_score(after)}",
        )
        left.add_class("compare-side", "-before")
        right.add_class("compare-side", "-after")
        cards.mount(left, right)

    def on_answer_table_shown(self, message: AnswerTable.Shown) -> None:
        self.show_change(message.item)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        table = self.table
        if action == "older":
            return table.cursor_row < len(self.changes) - 1
        if action == "newer":
            return bool(self.changes) and table.cursor_row > 0
        return True

    def action_older(self) -> None:
        self.table.step(1)
        self.refresh_bindings()

    def action_newer(self) -> None:
        self.table.step(-1)
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss(None)

    def palette_commands(self) -> list[SystemCommand]:
        return [
            SystemCommand(
                "Older attempt", "Compare the attempt before this one ([)", self.action_older
            ),
            SystemCommand(
                "Newer attempt", "Compare the attempt after this one (])", self.action_newer
            ),
            SystemCommand("Back", "Leave the comparison (escape)", self.action_back),
        ]
