"""Textual's footer, laid out once per refresh however often the bindings change.

Textual's `Footer` recomposes (unmounts and mounts every key, styling each) after every
`bindings_updated_signal`, and a screen publishes that on each focus change, stack change
and `refresh_bindings` call: a home screen filling in at start-up did it a dozen times
before its first frame, the largest part of the start-up time over a bare app's. This
footer schedules one recompose for all the changes before the next refresh, and
none when the keys it would show are the ones it shows.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Footer

if TYPE_CHECKING:
    from textual.screen import Screen


class QuickFooter(Footer):
    """A `Footer` whose recompose after binding changes is coalesced to one per refresh."""

    _recompose_pending = False

    def bindings_changed(self, screen: Screen[object]) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._recompose_pending:
            self._recompose_pending = True
            self.call_after_refresh(self._recompose_once)

    def needs_layout(self) -> bool:
        """Whether the bindings now would draw a different footer (here: always)."""
        return True

    async def _recompose_once(self) -> None:
        self._recompose_pending = False
        # A screen closed since this was scheduled has no footer to lay out.
        if self.is_attached and self.needs_layout():
            await self.recompose()
