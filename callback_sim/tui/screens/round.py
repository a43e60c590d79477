"""The round: who asks, the question, a countdown, and the answer being typed.

The screen only shows `core.round.Round` and turns keys into its calls. Time comes from
the injected clock; a timer on the event loop reads it four times a second. Every submit
is scored and committed by a thread worker, and the answer being typed is kept as a
draft at most every two seconds, so a crash or kill loses almost nothing.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, cast

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static, TextArea

from callback_sim.config import Settings
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.followup import is_follow_up
from callback_sim.core.models import Answer, Draft, Question, Session
from callback_sim.core.round import Clock, Round, Submission
from callback_sim.core.text import counted
from callback_sim.scoring_worker import Assess, assess_in_process
from callback_sim.tui.voice import Voice
from callback_sim.tui.widgets.answer_area import AnswerArea
from callback_sim.tui.widgets.countdown import Countdown, format_seconds
from callback_sim.tui.widgets.debrief_source import source_line
from callback_sim.tui.widgets.footer import KeysFooter
from callback_sim.tui.widgets.persona import PersonaBanner, interviewer_for

if TYPE_CHECKING:
    from callback_sim.tui.context import ScreenHost

#: Drafts are written at most this often while typing (seconds of the round clock).
DRAFT_EVERY = 2.0
#: How often the countdown is redrawn (real seconds).
TICK_EVERY = 0.25


def _follow_up_seed(session: Session) -> int | str:
    """What follow-up draws are seeded by: the round's seed when it had one, else the session."""
    seed = session.settings.get("seed")
    return seed if isinstance(seed, int | str) else session.id


def word_count(text: str) -> int:
    return len(text.split())


class RoundScreen(Screen[None]):
    """One session being answered, from `start_position` to the last planned question."""

    CSS_PATH = "round.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Submit", id="round.submit", priority=True),
        Binding("ctrl+n", "skip", "Skip", id="round.skip", priority=True),
        Binding("ctrl+t", "pause", "Pause", id="round.pause", priority=True),
        Binding("ctrl+t", "resume", "Resume", id="round.resume", priority=True),
        Binding(
            "ctrl+r",
            "repeat",
            "Repeat",
            id="round.repeat",
            priority=True,
            tooltip="Read the question aloud again",
        ),
        Binding("ctrl+g", "end_round", "End round", id="round.end", priority=True),
    ]

    class AnswerSaved(Message):
        """A worker committed the answer."""

        def __init__(self, answer: Answer) -> None:
            super().__init__()
            self.answer = answer

    class SaveFailed(Message):
        """A worker could not commit the answer; `reason` is one line."""

        def __init__(self, submission: Submission, reason: str) -> None:
            super().__init__()
            self.submission = submission
            self.reason = reason

    class DraftFailed(Message):
        """A draft could not be written (the answer is still on screen)."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    class SpeechDone(Message):
        """The speaker finished reading the question at `position`."""

        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(
        self,
        *,
        session: Session,
        questions: tuple[Question, ...],
        start_position: int,
        draft: Draft | None,
        settings: Settings,
        clock: Clock,
        voice: Voice,
        assess: Assess | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        #: Scores a submitted answer (in the app's scoring process; in this one without it).
        self.assess: Assess = assess or assess_in_process
        self.settings = settings
        self.clock = clock
        self.voice = voice
        self.round = Round(
            questions,
            clock=clock,
            time_multiplier=settings.time_multiplier,
            on_timeout=settings.on_timeout,
            start_position=start_position,
            follow_ups=settings.follow_ups,
            follow_up_seed=_follow_up_seed(session),
        )
        self._initial_draft = draft
        #: A submission whose save is running or failed; its text stays on screen meanwhile.
        self.pending: Submission | None = None
        self.saving = False
        self.saved: list[Answer] = []
        self._draft_dirty = False
        self._last_draft_at = clock()
        self._waiting_for_speech = False
        self._overtime_noted = False
        self._saved_note = ""

    @property
    def cs_app(self) -> ScreenHost:
        return cast("ScreenHost", self.app)

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        question = self.round.current or self.round.questions[-1]
        with Horizontal(id="round-top"):
            yield PersonaBanner(interviewer_for(question), id="persona")
            yield Static("", id="progress")
            yield Countdown(penalty=self.settings.on_timeout == "overtime", id="countdown")
        with Vertical(id="question-box"):
            yield Static("", id="question", markup=False)
            yield Static("", id="source", markup=False)
        yield Static("", id="think")
        yield Static(
            "Paused: the clock is stopped and the question hidden. Press ctrl+t to resume.",
            id="paused-panel",
        )
        yield AnswerArea(
            "",
            id="answer",
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder="Type your answer…",
        )
        yield Static("", id="status-line")
        yield KeysFooter()

    def on_mount(self) -> None:
        # A full garbage collection walks every object the app holds (measured: 0.1-0.7 s
        # on a busy 2-core machine, the longest countdown stalls). Objects alive now are
        # set aside from collections for the round; garbage made during it is still
        # collected, and `on_unmount` hands the rest back to the collector.
        gc.freeze()
        self.set_interval(TICK_EVERY, self.tick)
        self.start_question(self._initial_draft)

    def on_unmount(self) -> None:
        gc.unfreeze()

    # -- showing a question ----------------------------------------------------------------

    def start_question(self, draft: Draft | None = None) -> None:
        """Show the current question and start its clock (or wait for speech to end)."""
        question = self.round.current
        if question is None:
            return
        self._overtime_noted = False
        interviewer = interviewer_for(question)
        progress = f"{self.round.number} / {self.round.planned_total}"
        if is_follow_up(question):
            # The same interviewer presses on what was just said.
            interviewer = dataclasses.replace(interviewer, level=f"Follow-up · {interviewer.level}")
            progress = f"follow-up · {progress}"
        self.query_one(PersonaBanner).show(interviewer)
        self.query_one("#progress", Static).update(progress)
        self.set_class(is_follow_up(question), "-follow-up")
        self.query_one("#question", Static).update(question.prompt)
        # A seeded question says where it came from ('Quoting you, round one: "…"').
        source = self.query_one("#source", Static)
        origin = source_line(question)
        source.update(origin or "")
        source.display = origin is not None
        area = self.query_one("#answer", TextArea)
        with area.prevent(TextArea.Changed):
            area.load_text(draft.text if draft else "")
        area.read_only = False
        area.move_cursor(area.document.end)
        if self._saved_note:
            # Keep the last save visible on the next question until typing starts; a count
            # of the new (empty) answer beside it would read as the saved answer's.
            note = self._saved_note
            if area.text.strip():
                note += f" · this answer: {self._words_label(area.text)}"
            self._set_status(note, "saved")
        else:
            self._set_status(self._words_label(area.text), "")
        self._draft_dirty = False
        self._last_draft_at = self.clock()
        speaking = self.voice.say(
            question.prompt, persona=question.persona, on_done=self._speech_done_callback()
        )
        if speaking and self.settings.countdown_starts == "speech_end" and draft is None:
            self._waiting_for_speech = True
            countdown = self.query_one(Countdown)
            countdown.remaining = float(self.round.time_limit())
        else:
            self._begin(draft)
        area.focus()
        self.refresh_bindings()
        self.tick()

    def _speech_done_callback(self) -> Callable[[], None]:
        position = self.round.position

        def done() -> None:
            # Called from the speaker's thread: post, never touch widgets.
            self.post_message(self.SpeechDone(position))

        return done

    def _begin(self, draft: Draft | None = None) -> None:
        self._waiting_for_speech = False
        if draft is not None:
            self.round.begin_question(elapsed=draft.elapsed, think_seconds=draft.think_seconds)
        else:
            self.round.begin_question()

    def on_round_screen_speech_done(self, message: SpeechDone) -> None:
        if self._waiting_for_speech and message.position == self.round.position:
            self._begin()
            self.tick()

    # -- the clock -------------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the countdown from the clock; auto-submit or note overtime at the limit."""
        if self._draft_dirty and self.clock() - self._last_draft_at >= DRAFT_EVERY:
            self.save_draft()
        if not self.round.answering:
            return
        countdown = self.query_one(Countdown)
        countdown.remaining = self.round.remaining()
        countdown.paused = self.round.paused
        think = self.query_one("#think", Static)
        if self.round.has_typed:
            think.display = False
        else:
            think.display = True
            seconds = self.round.think_seconds() or 0.0
            # One fixed-height line: a new text needs a repaint, not a layout of the screen.
            think.update(
                f"Think time {format_seconds(seconds)} — start typing when ready", layout=False
            )
        if self.round.tick():
            self.notify("Time's up: your answer was submitted as it stood.", title="Time")
            self.submit(timed_out=True)
        elif self.round.remaining() <= 0 and not self._overtime_noted:
            self._overtime_noted = True
            self.notify(
                "Time's up: you're in overtime, which costs delivery points. "
                "Wrap up and press ctrl+s.",
                title="Overtime",
                severity="warning",
            )

    # -- typing and drafts -----------------------------------------------------------------

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if self._waiting_for_speech:
            self._begin()
        if self.round.answering and not self.round.has_typed and text:
            self.round.keystroke()
            self.query_one("#think", Static).display = False
            if self.settings.voice_stop_on_typing:
                self.voice.stop()
        self._saved_note = ""
        self._set_status(self._words_label(text), "")
        if self.round.answering:
            self._draft_dirty = True
            if self.clock() - self._last_draft_at >= DRAFT_EVERY:
                self.save_draft()

    def _words_label(self, text: str) -> str:
        return counted(word_count(text), "word")

    def _set_status(self, text: str, kind: str) -> None:
        line = self.query_one("#status-line", Static)
        # One fixed-height line, updated on every keystroke: repaint it, lay nothing out.
        line.update(text, layout=False)
        line.set_class(kind == "error", "-error")
        line.set_class(kind == "saved", "-saved")

    def current_draft(self) -> Draft | None:
        """The answer being typed, as a draft (None when no question is being answered)."""
        if not self.round.answering or self.pending is not None:
            return None
        return Draft(
            session_id=self.session.id,
            position=self.round.position,
            text=self.query_one("#answer", TextArea).text,
            think_seconds=self.round.think_seconds() if self.round.has_typed else None,
            elapsed=round(self.round.elapsed(), 2),
        )

    def save_draft(self) -> None:
        """Write the draft in a thread (throttled by the caller to every DRAFT_EVERY seconds)."""
        draft = self.current_draft()
        self._draft_dirty = False
        self._last_draft_at = self.clock()
        if draft is None:
            return
        context = self.cs_app.context

        def write() -> None:
            try:
                context.store().save_draft(draft)
            except CallbackSimError as exc:
                self.post_message(self.DraftFailed(str(exc)))

        self.cs_app.run_in_thread(write, name="save-draft")

    def save_draft_now(self) -> None:
        """Write the draft before quitting, on the calling thread, so nothing typed is lost."""
        draft = self.current_draft()
        if draft is None:
            return
        # Quitting anyway on failure; the last periodic draft (at most 2 s old) remains.
        with contextlib.suppress(CallbackSimError):
            self.cs_app.context.store().save_draft(draft)

    def on_round_screen_draft_failed(self, message: DraftFailed) -> None:
        self._set_status(f"Draft not saved: {message.reason}", "error")

    # -- what the keys do ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        r = self.round
        if action == "submit":
            if self.pending is not None:
                return not self.saving
            return r.answering and not r.paused
        if action == "skip":
            return self.pending is None and r.answering and not r.paused
        if action == "pause":
            return self.pending is None and r.answering and not r.paused
        if action == "resume":
            return r.paused
        if action == "repeat":
            # Only when the question can be heard: with voice off it would do nothing visible.
            return self.voice.ready and not r.paused
        if action == "end_round":
            return not self.saving
        return True

    def action_submit(self) -> None:
        self._after_typing(self.submit)

    def _after_typing(self, action: Callable[[], object]) -> None:
        """Run `action` once the keys typed before it are in the answer box.

        ctrl+s and ctrl+n are priority bindings: the app runs them as soon as it reads the
        key, while the characters typed just before it (a fast burst, or a terminal that
        types a paste key by key) may still wait in the answer box's queue. A callback
        queued behind them runs after them, so the answer saved is the whole answer."""
        area = self.query_one("#answer", TextArea)
        if not area.call_later(action):
            action()  # the box is not running (closing): nothing more can arrive in it

    def submit(self, *, timed_out: bool = False) -> None:
        """Close the question with the typed answer (or retry a failed save) and save it."""
        area = self.query_one("#answer", TextArea)
        if self.pending is not None:
            if not self.saving:
                self._save(dataclasses.replace(self.pending, text=area.text))
            return
        if not self.round.answering or self.round.paused:
            return
        self.voice.stop()
        self._save(self.round.submit(area.text, timed_out=timed_out))

    def action_skip(self) -> None:
        self._after_typing(self.skip)

    def skip(self) -> None:
        """Skip the question, keeping what was typed as the skipped answer's text."""
        if self.pending is not None or not self.round.answering:
            return
        self.voice.stop()
        self._save(self.round.skip(self.query_one("#answer", TextArea).text))

    def action_pause(self) -> None:
        if not self.round.answering or self.round.paused:
            return
        self.round.pause()
        self.voice.stop()
        self.set_class(True, "-paused")
        self.save_draft()
        self.tick()
        self.refresh_bindings()

    def action_resume(self) -> None:
        if not self.round.paused:
            return
        self.round.resume()
        self.set_class(False, "-paused")
        self.query_one("#answer", TextArea).focus()
        self.tick()
        self.refresh_bindings()

    def action_repeat(self) -> None:
        question = self.round.current
        if question is not None and not self.round.paused:
            self.voice.stop()
            self.voice.say(question.prompt, persona=question.persona)

    def action_end_round(self) -> None:
        from callback_sim.tui.screens.dialogs import ConfirmDialog

        done = len(self.saved)
        kept = (
            "No answer has been saved yet"
            if done == 0
            else "The answer saved so far is kept"
            if done == 1
            else f"The {done} answers saved so far are kept"
        )
        question = f"End the round now? {kept}; the remaining questions are not asked"
        if self.current_draft() is not None and self.query_one("#answer", TextArea).text.strip():
            question += " (press n, then ctrl+s first to keep the answer you are typing)"
        self.app.push_screen(
            ConfirmDialog(question + ".", yes="End round", no="Keep going"), self._end_confirmed
        )

    def _end_confirmed(self, yes: bool | None) -> None:
        if not yes:
            return
        self.voice.stop()
        self.round.finish()
        self.cs_app.close_round(self.session.id)

    def palette_commands(self) -> list[SystemCommand]:
        """This screen's actions in the command palette, when they apply."""
        entries = [
            ("submit", "Submit answer", "Save and score the answer (ctrl+s)", self.action_submit),
            ("skip", "Skip question", "Move on without an answer (ctrl+n)", self.action_skip),
            ("pause", "Pause", "Stop the clock and hide the question (ctrl+t)", self.action_pause),
            ("resume", "Resume", "Start the clock again (ctrl+t)", self.action_resume),
            (
                "repeat",
                "Repeat question",
                "Read it aloud again (ctrl+r)",
                self.action_repeat,
            ),
            ("end_round", "End round", "Finish now and see the summary", self.action_end_round),
        ]
        return [
            SystemCommand(title, help, callback)
            for action, title, help, callback in entries
            if self.check_action(action, ())
        ]

    # -- saving answers ------------------------------------------------------------------

    def _save(self, submission: Submission) -> None:
        """Score and commit one submission in a thread; the text stays until it is saved."""
        from callback_sim.store.db import sanitize_text

        submission = dataclasses.replace(submission, text=sanitize_text(submission.text))
        self.pending = submission
        self.saving = True
        self.query_one("#answer", TextArea).read_only = True
        self.query_one("#think", Static).display = False
        self._set_status("Saving…", "")
        self.refresh_bindings()
        context = self.cs_app.context
        session_id = self.session.id
        assess = self.assess

        def work() -> None:
            try:
                score = None
                if not submission.skipped:
                    score = assess(
                        submission.question,
                        submission.text,
                        seconds=submission.seconds,
                        time_limit=submission.time_limit,
                    )
                answer = context.store().save_answer(session_id, submission, score)
            except (CallbackSimError, OSError) as exc:
                self.post_message(self.SaveFailed(submission, str(exc)))
                return
            except Exception as exc:  # a bug must not lose the text: keep it on screen
                self.post_message(self.SaveFailed(submission, f"{type(exc).__name__}: {exc}"))
                raise
            self.post_message(self.AnswerSaved(answer))

        self.cs_app.run_in_thread(work, name="save-answer")

    def on_round_screen_save_failed(self, message: SaveFailed) -> None:
        self.saving = False
        self.query_one("#answer", TextArea).read_only = False
        self._set_status(f"Not saved: {message.reason} — press ctrl+s to try again.", "error")
        self.notify(message.reason, title="Answer not saved", severity="error", timeout=10)
        self.refresh_bindings()

    def on_round_screen_answer_saved(self, message: AnswerSaved) -> None:
        answer = message.answer
        submitted = self.pending
        self.pending = None
        self.saving = False
        if submitted is not None and not answer.skipped:
            self._follow_up(submitted, answer)
        self.saved.append(answer)
        if answer.skipped:
            self._saved_note = f"✓ Question {answer.position} skipped"
        else:
            words = counted(word_count(answer.text), "word")
            self._saved_note = f"✓ Question {answer.position} saved ({words})"
        self._set_status(self._saved_note, "saved")
        self.refresh_bindings()
        if self.settings.feedback == "each" and not answer.skipped and answer.score is not None:
            from callback_sim.tui.screens.feedback import FeedbackScreen

            self.app.push_screen(
                FeedbackScreen(answer, total=self.round.total, last=self.round.current is None),
                lambda _: self.next_question(),
            )
        else:
            self.next_question()

    def _follow_up(self, submitted: Submission, answer: Answer) -> None:
        """Ask the round whether to press on this answer; plan the follow-up in a thread."""
        consistency = answer.score.consistency if answer.score is not None else ()
        question = self.round.follow_up(
            dataclasses.replace(submitted, text=answer.text), consistency
        )
        if question is None:
            return
        context = self.cs_app.context
        session_id = self.session.id
        position = submitted.position + 1

        def plan() -> None:
            try:
                context.store().insert_planned(session_id, position, question)
            except CallbackSimError as exc:
                self.post_message(self.DraftFailed(f"follow-up not added to the plan: {exc}"))

        self.cs_app.run_in_thread(plan, name="plan-follow-up")

    def next_question(self) -> None:
        """Ask the next question, or close the round after the last one."""
        if self.round.current is None:
            self.round.finish()
            self.cs_app.close_round(self.session.id)
            return
        self.start_question()
