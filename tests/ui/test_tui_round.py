"""Pilot tests of rounds: submit, skip, time out, pause, quit, resume; what the store holds."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.widgets import Select, TextArea

from callback_sim.core.models import Draft
from callback_sim.core.round import Submission
from callback_sim.scoring_worker import assess_in_process
from callback_sim.store import Store, StoreError
from callback_sim.tui.screens.dialogs import ConfirmDialog
from callback_sim.tui.screens.feedback import FeedbackScreen
from callback_sim.tui.screens.home import HomeScreen
from callback_sim.tui.screens.round import RoundScreen
from callback_sim.tui.screens.summary import SummaryScreen
from callback_sim.tui.widgets.countdown import Countdown
from callback_sim.tui.widgets.score_card import ScoreCard
from tests.unit.test_scoring_worker import READY_WITHIN, wait_until_gone

from .tui_helpers import BANK, GOOD_ANSWER, FakeClock, make_app, rows, wait_for

SIZE = (100, 30)


async def start_round(pilot, count: int = 3) -> RoundScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await wait_for(pilot, lambda: app.home_data is not None)
    home = app.screen
    assert isinstance(home, HomeScreen)
    home.query_one("#count", Select).value = count
    await pilot.press("s")
    await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))
    screen = app.screen
    assert isinstance(screen, RoundScreen)
    return screen


async def test_round_answer_skip_timeout_then_summary(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, config='on_timeout = "submit"\n', clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        assert screen.round.total == 3
        area = screen.query_one("#answer", TextArea)
        # Think time is shown until the first keystroke.
        clock.advance(4)
        screen.tick()
        assert screen.query_one("#think").display
        area.insert(GOOD_ANSWER)
        await pilot.pause()
        assert not screen.query_one("#think").display
        assert "28 words" in str(screen.query_one("#status-line").render())
        clock.advance(30)
        await pilot.press("ctrl+s")
        await wait_for(
            pilot,
            lambda: isinstance(app.screen, FeedbackScreen) and bool(app.screen.query(ScoreCard)),
        )
        card = app.screen.query_one(ScoreCard)
        assert card.score is not None and card.score.terms[0].matched
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is screen and screen.round.position == 2)
        # Skip the second question with a few words typed.
        area.insert("not sure")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: screen.round.position == 3 and screen.round.answering)
        # Let the third run out: on_timeout = "submit" submits what is there.
        area.insert("My first month would be listening")
        clock.advance(91)
        screen.tick()
        # The card is pushed, then composed: wait until its hint is there (slow machines).
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, FeedbackScreen) and bool(app.screen.query("#feedback-hint"))
            ),
        )
        assert "round summary" in str(app.screen.query_one("#feedback-hint").render())
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, SummaryScreen))
        summary = app.screen
        results = [summary.query_one("#per-question").get_row_at(i)[-1] for i in range(3)]
        assert results == ["answered", "skipped", "time up"]
    rows_ = rows(
        isolated_home,
        "SELECT position, skipped, timed_out, score, text, seconds FROM answers ORDER BY position",
    )
    assert [(r["position"], r["skipped"], r["timed_out"]) for r in rows_] == [
        (1, 0, 0),
        (2, 1, 0),
        (3, 0, 1),
    ]
    assert rows_[0]["text"] == GOOD_ANSWER and rows_[0]["score"] > 0
    assert rows_[0]["seconds"] == pytest.approx(34.0)
    assert rows_[1]["text"] == "not sure" and rows_[1]["score"] is None
    assert rows_[2]["seconds"] == pytest.approx(90.0)
    (session,) = rows(isolated_home, "SELECT status, planned_count FROM sessions")
    assert session["status"] == "completed" and session["planned_count"] == 3


async def test_overtime_counts_up_and_is_recorded(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, config='on_timeout = "overtime"\nfeedback = "end"\n', clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        countdown = screen.query_one(Countdown)
        clock.advance(61)
        screen.tick()
        assert countdown.has_class("-warn")
        clock.advance(25)
        screen.tick()
        assert countdown.has_class("-danger")
        clock.advance(16)
        screen.tick()
        assert countdown.has_class("-overtime")
        assert "+0:12 overtime" in str(countdown.render())
        assert screen.round.answering  # not submitted: overtime mode
        screen.query_one("#answer", TextArea).insert(GOOD_ANSWER)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.round.position == 2 and screen.round.answering)
    (answer,) = rows(isolated_home, "SELECT overtime, timed_out FROM answers")
    assert answer["overtime"] == pytest.approx(12.0) and answer["timed_out"] == 0


async def test_pause_stops_the_clock_and_hides_the_question(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        clock.advance(10)
        await pilot.press("ctrl+t")
        assert screen.round.paused and screen.has_class("-paused")
        assert (
            not screen.query_one("#question-box").display
            or screen.query_one("#question-box").styles.display == "none"
        )
        clock.advance(300)
        screen.tick()
        await pilot.press("ctrl+s")  # submit does nothing while paused
        assert screen.round.position == 1
        await pilot.press("ctrl+t")
        assert not screen.round.paused
        assert screen.round.elapsed() == pytest.approx(10.0)


async def test_quit_saves_the_draft_and_relaunch_offers_resume(isolated_home: Path) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        screen.query_one("#answer", TextArea).insert("Half of my answer about churn")
        clock.advance(1)  # less than the draft interval: only quitting saves it
        await pilot.press("ctrl+q")
    (draft,) = rows(isolated_home, "SELECT position, text FROM drafts")
    assert draft["text"] == "Half of my answer about churn" and draft["position"] == 1


async def test_resume_after_a_crash_brings_back_the_draft(isolated_home: Path) -> None:
    isolated_home.mkdir(parents=True, exist_ok=True)
    store = Store.open(isolated_home / "callback-sim.db")
    session = store.create_session(mode="quick", planned=BANK.questions[:3])
    store.save_answer(
        session.id,
        Submission(1, BANK.questions[0], GOOD_ANSWER, 40.0, 3.0, 90, 0.0),
        None,
    )
    store.save_draft(Draft(session.id, 2, "I'd be excited by", think_seconds=2.0, elapsed=30.0))
    # What a kill -9 leaves behind, as the next process sees it.
    store.finish_session(session.id, "interrupted")
    store.close()

    clock = FakeClock()
    app = make_app(isolated_home, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        assert "I'd be excited by" not in app.screen.question  # says words, not the text
        assert "4 words" in app.screen.question
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, RoundScreen))
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        assert screen.round.position == 2
        area = screen.query_one("#answer", TextArea)
        assert area.text == "I'd be excited by"
        assert screen.round.elapsed() == pytest.approx(30.0)
        area.insert(" the reliability roadmap.")
        clock.advance(5)
        await pilot.press("ctrl+s")
        # Saved, not only submitted: the save runs in a thread the test must not outrun.
        await wait_for(pilot, lambda: screen.round.position == 3 and len(screen.saved) == 1)
    answers = rows(isolated_home, "SELECT position, text, seconds FROM answers ORDER BY position")
    assert [a["position"] for a in answers] == [1, 2]
    assert answers[1]["text"] == "I'd be excited by the reliability roadmap."
    assert answers[1]["seconds"] == pytest.approx(35.0)


async def test_failed_save_keeps_the_text_and_retries(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Store.save_answer
    calls: list[int] = []

    def flaky(self: Store, session_id: int, submission: Submission, score: object) -> object:
        calls.append(submission.position)
        if len(calls) == 1:
            raise StoreError("callback-sim.db: the disk is full; free some space and try again")
        return real(self, session_id, submission, score)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "save_answer", flaky)
    app = make_app(isolated_home, config='feedback = "end"\n')
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        area = screen.query_one("#answer", TextArea)
        area.insert(GOOD_ANSWER)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pending is not None and not screen.saving)
        status = str(screen.query_one("#status-line").render())
        assert "Not saved" in status and "disk is full" in status
        assert area.text == GOOD_ANSWER and not area.read_only
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: screen.pending is None and screen.round.answering)
        assert "Question 1 saved" in str(screen.query_one("#status-line").render())
    assert calls == [1, 1]
    assert [r["text"] for r in rows(isolated_home, "SELECT text FROM answers")] == [GOOD_ANSWER]


async def test_worker_error_becomes_a_notification(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.home_data is not None)
        await pilot.press("w")  # no weak questions yet: a user error, not a crash
        await wait_for(pilot, lambda: len(app._notifications) > 0)
        messages = [n.message for n in app._notifications]
        # Nothing was answered yet: the message says so (not that all scored 70 or more).
        assert any("you have not answered any question" in m for m in messages)
        assert isinstance(app.screen, HomeScreen)


async def test_resizing_to_tiny_and_back_keeps_the_draft(isolated_home: Path) -> None:
    app = make_app(isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        screen.query_one("#answer", TextArea).insert(GOOD_ANSWER)
        for size in [(20, 6), (3, 2), (80, 24), (100, 30)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#answer", TextArea).text == GOOD_ANSWER


class FakeSpeaker:
    """Records what it was asked to say; finishes speaking only when the test says so."""

    available = True

    def __init__(self) -> None:
        self.said: list[tuple[str, str | None]] = []
        self.stops = 0
        self.closed = False
        self.pending: list[object] = []

    def say(self, text: str, *, persona: str | None = None, on_done: object = None) -> None:
        self.said.append((text, persona))
        if on_done is not None:
            self.pending.append(on_done)

    def stop(self) -> None:
        self.stops += 1

    def close(self) -> None:
        self.closed = True


async def test_voice_reads_stops_on_typing_repeats_and_waits_for_speech(
    isolated_home: Path,
) -> None:
    from callback_sim.tui.app import CallbackSimApp

    from .tui_helpers import make_context

    speaker = FakeSpeaker()
    clock = FakeClock()
    context = make_context(isolated_home, config='voice = true\ncountdown_starts = "speech_end"\n')
    app = CallbackSimApp(context, clock=clock, speaker=speaker)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        first = screen.round.current
        assert first is not None and speaker.said == [(first.prompt, first.persona)]
        # The countdown waits for the question to be read.
        assert not screen.round.answering
        clock.advance(8)
        speaker.pending.pop()()  # type: ignore[operator]
        await wait_for(pilot, lambda: screen.round.answering)
        assert screen.round.elapsed() == 0.0
        await pilot.press("ctrl+r")
        assert len(speaker.said) == 2
        stops = speaker.stops
        screen.query_one("#answer", TextArea).insert("Well")
        await pilot.pause()
        assert speaker.stops > stops  # stopped on the first keystroke
        await pilot.press("ctrl+o")  # voice off: repeat is hidden
        assert screen.check_action("repeat", ()) is False
        await pilot.press("ctrl+q")
    assert speaker.closed


async def test_typed_zero_width_and_direction_marks_are_kept(isolated_home: Path) -> None:
    """Issue 14 item 14: ZWJ, ZWNJ, RLM and LRM typed into the answer box are kept, as pasted."""
    from textual._xterm_parser import XTermParser

    app = make_app(isolated_home, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        area = screen.query_one("#answer", TextArea)
        area.focus()
        typed = "I\u200d\u200c led \u200fshalom\u200e ok"
        # The key events a terminal produces for these characters, one by one.
        for event in XTermParser(debug=False).feed(typed):
            area.post_message(event)
            await pilot.pause()
        assert area.text == typed
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: bool(rows(isolated_home, "SELECT text FROM answers")))
    assert [r["text"] for r in rows(isolated_home, "SELECT text FROM answers")] == [typed]


async def test_answers_are_scored_in_the_scoring_process_once_it_is_warm(
    isolated_home: Path,
) -> None:
    clock = FakeClock()
    app = make_app(isolated_home, config='feedback = "end"\n', clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        worker = app.scoring_worker()
        assert await asyncio.to_thread(worker.wait_ready, READY_WITHIN)
        question = screen.round.current
        assert question is not None
        screen.query_one("#answer", TextArea).insert(GOOD_ANSWER)
        clock.advance(30)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: len(screen.saved) == 1, timeout=READY_WITHIN)
        assert (worker.in_worker, worker.in_process) == (1, 0)
        pid = worker.pid
        assert pid is not None
        saved = screen.saved[0]
    expected = assess_in_process(
        question, GOOD_ANSWER, seconds=saved.seconds, time_limit=saved.time_limit
    )
    assert saved.score == expected
    (row,) = rows(isolated_home, "SELECT score FROM answers")
    assert row["score"] == expected.score
    # Closing the app ended the process.
    assert wait_until_gone(pid)


async def test_keys_typed_just_before_ctrl_s_are_in_the_saved_answer(isolated_home: Path) -> None:
    """A burst of keys (fast typing, or a terminal typing a paste key by key) followed at
    once by ctrl+s: the priority binding must not save the answer before the burst is in."""
    from textual import events
    from textual.keys import _character_to_key

    app = make_app(isolated_home, clock=FakeClock())
    async with app.run_test(size=SIZE) as pilot:
        screen = await start_round(pilot)
        driver = app._driver
        assert driver is not None
        typed = "We cut churn by twelve percent in two quarters."
        for char in typed:
            key = events.Key(char if char.isalnum() else _character_to_key(char), char)
            key.set_sender(app)
            driver.send_message(key)  # no wait between keys, as a terminal sends a burst
        submit = events.Key("ctrl+s", None)
        submit.set_sender(app)
        driver.send_message(submit)
        await wait_for(pilot, lambda: isinstance(app.screen, FeedbackScreen))
        store = Store.open(isolated_home / "callback-sim.db")
        saved = store.get_session(screen.session.id).answers
        store.close()
        assert [a.text for a in saved] == [typed]
