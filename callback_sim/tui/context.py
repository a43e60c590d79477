"""What screens use of the App, as a protocol: screens depend on this, not on tui/app.py.

Screens used to import `CallbackSimApp` for its type, which tied every screen and the App
into one import circle (the App imports the screens). `ScreenHost` names the few things a
screen may ask of the App: the run's context (store, banks, paths), settings, the voice,
the home data, and the App-owned thread runner whose error handler turns failures into
notifications. `CallbackSimApp` is the one implementation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from callback_sim.core.errors import CallbackSimError

if TYPE_CHECKING:
    from textual.worker import Worker

    from callback_sim.config import Settings
    from callback_sim.context import AppContext
    from callback_sim.tui.home_data import HomeData
    from callback_sim.tui.voice import Voice


class ScreenHost(Protocol):
    """The App as screens see it."""

    context: AppContext
    settings: Settings
    voice: Voice
    home_data: HomeData | None

    def run_in_thread(
        self, fn: Callable[[], object], *, name: str, exclusive: bool = False
    ) -> Worker[object]:
        """Run blocking work (database, files, speech) in a thread owned by the App."""
        ...

    def update_settings(self, **changes: Any) -> None:
        """Change settings now and write them to config.toml in a thread."""
        ...

    def reload_home(self) -> None:
        """Re-read what the home screen shows (after a debrief or bank changed)."""
        ...

    def close_round(self, session_id: int) -> None:
        """Mark the session completed and open its summary."""
        ...

    def action_toggle_voice(self) -> None:
        """Turn reading questions aloud on or off."""
        ...


def worker_error_message(error: BaseException | None) -> str:
    """One line for a failed worker: a user error as it is, anything else with its type."""
    if isinstance(error, CallbackSimError):
        return str(error)
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        return f"{name}{error.strerror or error}"
    return f"Something went wrong: {type(error).__name__}: {error}"
