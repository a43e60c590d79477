"""A TextArea that repaints when a resize re-wraps it.

Textual's TextArea re-wraps its soft-wrapped lines on Resize but repaints only when the
number of wrapped lines changes, so a line painted at the width the area had while it was
mounting can stay on screen, wrapped at the wrong place, until the next key. Every text
area of the app extends this one.
"""

from __future__ import annotations

from textual.widgets import TextArea


class WrappingTextArea(TextArea):
    """A TextArea whose wrapped lines are always painted at its current width."""

    def _on_resize(self) -> None:
        super()._on_resize()
        self.refresh()
