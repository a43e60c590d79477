"""The one-line field of the debrief and prep-kit forms: Tab keeps what is typed, ctrl+z undoes.

Textual's Input selects all of its text when focused, so the next key replaced a filled
field, and it has no undo. This one puts the cursor at the end instead and keeps the
field's earlier values, so ctrl+z brings back what a stray key replaced.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

#: Earlier values kept per field.
UNDO_DEPTH = 100


class FormInput(Input):
    """An Input for forms: no select-all on focus, and undo."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "ctrl+z", "undo", "Undo", id="form.undo", show=False, tooltip="Undo the last change"
        ),
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self._earlier: list[str] = []
        self._last = self.value
        self._restoring = False

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input is not self:
            return
        if self._restoring:
            self._restoring = False
        elif event.value != self._last:
            self._earlier = [*self._earlier[-UNDO_DEPTH + 1 :], self._last]
        self._last = event.value

    def action_undo(self) -> None:
        if not self._earlier:
            return
        self._restoring = True
        self.value = self._earlier.pop()
        self.cursor_position = len(self.value)
