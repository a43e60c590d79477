"""The answer box: a TextArea that keeps typed zero-width and direction marks.

Textual's TextArea inserts only keys whose character `isprintable()`, and Unicode format
characters (category Cf: ZWJ U+200D, ZWNJ, LRM/RLM, word joiner, …) are not printable, so
typing them was silently dropped while pasting the same text kept them. Emoji sequences
and right-to-left answers need them, and docs/data.md promises they are stored as typed.
"""

from __future__ import annotations

import unicodedata

from textual import events

from callback_sim.tui.widgets.text_area import WrappingTextArea


def is_format_character(character: str | None) -> bool:
    """True for one invisible formatting character (Unicode category Cf), such as ZWJ."""
    return character is not None and len(character) == 1 and unicodedata.category(character) == "Cf"


class AnswerArea(WrappingTextArea):
    """A TextArea that also inserts typed format characters (ZWJ, RLM, LRM, …)."""

    def check_consume_key(self, key: str, character: str | None = None) -> bool:
        if not self.read_only and is_format_character(character):
            return True
        return super().check_consume_key(key, character)

    async def _on_key(self, event: events.Key) -> None:
        if not self.read_only and is_format_character(event.character):
            event.stop()
            event.prevent_default()
            start, end = self.selection
            self.replace(str(event.character), start, end, maintain_selection_offset=False)
            return
        await super()._on_key(event)
