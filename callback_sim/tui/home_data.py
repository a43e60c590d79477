"""What the home screen shows, and reading it early: before Textual is even imported.

`load_home_data` opens the store and reads the banks. `HomePrefetch` runs it in a plain
thread that the `callback-sim` entry point starts before it imports Textual, so the
database, the bank cache and the home screen's queries overlap the import and the first
compose; the App takes the result when its home screen mounts. No Textual imports here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from callback_sim.context import AppContext
    from callback_sim.core.models import Draft, SessionSummary

#: Sessions listed on the home screen.
RECENT_LIMIT = 8
#: `app_state` key set once the user hides the first-run welcome.
WELCOME_KEY = "home.welcome_dismissed"


@dataclass(frozen=True)
class HomeData:
    """What the home screen shows, loaded from the store and the banks off the event loop."""

    banks: tuple[tuple[str, str, int], ...]  # (bank id, title, question count)
    recent: tuple[SessionSummary, ...]
    resumable: tuple[SessionSummary, ...]
    bank_errors: tuple[str, ...] = ()
    #: The draft of the newest resumable session, to say what resuming brings back.
    resume_draft: Draft | None = None
    #: Companies with a round-one debrief, for a company callback loop.
    companies: tuple[str, ...] = ()
    #: First run: show the welcome (what callback rounds drill, the two ways in).
    welcome: bool = False


def load_home_data(context: AppContext) -> HomeData:
    """Sessions, resumable rounds, banks and companies (blocking: call it in a thread)."""
    from callback_sim.store.debriefs import list_companies

    store = context.store()
    # Titles and counts only: the questions are loaded when a round asks for them.
    banks, bank_errors = context.bank_summary()
    resumable = tuple(store.resumable_sessions())
    recent = tuple(store.list_sessions(limit=RECENT_LIMIT))
    return HomeData(
        banks=banks,
        recent=recent,
        resumable=resumable,
        bank_errors=bank_errors,
        resume_draft=store.get_draft(resumable[0].id) if resumable else None,
        companies=tuple(list_companies(store)),
        welcome=not recent and store.get_state(WELCOME_KEY) is None,
    )


class HomePrefetch:
    """`load_home_data` started in a daemon thread; `result` waits for it (or re-raises)."""

    def __init__(self, context: AppContext) -> None:
        self._context = context
        self._done = threading.Event()
        self._data: HomeData | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="home-prefetch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._data = load_home_data(self._context)
        except BaseException as exc:  # handed to whoever asks for the result
            self._error = exc
        finally:
            self._done.set()

    def done(self) -> bool:
        return self._done.is_set()

    def result(self) -> HomeData:
        """The home data, waiting for the thread if needed; its error if it failed."""
        self._done.wait()
        if self._error is not None:
            raise self._error
        assert self._data is not None
        return self._data
