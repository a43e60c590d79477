"""Dialogs: yes/no questions (resume an interrupted round, end a round early) and the
help panel listing every key of a screen."""

from __future__ import annotations

from typing import Any, ClassVar, NamedTuple

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Static

from callback_sim.core.models import Draft, SessionSummary
from callback_sim.core.text import counted
from callback_sim.tui.screens.home import round_name, when
from callback_sim.tui.widgets.footer import KEYS_ACTION, KeysFooter


def resume_question(session: SessionSummary, draft: Draft | None) -> str:
    """What the resume dialog asks, saying what resuming brings back."""
    text = (
        f"Your {round_name(session.mode)} from {when(session.started_at)} was interrupted "
        f"with {session.answers} of {counted(session.planned, 'question')} answered."
    )
    if draft is not None and draft.text.strip():
        words = counted(len(draft.text.split()), "word")
        text += f" The answer you were typing ({words}) was kept as a draft."
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
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class KeyRow(NamedTuple):
    """One line of the help panel: the keys of one action and what it does."""

    keys: str
    description: str
    detail: str
    everywhere: bool


def key_rows(screen: Screen[Any]) -> list[KeyRow]:
    """Every key that acts on `screen` now, one row per action: the screen's own keys first
    (and any a focused widget shows in the footer), then the App's, then the palette."""
    app = screen.app
    grouped: dict[tuple[bool, str], list[tuple[str, Binding]]] = {}
    for node, binding, enabled, tooltip in screen.active_bindings.values():
        everywhere = node is app
        if not enabled or binding.key == app.COMMAND_PALETTE_BINDING:
            continue
        if binding.id is None and not binding.show:
            continue  # Textual's own keys (tab, copy) and a widget's editing keys
        action = binding.action.removeprefix("app.")
        if action.startswith(KEYS_ACTION):
            action = KEYS_ACTION  # `?` and f1 open the same panel: one row
        grouped.setdefault((everywhere, action), []).append((tooltip, binding))
    rows = [
        KeyRow(
            "/".join(app.get_key_display(b) for _, b in pairs),
            pairs[0][1].description,
            pairs[0][0] or pairs[0][1].tooltip,
            everywhere,
        )
        for (everywhere, _action), pairs in grouped.items()
    ]
    # The screen's keys as bound, then the App's in the order of its BINDINGS.
    order = {b.description: i for i, b in enumerate(type(app).BINDINGS) if isinstance(b, Binding)}
    rows.sort(
        key=lambda row: (row.everywhere, order.get(row.description, 0) if row.everywhere else 0)
    )
    rows.append(KeyRow("tab/shift+tab", "Next field", "Move focus forward or back", True))
    if app.ENABLE_COMMAND_PALETTE:
        rows.append(
            KeyRow(
                app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, "")),
                "Palette",
                "Every command by name, with Theme",
                True,
            )
        )
    return rows


class KeysScreen(ModalScreen[None]):
    """The help panel: every key of the screen underneath, with what it does."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1", "close", "Close", id="keys.close"),
    ]

    def __init__(self, rows: list[KeyRow], title: str) -> None:
        super().__init__()
        self.rows = rows
        self.title_text = title

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column(no_wrap=True)
        table.add_column(ratio=1)
        heading = None
        for row in self.rows:
            section = "Everywhere" if row.everywhere else "This screen"
            if section != heading:
                if heading is not None:
                    table.add_row("", "", "")
                table.add_row(Text(section, style="underline"), "", "")
                heading = section
            table.add_row(row.keys, row.description, Text(row.detail, style="dim"))
        with VerticalScroll(id="keys-panel") as panel:
            panel.border_title = f"Keys · {self.title_text}"
            panel.border_subtitle = "esc closes"
            yield Static(table, id="keys-table")

    def action_close(self) -> None:
        self.dismiss(None)
