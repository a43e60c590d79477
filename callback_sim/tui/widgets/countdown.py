"""The countdown of one answer: time left, colour at 30 s and 10 s, then overtime counting up."""

from __future__ import annotations

import math

from textual.reactive import reactive
from textual.widgets import Static

#: Seconds left at which the countdown turns to a warning, then to an error colour.
WARN_AT = 30.0
DANGER_AT = 10.0


def format_seconds(seconds: float) -> str:
    """Whole seconds as m:ss (rounded up while counting down, so 0:00 means time is up)."""
    whole = max(0, math.ceil(seconds - 1e-9))
    return f"{whole // 60}:{whole % 60:02d}"


class Countdown(Static):
    """Shows `remaining` seconds (negative in overtime); the screen sets it from its clock.

    The widget only displays: the round engine owns time, so a fake clock in tests drives
    exactly what the user would see.
    """

    DEFAULT_CSS = """
    Countdown {
        width: auto;
        min-width: 16;
        height: 1;
        padding: 0 1;
        text-style: bold;
        background: $boost;
        color: $text-success;
        &.-warn { color: $text-warning; }
        &.-danger { color: $text-error; }
        &.-overtime { background: $error-muted; color: $text-error; }
        &.-paused { color: $text-muted; }
    }
    """

    remaining: reactive[float] = reactive(0.0, init=False)
    paused: reactive[bool] = reactive(False, init=False)

    def __init__(self, *, penalty: bool = True, id: str | None = None) -> None:
        super().__init__("", id=id, markup=False)
        #: Whether overtime costs points (shown beside the overtime figure).
        self.penalty = penalty
        self._label = ""

    def on_mount(self) -> None:
        self._refresh_label()

    def watch_remaining(self) -> None:
        self._refresh_label()

    def watch_paused(self) -> None:
        self._refresh_label()

    def _refresh_label(self) -> None:
        left = self.remaining
        self.set_class(left <= 0, "-overtime")
        self.set_class(0 < left <= DANGER_AT, "-danger")
        self.set_class(DANGER_AT < left <= WARN_AT, "-warn")
        self.set_class(self.paused, "-paused")
        if left > 0:
            label = f"{format_seconds(left)} left"
        else:
            over = format_seconds(-left) if left < 0 else "0:00"
            label = f"+{over} overtime" + (" (penalty)" if self.penalty else "")
        if self.paused:
            label += " · paused"
        if label == self._label:
            return
        # A label of the same width needs no layout of the screen, only a repaint of this
        # widget: laying out the round screen (and its wrapped answer) every second was
        # most of a tick's cost.
        same_width = len(label) == len(self._label)
        self._label = label
        self.update(label, layout=not same_width)
