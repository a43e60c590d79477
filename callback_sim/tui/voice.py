"""The app's one speaker, created lazily (in a thread worker) and only when voice is on."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class SpeakerLike(Protocol):
    """What the TUI needs from callback_sim.speech's speakers."""

    @property
    def available(self) -> bool: ...

    def say(
        self, text: str, *, persona: str | None = None, on_done: Callable[[], None] | None = None
    ) -> Any: ...

    def stop(self) -> None: ...

    def close(self) -> None: ...


class Voice:
    """Voice on or off, and the speaker once made; every call is safe when there is none."""

    def __init__(self, speaker: SpeakerLike | None = None, *, enabled: bool = False) -> None:
        self.speaker = speaker
        self.enabled = enabled

    @property
    def ready(self) -> bool:
        """Whether questions can be read aloud right now."""
        return self.enabled and self.speaker is not None and bool(self.speaker.available)

    def say(
        self, text: str, *, persona: str | None, on_done: Callable[[], None] | None = None
    ) -> bool:
        """Start reading `text`; False (and no `on_done`) when voice is off or unavailable."""
        if not self.ready or self.speaker is None:
            return False
        self.speaker.say(text, persona=persona, on_done=on_done)
        return True

    def stop(self) -> None:
        if self.speaker is not None:
            self.speaker.stop()

    def close(self) -> None:
        if self.speaker is not None:
            self.speaker.close()
            self.speaker = None
