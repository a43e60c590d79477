"""Messages workers and screens post up to the App (attributes down, messages up)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from callback_sim.core.models import Draft, Question, Session
from callback_sim.tui.home_data import HomeData as HomeData  # re-exported


@dataclass(frozen=True)
class RoundRequest:
    """A round the user asked for on the home screen."""

    mode: str  # quick | loop | weak
    bank_ids: tuple[str, ...]
    count: int
    time_multiplier: float
    #: A company with a debrief: the loop is seeded from it (plan_callback_loop) and its kit.
    company: str | None = None
    #: Follow-up questions on the answers just given (the home form's switch).
    follow_ups: bool = True


class HomeLoaded(Message):
    """The store and banks are ready; the home screen can fill in."""

    def __init__(self, data: HomeData) -> None:
        super().__init__()
        self.data = data


class RoundReady(Message):
    """A session exists (new or taken over for resuming); the round screen can open."""

    def __init__(
        self,
        session: Session,
        questions: tuple[Question, ...],
        start_position: int,
        draft: Draft | None,
    ) -> None:
        super().__init__()
        self.session = session
        self.questions = questions
        self.start_position = start_position
        self.draft = draft


class RoundClosed(Message):
    """The round ended (finished or ended early) and its session was reloaded for the summary."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session


class SpeakerReady(Message):
    """The speech engine finished starting (or could not: `notice` says why)."""

    def __init__(self, speaker: object | None, notice: str | None) -> None:
        super().__init__()
        self.speaker = speaker
        self.notice = notice
