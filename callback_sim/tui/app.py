"""The full-screen app: home, timed rounds, score cards and the round summary.

Start-up is kept to what the first frame needs: the store, the banks and speech are
opened off the event loop. The `callback-sim` entry point starts reading the home
screen's data (`HomePrefetch`) before Textual is imported; when that is done by the time
the home screen mounts, its first frame is already the full one. Otherwise (and on every
later reload) a thread worker reads it and the screen fills in when it reports back.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import signal
import sys
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, CSSPathType, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from callback_sim.config import Settings
from callback_sim.core.errors import CallbackSimError
from callback_sim.tui.context import worker_error_message
from callback_sim.tui.home_data import WELCOME_KEY, HomePrefetch, load_home_data
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
    from callback_sim.core.round import Clock
    from callback_sim.scoring_worker import ScoringWorker


def _home_screen() -> Screen[Any]:
    """The home screen, marked as styled by the stylesheet as it is now.

    Textual restyles the whole app when a mode's first screen is older than the last CSS
    change, and a new Screen counts as older than any: before the first frame that was a
    full re-parse of every stylesheet with the parse cache cleared, so every rule was
    parsed three times. The home screen is styled as it mounts, by the stylesheet as it
    is, and its stylesheet is read with the App's (CSS_PATH), so nothing is left to
    refresh. A theme change later still restyles it (Textual counts it as a new change).
    """
    from textual._context import active_app

    screen = HomeScreen()
    screen._css_update_count = active_app.get()._css_update_count
    return screen


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
    "practice": _home_screen,
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


#: What each mode's key does, in the help panel.
MODE_TOOLTIPS: dict[str, str] = {
    "history": "Every past round, sortable and filterable",
    "banks": "Browse, search and edit question banks",
    "progress": "Scores over time per category and per question, timing, energy",
}


def _mode_bindings() -> list[BindingType]:
    return [
        Binding(
            key,
            f"switch_mode('{mode}')",
            title,
            id=f"mode-{mode}",
            tooltip=MODE_TOOLTIPS.get(mode, ""),
        )
        for mode, (key, title) in MODE_KEYS.items()
        if mode in MODES_BUILT and mode != "practice"
    ]


def resume_garbage_collection() -> None:
    """Garbage collection back on after the first frame, if the entry point turned it off.

    What start-up built (modules, classes, styles, the home screen) lives as long as the
    app, so it is frozen first: later collections never scan it again.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def typing_into(widget: object) -> bool:
    """Whether `widget` takes printable keys (so `?` types a question mark there)."""
    from textual.widgets import Input

    # TextArea is a large import the home screen does not need: while it is not loaded,
    # nothing on screen can be one (the footer asks this before the first frame).
    text_area = sys.modules.get("textual.widgets._text_area")
    types: tuple[type, ...] = (Input,) if text_area is None else (Input, text_area.TextArea)
    return isinstance(widget, types) and not getattr(widget, "read_only", False)


def voice_missing(notice: str | None) -> str:
    """One line on why voice stays off and what to install (not the engine's own words)."""
    reason = (notice or "").lower()
    if "player" in reason or "audio" in reason or "device" in reason:
        need = "an audio player (paplay, aplay or ffplay) and a working sound device"
    else:
        need = "espeak-ng and an audio player (paplay, aplay or ffplay)"
    return f"Voice stays off: reading aloud needs {need}. Install it, then press ctrl+o."


class CallbackSimApp(App[None]):
    """callback-sim's TUI; tests inject a fake `clock` and a `speaker`."""

    # Home's stylesheet is read with the App's: loaded when the home screen mounts, it made
    # Textual parse every stylesheet a second time before the first frame.
    CSS_PATH: ClassVar[CSSPathType | None] = ["app.tcss", "screens/home.tcss"]
    TITLE = "callback-sim"
    SUB_TITLE = "callback interview practice"
    MODES: ClassVar[dict[str, str | Callable[[], Screen[Any]]]] = dict(MODES_BUILT)
    DEFAULT_MODE = "practice"

    # Footer order (KeysFooter drops keys from the end when they do not fit): the screen's
    # own keys come first, then these: help, navigation, then the global switches.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "question_mark",
            "show_keys",
            "Keys",
            id="keys",
            tooltip="Every key of this screen, with what it does",
        ),
        Binding(
            "f1",
            "show_keys('f1')",
            "Keys",
            id="keys.f1",
            show=False,  # the footer shows it in place of `?` while a field takes typing
            tooltip="Every key of this screen (also while typing, where ? types a ?)",
        ),
        *_mode_bindings(),
        Binding(
            "ctrl+o",
            "toggle_voice",
            "Voice",
            id="toggle_voice",
            tooltip="Read questions aloud, or stop",
        ),
        Binding(
            "ctrl+q",
            "quit",
            "Quit",
            id="quit",
            priority=True,
            tooltip="Quit (the answer being typed is saved as a draft first)",
        ),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        clock: Clock | None = None,
        speaker: SpeakerLike | None = None,
        home_prefetch: HomePrefetch | None = None,
    ) -> None:
        super().__init__()
        self.context = context
        self._home_prefetch = home_prefetch
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
        # The TUI shows notices (an empty database file set up as new) as notifications.
        context.echo_notices = False
        #: Why the database cannot be used, once start-up found out; exit code 1 then.
        self.db_problem: str | None = None
        self._store_checked = False
        self._unsaved_dir: str | None = None
        #: ctrl+o asked for voice; it goes on once the speaker is known to work.
        self._voice_wanted = False
        self._asking_to_quit = False
        self._scoring: ScoringWorker | None = None
        # Usually done by now: then the home screen composes with its data (one frame).
        self.take_prefetched_home()

    # -- start-up ------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.call_after_refresh(resume_garbage_collection)
        self._catch_sigterm()
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self._settings_error:
            self.notify(self._settings_error, severity="warning", timeout=10)
        shown_on_mount = self.home_data is not None
        self.take_prefetched_home()
        if self.home_data is not None:
            if shown_on_mount:
                # The home screen showed it on mount; tell of bank errors, offer to resume.
                self.home_data_arrived(self.home_data)
            else:
                self.on_home_loaded(HomeLoaded(self.home_data))
            # The early read did not check that the database can be written: do it now.
            self.run_in_thread(self._check_store, name="check-store")
        elif self._home_prefetch is not None:
            # Still reading: wait for it in a thread rather than reading everything twice.
            self.run_in_thread(self._wait_for_prefetch, name="load-home", exclusive=True)
        else:
            # After the first frame: open the store and read the banks in a thread.
            self.call_after_refresh(self.reload_home)
        # Home lists the banks from a summary; the questions are read once it is up.
        self.set_timer(1.0, self.warm_banks)
        self.set_timer(3.0, self.warm_scorer)
        if self.voice.enabled:
            self.start_speaker()

    @work(thread=True, exit_on_error=False, name="warm-scorer")
    def warm_scorer(self) -> None:
        """Start the scoring process off the first frame; it warms the scorer itself, so the
        first answer scores fast and the scorer never holds this process's GIL."""
        if not self.scoring_worker().start():
            from callback_sim.core.scoring import warm_up

            warm_up()  # answers will be scored in this process: warm it instead

    def scoring_worker(self) -> ScoringWorker:
        """The app's one scoring process (callback_sim.scoring_worker), made on first use."""
        if self._scoring is None:
            from callback_sim.scoring_worker import ScoringWorker

            self._scoring = ScoringWorker()
        return self._scoring

    def on_unmount(self) -> None:
        if self._scoring is not None:
            self._scoring.close()

    @work(thread=True, exit_on_error=False, name="warm-banks")
    def warm_banks(self) -> None:
        """Load every bank's questions off the first frame, so a round starts at once."""
        self.context.banks()

    def take_prefetched_home(self) -> None:
        """Use the entry point's early read of the home data if it has finished well."""
        prefetch = self._home_prefetch
        if prefetch is not None and prefetch.done():
            self._home_prefetch = None
            try:
                self.home_data = prefetch.result()
            except Exception:
                # Read it again in a worker, whose error handler tells the user.
                self.home_data = None

    def _wait_for_prefetch(self) -> None:
        prefetch = self._home_prefetch
        self._home_prefetch = None
        try:
            data = prefetch.result() if prefetch is not None else None
        except Exception:
            data = None  # read again below, where a database problem gets its own screen
        if data is None:
            self._load_home()
        elif self._check_store():
            self.post_message(HomeLoaded(data))

    def reload_home(self) -> None:
        """Re-read sessions, resumable rounds and banks for the home screen."""
        self.run_in_thread(self._load_home, name="load-home", exclusive=True)

    def _load_home(self) -> None:
        if self._check_store():
            self.post_message(HomeLoaded(load_home_data(self.context)))

    def _check_store(self) -> bool:
        """Damaged, read-only or full: said at start-up, not after the first answer (blocking)."""
        from callback_sim.store import StoreError
        from callback_sim.tui.screens.db_problem import DbProblem

        if not self._store_checked:
            try:
                self.context.store().check_writable()
            except StoreError as err:
                self.post_message(DbProblem(str(err)))
                return False
            self._store_checked = True
        for notice in self.context.notices:
            self.call_from_thread(self.notify, notice, severity="warning", timeout=15)
        self.context.notices.clear()
        return True

    def dismiss_welcome(self) -> None:
        """Never show the first-run welcome again (kept in the database's app_state)."""
        self.run_in_thread(
            lambda: self.context.store().set_state(WELCOME_KEY, True), name="welcome"
        )

    def on_home_loaded(self, message: HomeLoaded) -> None:
        self.home_data = message.data
        home = self.home_screen()
        # A home screen still mounting shows `home_data` from its own on_mount (and one
        # being torn down by an early quit has nothing left to fill in).
        if home is not None and home.is_mounted and home.is_attached:
            home.show_data(message.data)
        self.home_data_arrived(message.data)

    def home_data_arrived(self, data: HomeData) -> None:
        """Say that bank files were left out, and offer to resume (once per launch)."""
        if data.bank_errors:
            from callback_sim.core.text import counted

            self.notify(
                f"{counted(len(data.bank_errors), 'bank file')} with errors left out: "
                "`callback-sim bank list` shows them",
                severity="warning",
            )
        if data.resumable and not self._resume_offered:
            self._resume_offered = True
            self.offer_resume(data)

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

    def on_db_problem(self, message: Any) -> None:
        """Show what is wrong with the database and what to do, instead of "Loading…"."""
        from callback_sim.store.backups import list_backups
        from callback_sim.tui.screens.db_problem import Choice, DbProblemScreen

        self.db_problem = message.message
        db = self.context.paths.database
        backups = list_backups(self.context.paths.backups, db.stem)

        def chosen(choice: Choice | None) -> None:
            if choice == "practice":
                self.practise_unsaved()
            else:
                self.exit(return_code=1)

        self.push_screen(
            DbProblemScreen(message.message, db, backups[0] if backups else None), chosen
        )

    def practise_unsaved(self) -> None:
        """Answers go to a temporary database removed at exit; the subtitle says so."""
        import tempfile
        from pathlib import Path

        from callback_sim.store import Store

        self._unsaved_dir = tempfile.mkdtemp(prefix="callback-sim-unsaved-")
        self.context.replace_store(Store.open(Path(self._unsaved_dir) / "callback-sim.db"))
        self._store_checked = True
        self.sub_title = "practice without saving: nothing you answer is kept"
        self.notify("Practising without saving: nothing you answer will be kept.", timeout=10)
        self.reload_home()

    def discard_unsaved(self) -> None:
        """Remove the temporary database of practice without saving, if there was one."""
        if self._unsaved_dir is None:
            return
        import shutil

        self.context.close()
        shutil.rmtree(self._unsaved_dir, ignore_errors=True)
        self._unsaved_dir = None

    def home_screen(self) -> HomeScreen | None:
        """The home screen, also while another mode (banks, history) is on top."""
        stacks = [self.screen_stack, *self._screen_stacks.values()]
        for stack in stacks:
            for screen in stack:
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
                assess=self.scoring_worker().assess,
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
        # Asked for voice, so the engine is started whatever config.toml said.
        settings = self.settings.with_changes(voice=True)

        def make() -> None:
            from callback_sim.speech import make_speaker

            speaker, notice = make_speaker(settings)
            self.post_message(SpeakerReady(speaker, notice))

        self.run_in_thread(make, name="speaker", exclusive=True)

    def on_speaker_ready(self, message: SpeakerReady) -> None:
        speaker = message.speaker
        if speaker is not None and getattr(speaker, "available", False):
            self.voice.speaker = speaker  # type: ignore[assignment]
            if self._voice_wanted:
                self._voice_wanted = False
                self._set_voice(True)
                self.notify("Voice on: questions are read aloud.")
            elif message.notice:
                self.notify(message.notice, title="Voice", severity="warning", timeout=8)
            return
        # Voice can be on only when it can speak: off, saved off, and one line on why.
        self._voice_wanted = False
        if speaker is not None:
            close = getattr(speaker, "close", None)
            if callable(close):
                close()
        self.voice.speaker = None
        self._set_voice(False)
        self.notify(voice_missing(message.notice), title="Voice", severity="warning", timeout=10)

    def _set_voice(self, on: bool) -> None:
        """Voice on or off everywhere: the switch, the round keys and config.toml."""
        self.voice.enabled = on
        if self.settings.voice != on:
            self.update_settings(voice=on)
        self.refresh_bindings()
        home = self.home_screen()
        if home is not None:
            home.show_voice(on)

    def action_toggle_voice(self) -> None:
        if self.voice.enabled or self._voice_wanted:
            self._voice_wanted = False
            self.voice.stop()
            self._set_voice(False)
            self.notify("Voice off.")
            return
        if self.voice.speaker is not None and self.voice.speaker.available:
            self._set_voice(True)
            self.notify("Voice on: questions are read aloud.")
            return
        # On only once the engine has started and an audio player was found.
        self._voice_wanted = True
        self.start_speaker()

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

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_keys":
            # `?` only where it cannot type (a field would take it); f1 always.
            return parameters == ("f1",) or not typing_into(self.focused)
        return True

    def action_show_keys(self, _when: str = "") -> None:
        """Open the help panel: every key of the current screen."""
        from callback_sim.tui.screens.dialogs import KeysScreen, key_rows

        screen = self.screen
        if isinstance(screen, KeysScreen):
            return
        title = getattr(screen, "keys_title", None) or type(screen).__name__.removesuffix("Screen")
        self.push_screen(KeysScreen(key_rows(screen), str(title)))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from screen_commands(screen)
        yield SystemCommand(
            "Keys", "Every key of this screen, with what it does (?)", self.action_show_keys
        )
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
        # Textual's own "Keys" panel is replaced by ours (it lists every screen key too).
        for command in super().get_system_commands(screen):
            if command.title != "Keys":
                yield command

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

    def _catch_sigterm(self) -> None:
        """SIGTERM (`kill PID`, a closing session) quits like ctrl+q, restoring the terminal.

        Its default action ends the process on the spot, leaving the terminal in raw mode
        on the alternate screen with mouse reporting on.
        """
        # Not possible off the main thread or where loops have no signal handlers (Windows).
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, self._on_sigterm)

    def _on_sigterm(self) -> None:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
        self.call_later(self.quit_saving, 128 + signal.SIGTERM)

    def unsaved_screens(self) -> list[Screen[Any]]:
        """Screens with edits not saved yet (each says so through `has_unsaved_edits()`)."""
        return [screen for screen in self.screen_stack if _has_unsaved_edits(screen)]

    def quit_saving(self, return_code: int = 0) -> None:
        """Keep what is being typed (answers and forms) as drafts, stop speech, and exit."""
        from callback_sim.tui.screens.round import RoundScreen

        for screen in self.screen_stack:
            if isinstance(screen, RoundScreen):
                screen.save_draft_now()
            keep = getattr(screen, "keep_draft", None)
            if callable(keep) and _has_unsaved_edits(screen):
                keep()
        self.voice.stop()
        self.voice.close()
        if self._scoring is not None:
            self._scoring.close()
        self.exit(return_code=return_code)

    async def action_quit(self) -> None:
        """Quit from anywhere; asks first when a form has unsaved edits. Answers keep drafts."""
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        unsaved = self.unsaved_screens()
        if not unsaved or self._asking_to_quit:
            self.quit_saving()  # ctrl+q again while asked: the user means it
            return
        what = list(dict.fromkeys(str(getattr(s, "UNSAVED_WHAT", "this screen")) for s in unsaved))
        kept = all(callable(getattr(s, "keep_draft", None)) for s in unsaved)
        question = (
            f"{' and '.join(what).capitalize()} {'has' if len(what) == 1 else 'have'} changes "
            "that are not saved. "
            + (
                "Quit anyway? They are kept as a draft and offered back when you return."
                if kept
                else "Quit and drop them?"
            )
        )

        def answered(yes: bool | None) -> None:
            self._asking_to_quit = False
            if yes:
                self.quit_saving()

        self._asking_to_quit = True
        self.push_screen(ConfirmDialog(question, yes="Quit", no="Keep editing"), answered)


def _has_unsaved_edits(screen: Screen[Any]) -> bool:
    check = getattr(screen, "has_unsaved_edits", None)
    if not callable(check):
        return False
    try:
        return bool(check())
    except Exception:  # a screen being torn down: nothing to ask about
        return False


def screen_commands(screen: Screen[Any]) -> Iterable[SystemCommand]:
    """The palette entries a screen offers (its own actions), if it defines any."""
    commands = getattr(screen, "palette_commands", None)
    if callable(commands):
        yield from commands()


def run_app(context: AppContext, home_prefetch: HomePrefetch | None = None) -> int:
    """Open the TUI (the `callback-sim` command with no arguments); returns the exit code.

    The code is 1 when the database could not be used, whatever the user chose.
    """
    app = CallbackSimApp(context, home_prefetch=home_prefetch)
    try:
        app.run()
    finally:
        app.discard_unsaved()
    return app.return_code or (1 if app.db_problem else 0)


if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

    def _provides_what_screens_use(app: CallbackSimApp) -> ScreenHost:
        return app  # mypy checks that the App satisfies the screens' protocol
