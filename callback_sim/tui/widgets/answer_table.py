"""The table of stored answers that a past round and the attempts comparison both show.

One row per answer (or attempt), selected by row; the row under the cursor is posted as
`AnswerTable.Shown`, so the screen puts that answer's score card below the table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from textual.message import Message
from textual.widgets import DataTable

from callback_sim.core.models import Answer

ItemT = TypeVar("ItemT")


def score_text(answer: Answer, skipped: str = "—") -> str:
    """An answer's score as a whole number, or `skipped` when it was skipped or unscored."""
    if answer.skipped or answer.score is None:
        return skipped
    return f"{answer.score.score:.0f}"


class AnswerTable(DataTable[str], Generic[ItemT]):
    """Answers one row each; moving the cursor posts the item of the row under it."""

    class Shown(Message):
        """The cursor is on the row of `item`."""

        def __init__(self, item: Any) -> None:
            super().__init__()
            self.item = item

    def __init__(self, columns: Sequence[str], *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.add_columns(*columns)
        self.items: list[ItemT] = []

    def show_items(
        self,
        items: Sequence[ItemT],
        *,
        cells: Callable[[ItemT], Sequence[str]],
        key: Callable[[ItemT], str],
        start: int | None = None,
    ) -> None:
        """One row per item, replacing the rows shown; the cursor goes to row `start` if given."""
        self.clear()
        self.items = list(items)
        for item in self.items:
            self.add_row(*cells(item), key=key(item))
        if start is not None:
            self.move_cursor(row=start)

    def step(self, rows: int) -> None:
        """Move the cursor `rows` down (up when negative), staying on the table."""
        self.move_cursor(row=max(0, min(len(self.items) - 1, self.cursor_row + rows)))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table is self and 0 <= event.cursor_row < len(self.items):
            self.post_message(self.Shown(self.items[event.cursor_row]))
