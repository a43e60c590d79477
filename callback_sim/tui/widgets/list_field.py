"""List fields of the debrief and prep-kit forms, and the day fields beside them.

A `ListInput` holds a short list typed on one line ("people management; budget ownership"),
a `ListArea` a longer one typed one item per line. Each is filled from the items and gives
them back (`items`), so a form never joins or splits the text itself. `parse_day` reads a
date field and names the field in its one-line error.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from callback_sim.core.errors import CallbackSimError
from callback_sim.tui.widgets.form_input import FormInput
from callback_sim.tui.widgets.text_area import WrappingTextArea

#: What separates the items of a one-line list unless a field says otherwise.
ITEM_SEPARATORS = ";"


def split_items(text: str, separators: str = ITEM_SEPARATORS) -> tuple[str, ...]:
    """Items typed on one line ("stakeholder management; prioritisation"), once each.

    `separators` are the characters between items; a line break always is one.
    """
    pattern = f"[{re.escape(separators)}\n]"
    return tuple(dict.fromkeys(t.strip() for t in re.split(pattern, text) if t.strip()))


def lines_of(text: str) -> tuple[str, ...]:
    """Items typed one per line (blank lines dropped)."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def parse_day(
    text: str,
    where: str,
    *,
    error: Callable[[list[str]], CallbackSimError],
    example: str,
) -> date | None:
    """An ISO day from a date field (blank is None); `error` names the field in one line."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise error([f"{where}: write the date as a day like {example}, not {text!r}"]) from None


class ListInput(FormInput):
    """A one-line field holding a list: items between `separators`, shown joined by "; "."""

    def __init__(
        self, items: Sequence[str] = (), *, separators: str = ITEM_SEPARATORS, **kwargs: Any
    ) -> None:
        super().__init__("; ".join(items), **kwargs)
        self.separators = separators

    @property
    def items(self) -> tuple[str, ...]:
        """The items typed, each once, in order."""
        return split_items(self.value, self.separators)

    def show_items(self, items: Sequence[str]) -> None:
        self.value = "; ".join(items)


class ListArea(WrappingTextArea):
    """A text area holding a list, one item per line; Tab moves on rather than indenting."""

    def __init__(self, items: Sequence[str] = (), **kwargs: Any) -> None:
        kwargs.setdefault("soft_wrap", True)
        kwargs.setdefault("tab_behavior", "focus")
        kwargs.setdefault("compact", True)
        super().__init__("\n".join(items), **kwargs)

    @property
    def items(self) -> tuple[str, ...]:
        """The lines typed, blank ones dropped."""
        return lines_of(self.text)

    def show_items(self, items: Sequence[str]) -> None:
        self.load_text("\n".join(items))
