"""The score card of one answer, shown after each submit (Settings.feedback == "each")."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from callback_sim.core.models import Answer
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.persona import interviewer_for
from callback_sim.tui.widgets.score_card import ScoreCard


class FeedbackScreen(Screen[None]):
    """One answer's score card; any of the continue keys moves on (dismisses)."""

    CSS_PATH = "feedback.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,ctrl+s", "continue", "Continue", id="feedback.continue", priority=True),
        Binding("escape", "continue", "Back", id="feedback.back", show=False),
    ]

    def __init__(self, answer: Answer, *, total: int, last: bool, back_label: bool = False) -> None:
        super().__init__()
        self.answer = answer
        self.total = total
        self.last = last
        self.back_label = back_label

    def compose(self) -> ComposeResult:
        a = self.answer
        who = interviewer_for(a.question)
        yield Static(
            f"Question {a.position} / {self.total} · {who.name}, {who.title}",
            id="feedback-title",
            markup=False,
        )
        yield Static(a.question.prompt, id="feedback-question", markup=False)
        yield ScoreCard(a.score, a.text, skipped=a.skipped, id="score-card")
        if self.back_label:
            hint = "Press enter or escape to go back."
        elif self.last:
            hint = "Press enter to see the round summary."
        else:
            hint = "Press enter for the next question."
        yield Static(hint, id="feedback-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(ScoreCard).focus()

    def action_continue(self) -> None:
        self.dismiss(None)
