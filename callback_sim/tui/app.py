"""The full-screen app: home, timed rounds, score cards and the round summary.

Start-up is kept to what the first frame needs: the store (sqlite-utils), the banks
(TOML parsing, rapidfuzz) and speech are opened in thread workers after the home screen
is on screen, and the screen fills in when they report back.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from callback_sim.config import Settings
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.round import Clock
from callback_sim.tui.messages import (
    HomeData,
    HomeLoaded,
    RoundClosed,
    RoundReady,
    RoundRequest,
    SpeakerReady,
)
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.voice import SpeakerLike, Voice

if TYPE_CHECKING:
    from callback_sim.context import AppContext

#: Sessions listed on the home screen.
RECENT_LIMIT = 8


def _banks_screen() -> Screen[Any]:
    """The bank browser and editor, imported when the mode is first opened."""
    from callback_sim.tui.screens.banks import BanksScreen

    return BanksScreen()


def _history_screen() -> Screen[Any]:
    """Past rounds, imported when the mode is first opened."""
    from callback_sim.tui.screens.history import HistoryScreen

    return HistoryScreen()


def _progress_screen() -> Screen[Any]:
    """Progress over time, imported when the mode is first opened."""
    from callback_sim.tui.screens.progress import ProgressScreen

    return ProgressScreen()


#: The app's modes: one screen stack each. Practice is the home screen and its rounds.
#: History and bank editing are separate stacks built by their own screens: to plug one
#: in, add e.g. `"history": HistoryScreen` here; its key (MODE_KEYS) and command-palette
#: entry then appear by themselves. A mode that is not here is not bound at all.
MODES_BUILT: dict[str, Callable[[], Screen[Any]]] = {
    "practice": HomeScreen,
    "banks": _banks_screen,
    "history": _history_screen,
    "progress": _progress_screen,
}

#: Key and title of every mode, used only for the modes present in MODES_BUILT.
MODE_KEYS: dict[str, tuple[str, str]] = {
    "practice": ("f2", "Practice"),
    "history": ("f3", "History"),
    "banks": ("f4", "Banks"),
    "progress": ("f5", "Progress"),
}


def _mode_bindings() -> list[BindingType]:
    return [
        Binding(key, f"switch_mode('{mode}')", title, id=f"mode-{mode}")
        for mode, (key, title) in MODE_KEYS.items()
        if mode in MODES_BUILT and mode != "practice"
    ]


def worker_error_message(error: BaseException | None) -> str:
    """One line for a failed worker: a user error as it is, anything else with its type."""
    if isinstance(error, CallbackSimError):
        return str(error)
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        return f"{name}{error.strerror or error}"
    return f"Something went wrong: {type(error).__name__}: {error}"


class CallbackSimApp(App[None]):
    """callback-sim's TUI; tests inject a fake `clock` and a `speaker`."""

    CSS_PATH = "app.tcss"
    TITLE = "callback-sim"
    SUB_TITLE = "callback interview practice"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = dict(MODES_BUILT)
    DEFAULT_MODE = "practice"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
        Binding("ctrl+o", "toggle_voice", "Voice", id="toggle_voice"),
        *_mode_bindings(),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        clock: Clock | None = None,
        speaker: SpeakerLike | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self.clock: Clock = clock or time.monotonic
        self._settings_error: str | None = None
        try:
            # tomllib only: cheap enough for the first frame, and the theme depends on it.
            self.settings: Settings = context.settings()
        except CallbackSimError as exc:
            self.settings = Settings()
            self._settings_error = f"{exc} — using default settings"
        self.voice = Voice(speaker, enabled=self.settings.voice)
        self.home_data: HomeData | None = None
        self._resume_offered = False

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._settings_error:
            self.notify(self._settings_error, severity="warning", timeout=10)
        # After the first frame: open the store and read the banks in a thread.
        self.call_after_refresh(self.reload_home)
        if self.voice.enabled:
            self.start_speaker()

    def reload_home(self) -> None:
        """Re-read sessions, resumable rounds and banks for the home screen."""
        self.run_in_thread(self._load_home, name="load-home", exclusive=True)

    def _load_home(self) -> None:
        from callback_sim.store.debriefs import list_companies

        store = self.context.store()
        bank_set = self.context.banks()
        resumable = tuple(store.resumable_sessions())
        data = HomeData(
            banks=tuple((b.id, b.title, len(b.questions)) for b in bank_set.banks),
            recent=tuple(store.list_sessions(limit=RECENT_LIMIT)),
            resumable=resumable,
            stats=store.question_stats(),
            bank_errors=tuple(bank_set.errors),
            resume_draft=store.get_draft(resumable[0].id) if resumable else None,
            companies=tuple(list_companies(store)),
        )
        self.post_message(HomeLoaded(data))

    def on_home_loaded(self, message: HomeLoaded) -> None:
        self.home_data = message.data
        home = self.home_screen()
        if home is not None:
            home.show_data(message.data)
        if message.data.bank_errors:
            self.notify(
                f"{len(message.data.bank_errors)} bank file(s) have errors and were left out: "
                "`callback-sim bank list` shows them",
                severity="warning",
            )
        if message.data.resumable and not self._resume_offered:
            self._resume_offered = True
            self.offer_resume(message.data)

    def offer_resume(self, data: HomeData) -> None:
        """Ask once per launch whether to go back to the newest interrupted round."""
        from callback_sim.tui.screens.dialogs import ConfirmDialog, resume_question

        session = data.resumable[0]

        def answered(resume: bool | None) -> None:
            if resume:
                self.resume_round(session.id)

        self.push_screen(
            ConfirmDialog(resume_question(session, data.resume_draft), yes="Resume", no="Not now"),
            answered,
        )

    def home_screen(self) -> HomeScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                return screen
        return None

    # -- workers and their errors ----------------------------------------------------------

    def run_in_thread(
        self, fn: Callable[[], object], *, name: str, exclusive: bool = False
    ) -> Worker[object]:
        """Run blocking work (database, files, speech) in a thread owned by the App.

        Every screen's blocking work goes through here, so the one handler below turns
        any failure into a notification instead of a crash.
        """
        return self.run_worker(
            fn, name=name, group=name, thread=True, exclusive=exclusive, exit_on_error=False
        )

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:
            self.notify(
                worker_error_message(event.worker.error),
                title="Not done",
                severity="error",
                timeout=10,
            )

    # -- rounds ----------------------------------------------------------------------------

    def on_home_screen_start_round(self, message: HomeScreen.StartRound) -> None:
        self.start_round(message.request)

    def on_home_screen_resume(self, message: HomeScreen.Resume) -> None:
        self.resume_round(message.session_id)

    def start_round(self, request: RoundRequest) -> None:
        """Plan the questions, create the session (in a thread), then open the round."""
        settings = self.settings

        def prepare() -> None:
            from callback_sim.tui.planning import plan_request

            store = self.context.store()
            company = None
            if request.company:
                from callback_sim.tui.planning import plan_company_request

                # A company loop: seeded from its debrief, checked against its kit.
                questions, company = plan_company_request(request, store, self.context.banks())
            else:
                from callback_sim.store.review import planning_schedules

                # Suspended questions are left out; a weak round is chosen by schedule.
                questions = plan_request(
                    request,
                    self.context.banks(),
                    store.question_stats(),
                    schedules=planning_schedules(store, weak=request.mode == "weak"),
                )
            session = store.create_session(
                mode=request.mode,
                planned=questions,
                company=company,
                settings={
                    "time_multiplier": request.time_multiplier,
                    "on_timeout": settings.on_timeout,
                    "feedback": settings.feedback,
                    "banks": list(request.bank_ids),
                    "follow_ups": request.follow_ups,
                },
            )
            self.post_message(RoundReady(session, tuple(questions), 1, None))

        self.run_in_thread(prepare, name="start-round", exclusive=True)

    def resume_round(self, session_id: int) -> None:
        """Take over an interrupted session and reopen it at its first unanswered question."""

        def prepare() -> None:
            store = self.context.store()
            session = store.resume_session(session_id)
            position = store.next_position(session_id)
            draft = store.get_draft(session_id)
            if draft is not None and draft.position != position:
                draft = None
            self.post_message(RoundReady(session, session.planned, position, draft))

        self.run_in_thread(prepare, name="resume-round", exclusive=True)

    def on_round_ready(self, message: RoundReady) -> None:
        from callback_sim.tui.screens.round import RoundScreen

        session = message.session
        settings = self.settings.with_changes(
            time_multiplier=float(
                session.settings.get("time_multiplier", self.settings.time_multiplier)
            ),
            on_timeout=str(session.settings.get("on_timeout", self.settings.on_timeout)),
            feedback=str(session.settings.get("feedback", self.settings.feedback)),
            # Sessions from before follow-ups existed never had any.
            follow_ups=bool(session.settings.get("follow_ups", False)),
        )
        if message.start_position > len(message.questions):
            # Every question was answered before the crash: just close it and summarise.
            self.close_round(session.id)
            return
        self.push_screen(
            RoundScreen(
                session=session,
                questions=message.questions,
                start_position=message.start_position,
                draft=message.draft,
                settings=settings,
                clock=self.clock,
                voice=self.voice,
            )
        )

    def close_round(self, session_id: int) -> None:
        """Mark the session completed and open its summary."""

        def finish() -> None:
            store = self.context.store()
            store.finish_session(session_id, "completed")
            self.post_message(RoundClosed(store.get_session(session_id)))

        self.run_in_thread(finish, name="finish-round")

    def on_round_closed(self, message: RoundClosed) -> None:
        from callback_sim.tui.screens.round import RoundScreen
        from callback_sim.tui.screens.summary import SummaryScreen

        summary = SummaryScreen(message.session)
        if isinstance(self.screen, RoundScreen):
            self.switch_screen(summary)
        else:
            self.push_screen(summary)
        self.reload_home()

    # -- voice, theme, settings --------------------------------------------------------------

    def start_speaker(self) -> None:
        """Create the speaker in a thread (pyttsx3 and espeak are slow to load)."""
        if self.voice.speaker is not None and self.voice.speaker.available:
            return
        if self.voice.speaker is not None:
            # A silent speaker from an earlier failed start: try the engine again.
            self.voice.close()
        settings = self.settings

        def make() -> None:
            from callback_sim.speech import make_speaker

            speaker, notice = make_speaker(settings)
            self.post_message(SpeakerReady(speaker, notice))

        self.run_in_thread(make, name="speaker", exclusive=True)

    def on_speaker_ready(self, message: SpeakerReady) -> None:
        self.voice.speaker = message.speaker  # type: ignore[assignment]
        if message.notice:
            self.notify(message.notice, title="Voice", severity="warning", timeout=8)

    def action_toggle_voice(self) -> None:
        on = not self.voice.enabled
        self.voice.enabled = on
        # Settings first: make_speaker reads `voice` from them.
        self.update_settings(voice=on)
        if on:
            self.start_speaker()
        else:
            self.voice.stop()
        self.notify("Voice on: questions are read aloud." if on else "Voice off.")
        self.refresh_bindings()
        home = self.home_screen()
        if home is not None:
            home.show_voice(on)

    def update_settings(self, **changes: Any) -> None:
        """Change settings now and write them to config.toml in a thread."""
        self.settings = self.settings.with_changes(**changes)
        settings = self.settings
        path = self.context.paths.config_file

        def save() -> None:
            from callback_sim.config import save_settings

            save_settings(settings, path)

        self.run_in_thread(save, name="save-settings", exclusive=True)

    def _theme_changed(self, theme: Any) -> None:
        name = getattr(theme, "name", str(theme))
        if name != self.settings.theme:
            self.update_settings(theme=name)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        yield SystemCommand(
            "Toggle voice",
            "Read questions aloud, or stop (ctrl+o)",
            self.action_toggle_voice,
        )
        for mode in MODES_BUILT:
            if mode != "practice":
                key, title = MODE_KEYS[mode]
                yield SystemCommand(
                    title, f"Open {title.lower()} ({key})", lambda m=mode: self.switch_mode(m)
                )
        if not self.in_round():
            yield SystemCommand(
                "Debrief round one",
                "What you were asked and answered, the seed of pushback (d on home)",
                self.action_open_debrief,
            )
            yield SystemCommand(
                "Prep kit",
                "Start plan, references and questions to ask, per company (k on home)",
                self.action_open_kit,
            )
        yield from super().get_system_commands(screen)

    # -- debriefs and prep kits ----------------------------------------------------------------

    def in_round(self) -> bool:
        """Whether a timed round is open (debrief and kit screens are not opened over it)."""
        from callback_sim.tui.screens.round import RoundScreen

        return any(isinstance(s, RoundScreen) for s in self.screen_stack)

    def action_open_debrief(self, company: str = "") -> None:
        """Open the round-one debrief screen (optionally on one company's debrief)."""
        from callback_sim.tui.screens.debrief import DebriefScreen

        if not self.in_round():
            self.push_screen(DebriefScreen(company or None))

    def action_open_kit(self, company: str = "") -> None:
        """Open the prep kit screen (optionally on one company's kit)."""
        from callback_sim.tui.screens.kit import KitScreen

        if not self.in_round():
            self.push_screen(KitScreen(company or None))

    # -- quitting ----------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit from anywhere; the answer being typed is saved as a draft first."""
        from callback_sim.tui.screens.round import RoundScreen

        for screen in self.screen_stack:
            if isinstance(screen, RoundScreen):
                screen.save_draft_now()
        self.voice.stop()
        self.voice.close()
        self.exit()


def screen_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The palette entries a screen offers (its own actions), if it defines any."""
    commands = getattr(screen, "palette_commands", None)
    if callable(commands):
        yield from commands()


def run_app(context: AppContext) -> None:
    """Open the TUI (the `callback-sim` command with no arguments)."""
    CallbackSimApp(context).run()
