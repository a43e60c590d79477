"""Yes/no dialogs: resume an interrupted round, end a round early."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Static

from callback_sim.core.models import Draft, SessionSummary
from callback_sim.tui.screens.home import MODE_TITLES, when


def resume_question(session: SessionSummary, draft: Draft | None) -> str:
    """What the resume dialog asks, saying what resuming brings back."""
    mode = MODE_TITLES.get(session.mode, session.mode)
    text = (
        f"Your {mode.lower()} from {when(session.started_at)} was interrupted with "
        f"{session.answers} of {session.planned} questions answered."
    )
    if draft is not None and draft.text.strip():
        words = len(draft.text.split())
        text += f" The answer you were typing ({words} words) was kept as a draft."
    return text + " Resume it now?"


class ConfirmDialog(ModalScreen[bool]):
    """A question with two answers; dismisses with True for yes."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", id="dialog.yes"),
        Binding("n,escape", "answer(False)", "No", id="dialog.no"),
    ]

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(self.question, id="dialog-question", markup=False)
            with Horizontal(id="dialog-buttons"):
                yield Button(f"{self.yes} (y)", variant="primary", id="yes")
                yield Button(f"{self.no} (n)", id="no")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
