"""A bar chart of scores on a fixed 0-100 scale, one column per point, coloured by band.

Textual's Sparkline scales each series to its own min and max, so a flat 40 would draw
as full bars; scores need a fixed scale to be read honestly, so this draws its own bars
with the same eighth-block characters and the FSRS rating bands as colours.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from callback_sim.core.schedule import AGAIN_BELOW, HARD_BELOW

_EIGHTHS = "▁▂▃▄▅▆▇█"


def band_style(score: float) -> str:
    """Theme colour of a score's band: below 50 error, below 65 warning, else success."""
    if score < AGAIN_BELOW:
        return "$error"
    if score < HARD_BELOW:
        return "$warning"
    return "$success"


def chart_lines(values: Sequence[float], *, width: int, height: int) -> list[Content]:
    """The chart as `height` lines (top first): the newest `width` values, one per column."""
    shown = list(values)[-width:] if width > 0 else []
    levels = height * 8
    lines: list[Content] = []
    for row in reversed(range(height)):
        parts: list[str | tuple[str, str]] = []
        for value in shown:
            filled = round(max(0.0, min(100.0, value)) / 100.0 * levels)
            # Every point shows at least a sliver on the bottom row, so a 0 is still seen.
            segment = max(filled, 1 if row == 0 else 0) - row * 8
            if segment <= 0:
                parts.append(" ")
            else:
                parts.append((_EIGHTHS[min(segment, 8) - 1], band_style(value)))
        lines.append(Content.assemble(*parts))
    return lines


class ScoreChart(Widget):
    """Scores (0-100) over time as bars; the newest on the right."""

    DEFAULT_CSS = """
    ScoreChart {
        height: 2;
        width: 1fr;
    }
    """

    values: reactive[tuple[float, ...]] = reactive(())

    def __init__(
        self,
        values: Sequence[float] = (),
        *,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(ScoreChart.values, tuple(values))

    def render(self) -> Content:
        if not self.values:
            return Content.styled("no scores yet", "$text-muted")
        lines = chart_lines(self.values, width=self.size.width, height=self.size.height)
        return Content("\n").join(lines)
