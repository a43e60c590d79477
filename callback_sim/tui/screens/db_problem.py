"""The screen shown when the database cannot be used: what is wrong and what to do.

Shown instead of a home screen stuck on "Loading…" when the database is damaged, from a
newer callback-sim, read-only or otherwise unusable. The user may quit (exit code 1) or
choose to practise without saving: answers then go to a temporary database that is
removed at exit, and the screen says so plainly.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Static

Choice = Literal["quit", "practice"]


class DbProblem(Message):
    """Posted by the start-up worker when the database cannot be opened or written."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


def problem_steps(message: str, database: Path, newest_backup: Path | None) -> list[str]:
    """What to do, in order, for the error `message` (the Store's one line)."""
    lowered = message.lower()
    steps = ["`callback-sim doctor` checks the database and says exactly what is wrong."]
    if "newer callback-sim" in lowered:
        return [*steps, "Upgrade callback-sim to open this database; it was not touched."]
    if "read-only" in lowered or "permission denied" in lowered or "cannot open" in lowered:
        return [
            *steps,
            f"Make {database.parent} and {database.name} writable (chmod u+w), or start "
            "with `callback-sim --data-dir DIR` to use another folder.",
            "`callback-sim history`, `report` and `export` can still read your data.",
        ]
    backup = f" (the newest is {newest_backup})" if newest_backup else ""
    steps += [
        "`callback-sim doctor --salvage` copies every readable session and answer into a "
        "new database and keeps the damaged file aside.",
        f"`callback-sim restore BACKUP_FILE` puts a backup back{backup}.",
        "`callback-sim doctor --move-aside` keeps the damaged file aside and starts afresh.",
    ]
    return steps


class DbProblemScreen(Screen[Choice]):
    """The database problem, the steps to fix it, and two choices: quit or practise unsaved."""

    CSS_PATH = "db_problem.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q,escape", "choose('quit')", "Quit", id="db_problem.quit"),
        Binding("p", "choose('practice')", "Practise without saving", id="db_problem.practice"),
    ]

    def __init__(self, message: str, database: Path, newest_backup: Path | None = None) -> None:
        super().__init__()
        self.message = message
        self.database = database
        self.newest_backup = newest_backup

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="db-problem"):
            yield Static("Your database cannot be used", id="db-problem-title")
            yield Static(self.message, id="db-problem-message", markup=False)
            yield Static("What to do (quit first, then in a terminal):", classes="db-heading")
            steps = problem_steps(self.message, self.database, self.newest_backup)
            for n, step in enumerate(steps, start=1):
                yield Static(f"{n}. {step}", classes="db-step", markup=False)
            yield Static(
                "Or practise without saving: nothing you answer will be kept.",
                classes="db-heading",
            )
            with Horizontal(id="db-problem-buttons"):
                yield Button("Quit (q)", variant="primary", id="quit")
                yield Button("Practise without saving (p)", id="practice")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#quit", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("practice" if event.button.id == "practice" else "quit")

    def action_choose(self, choice: Choice) -> None:
        self.dismiss(choice)
