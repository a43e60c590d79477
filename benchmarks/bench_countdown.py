"""Does the round countdown keep ticking while speech and scoring run? (target: no stall > 100 ms)

Runs the real app in Textual's Pilot with the real clock, the real speech worker (pyttsx3
and espeak-ng in a child process; playback by a stand-in player that holds each WAV for
its duration, as in bench_speech) and the real scorer. It plays a quick round of built-in
questions: each question is read aloud while the countdown runs, a 500-word answer is put
in, and ctrl+s scores and saves it in a thread worker while the next question is read.

It records two things on the event loop: every countdown tick (the screen ticks every
TICK_EVERY s, so a stall is a gap longer than that) and a 5 ms probe's lateness (how long
any callback held the loop while an answer's countdown ran, leaving out the
benchmark's own pasting of the answer). Prints the worst of each, overall and while
speech or scoring was running.

    python benchmarks/bench_countdown.py [--questions N]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speech import speaker as real_speaker

from callback_sim.context import AppContext
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens import round as round_screen
from callback_sim.tui.screens.round import TICK_EVERY, RoundScreen

TARGET_MS = 100.0
PROBE_EVERY = 0.005
SENTENCE = (
    "I led the relaunch of our billing app with six engineers and we reduced churn by "
    "twelve percent in two quarters because we measured cancellations weekly and changed "
    "the onboarding flow instead of adding discounts which was the trade off I chose"
)
WORDS = SENTENCE.split(" ")


def answer_text(words: int = 500) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words)) + "."


class Recorder:
    """Tick times, probe lateness, and whether speech or scoring was running at each."""

    def __init__(self, app: CallbackSimApp) -> None:
        self.app = app
        self.ticks: list[tuple[float, bool]] = []
        self.lateness: list[tuple[float, bool]] = []
        #: Set while the benchmark itself pastes an answer (its time is not the app's).
        self.pasting = False
        self.events: list[tuple[float, str]] = []

    def busy(self) -> bool:
        speaking = self.app.voice.speaker is not None and bool(
            getattr(self.app.voice.speaker, "_procs", None)
            and self.app.voice.speaker._procs.player is not None  # type: ignore[union-attr]
        )
        scoring = any(w.name == "save-answer" and not w.is_finished for w in self.app.workers)
        return speaking or scoring

    async def probe(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(PROBE_EVERY)
            late = time.perf_counter() - before - PROBE_EVERY
            screen = self.app.screen
            # Only while a countdown runs (not while the round or summary screen composes).
            if isinstance(screen, RoundScreen) and screen.round.answering and not self.pasting:
                self.lateness.append((late, self.busy()))


def gaps(ticks: list[tuple[float, bool]]) -> list[tuple[float, bool]]:
    """Time between consecutive ticks, minus the tick interval, with the later tick's flag."""
    return [(b - a - TICK_EVERY, busy) for (a, _), (b, busy) in itertools.pairwise(ticks)]


async def run(home: Path, questions: int) -> Recorder:
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text(
        f'voice = true\nfeedback = "end"\nquestion_count = {questions}\n', encoding="utf-8"
    )
    app = CallbackSimApp(AppContext.create(str(home)), speaker=real_speaker())
    recorder = Recorder(app)
    original_tick = RoundScreen.tick

    def tick(screen: RoundScreen) -> None:
        recorder.ticks.append((time.perf_counter(), recorder.busy()))
        original_tick(screen)

    round_screen.RoundScreen.tick = tick  # type: ignore[method-assign]
    async with app.run_test(size=(100, 30)) as pilot:
        while app.home_data is None:
            await pilot.pause(0.01)
        probe = asyncio.create_task(recorder.probe())
        await pilot.press("s")
        while not isinstance(app.screen, RoundScreen):
            await pilot.pause(0.01)
        screen = app.screen
        text = answer_text()
        for _ in range(questions):
            position = screen.round.position
            # Let the question be read aloud while the countdown runs.
            await pilot.pause(1.5)
            await pilot.press("I", " ")
            recorder.pasting = True
            screen.query_one("#answer").insert(text)  # type: ignore[attr-defined]
            await pilot.pause()
            recorder.pasting = False
            await pilot.pause(0.3)
            await pilot.press("ctrl+s")
            while screen.round.position == position and app.screen is screen:
                await pilot.pause(0.01)
            if app.screen is not screen:
                break
        await pilot.pause(0.5)
        probe.cancel()
        app.voice.close()
    round_screen.RoundScreen.tick = original_tick  # type: ignore[method-assign]
    return recorder


def report(name: str, values: list[tuple[float, bool]]) -> None:
    all_ms = [v * 1000 for v, _ in values]
    busy_ms = [v * 1000 for v, busy in values if busy]
    worst = max(all_ms, default=0.0)
    print(
        f"{name}: {len(all_ms)} samples, median {statistics.median(all_ms):.1f} ms, "
        f"worst {worst:.1f} ms; while speech or scoring ran: {len(busy_ms)} samples, "
        f"worst {max(busy_ms, default=0.0):.1f} ms"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5, help="questions in the round")
    parser.add_argument("--quick", action="store_true", help="a 1-question round (for CI)")
    args = parser.parse_args()
    questions = 1 if args.quick else args.questions
    with tempfile.TemporaryDirectory(prefix="cs-bench-") as tmp:
        recorder = asyncio.run(run(Path(tmp) / "home", questions))
    tick_gaps = gaps(recorder.ticks)
    report(f"countdown tick delay (beyond the {TICK_EVERY * 1000:.0f} ms interval)", tick_gaps)
    report(f"event-loop lateness ({PROBE_EVERY * 1000:.0f} ms probe)", recorder.lateness)
    worst = max((v * 1000 for v, _ in tick_gaps), default=0.0)
    verdict = "ok" if worst <= TARGET_MS else "over target"
    print(f"worst countdown stall {worst:.1f} ms (target <= {TARGET_MS:.0f} ms): {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
