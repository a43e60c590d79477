"""Does the round countdown keep ticking while speech and scoring run? (target: no stall > 100 ms)

Runs the real app in Textual's Pilot with the real clock, the real speech worker (pyttsx3
and espeak-ng in a child process; playback by a stand-in player that holds each WAV for
its duration, as in bench_speech) and the real scorer. It plays a quick round of built-in
questions: each question is read aloud while the countdown runs, a 500-word answer is put
in, and ctrl+s scores and saves it (in the app's scoring process once that has warmed up,
in a thread before) and puts up the next question.

It records two things on the event loop: every countdown tick (the screen ticks every
TICK_EVERY s, so a stall is a gap longer than that) and a 5 ms probe's lateness (how long
any callback held the loop while an answer's countdown ran, leaving out the benchmark's
own pasting of the answer). A countdown stall is a tick gap while an answer's countdown
runs; the gap from a submit to the next question (saving, scoring) is printed apart.
Each sample is tagged with what else was going on (speech being rendered or played, an
answer being scored, the scorer warming up, a garbage collection, the first repaint
after the paste, a question being put up), and the worst of each is printed, so a stall
can be traced to its cause. Probe delays of 50 ms or more are split into the event
loop's CPU time, other threads' CPU time, and time the process did not run at all (the
OS gave it no CPU: nothing in the process can help that). `--trace` also samples every
thread's stack during the worst stalls; `--no-speech` and `--no-scoring` switch those
off to isolate them.

    python benchmarks/bench_countdown.py [--questions N] [--runs N] [--trace]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import statistics
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_speech import speaker as real_speaker

from callback_sim.context import AppContext
from callback_sim.tui.app import CallbackSimApp
from callback_sim.tui.screens import round as round_screen
from callback_sim.tui.screens.round import TICK_EVERY, RoundScreen

TARGET_MS = 100.0
#: Probe delays at least this long are broken down into what the process did meanwhile.
STALL = 0.05
PROBE_EVERY = 0.005
#: How long after the paste and after a question is put up their repaints are tagged.
AFTER_PASTE = 1.0
AFTER_START = 0.5
SENTENCE = (
    "I led the relaunch of our billing app with six engineers and we reduced churn by "
    "twelve percent in two quarters because we measured cancellations weekly and changed "
    "the onboarding flow instead of adding discounts which was the trade off I chose"
)
WORDS = SENTENCE.split(" ")


def answer_text(words: int = 500) -> str:
    return " ".join(WORDS[i % len(WORDS)] for i in range(words)) + "."


@dataclass(frozen=True)
class Sample:
    """One measured delay (seconds), whether a countdown ran, and what else was going on."""

    late: float
    countdown: bool
    tags: frozenset[str]
    at: float = 0.0  # when the delay ended (perf_counter)
    #: CPU time the event-loop thread and the process's other threads used meanwhile.
    loop_cpu: float = 0.0
    other_cpu: float = 0.0


class Recorder:
    """Tick times, probe lateness, and what was running at each."""

    def __init__(self, app: CallbackSimApp) -> None:
        self.app = app
        self.ticks: list[tuple[float, bool, frozenset[str]]] = []
        self.lateness: list[Sample] = []
        #: Set while the benchmark itself pastes an answer (its time is not the app's).
        self.pasting = False
        self.pasted_at = -1e9
        self.started_at = -1e9
        #: Garbage collections: (generation, start, end), from gc.callbacks, and the
        #: CPU time each took (thread time: apart from waiting for a CPU under load).
        self.collections: list[tuple[int, float, float]] = []
        self.collection_cpu: list[float] = []
        self._gc_started = (0.0, 0.0)

    def on_gc(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._gc_started = (time.perf_counter(), time.thread_time())
        else:
            started, cpu = self._gc_started
            self.collections.append((info["generation"], started, time.perf_counter()))
            self.collection_cpu.append(time.thread_time() - cpu)

    def collected(self, start: float, end: float) -> list[tuple[int, float]]:
        """Collections (generation, ms) that ran between `start` and `end`."""
        return [(g, (b - a) * 1000) for g, a, b in self.collections if a >= start and b <= end]

    def counting(self) -> bool:
        """Whether an answer's countdown is running (not pasting, not between questions)."""
        screen = self.app.screen
        return (
            isinstance(screen, RoundScreen)
            and screen.round.answering
            and not screen.round.paused
            and not self.pasting
        )

    def tags(self) -> frozenset[str]:
        now = time.perf_counter()
        found: set[str] = set()
        speaker = self.app.voice.speaker
        if speaker is not None and getattr(speaker, "_current", None) is not None:
            playing = speaker._procs.player is not None  # type: ignore[attr-defined]
            found.add("speech playing" if playing else "speech rendering")
        running = {w.name for w in self.app.workers if not w.is_finished}
        if "save-answer" in running:
            found.add("scoring")
        if running & {"warm-scorer", "warm-banks"}:
            found.add("warming up")
        # The scoring process, where there is one (callback_sim.scoring_worker).
        worker = getattr(self.app, "_scoring", None)
        if worker is not None and worker.busy:
            found.add("scoring in its process")
        if now - self.pasted_at < AFTER_PASTE:
            found.add("after paste")
        if now - self.started_at < AFTER_START:
            found.add("question start")
        if self.collections and now - self.collections[-1][2] < 0.05:
            found.add(f"gc gen {self.collections[-1][0]}")
        return frozenset(found)

    def tick(self) -> None:
        self.ticks.append((time.perf_counter(), self.counting(), self.tags()))

    async def probe(self) -> None:
        while True:
            counting, tags = self.counting(), self.tags()
            before, loop_cpu, all_cpu = time.perf_counter(), time.thread_time(), time.process_time()
            await asyncio.sleep(PROBE_EVERY)
            now = time.perf_counter()
            loop_cpu = time.thread_time() - loop_cpu
            other_cpu = time.process_time() - all_cpu - loop_cpu
            late = now - before - PROBE_EVERY
            # Only while a countdown runs (not while the round or summary screen composes).
            if counting and self.counting():
                self.lateness.append(
                    Sample(late, True, tags | self.tags(), now, loop_cpu, other_cpu)
                )

    def tick_gaps(self) -> list[Sample]:
        """Time between consecutive ticks beyond the interval; a countdown stall when both
        ticks fell while an answer's countdown ran."""
        out = []
        for (a, count_a, tags_a), (b, count_b, tags_b) in zip(
            self.ticks, self.ticks[1:], strict=False
        ):
            out.append(Sample(b - a - TICK_EVERY, count_a and count_b, tags_a | tags_b, b))
        return out


class StallTracer:
    """Samples every thread's stack while the event loop is late, to say what a stall is made of.

    A heartbeat on the loop stamps the time every 2 ms; a watchdog thread looks every 5 ms
    and, when the stamp is older than `threshold`, records each thread's innermost frames.
    The main thread's frames changing means the loop itself is busy; the main thread idle
    in `select` while a worker's frames move means the loop is waiting for the GIL.
    """

    def __init__(self, threshold: float = 0.04) -> None:
        self.threshold = threshold
        #: Samples are kept only while this says the round screen is up (set by `run`),
        #: each labelled with `phase()`.
        self.active: Callable[[], bool] = lambda: True
        self.phase: Callable[[], str] = lambda: ""
        self.started = time.perf_counter()
        self.beat = time.perf_counter()
        self.stalls: list[list[dict[str, str]]] = []
        self._current: list[dict[str, str]] | None = None
        self._stop = threading.Event()
        self._main = threading.main_thread().ident

    async def heartbeat(self) -> None:
        while True:
            self.beat = time.perf_counter()
            await asyncio.sleep(0.002)

    def start(self) -> None:
        threading.Thread(target=self._watch, name="stall-tracer", daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        while not self._stop.wait(0.005):
            late = time.perf_counter() - self.beat
            if late < self.threshold or not self.active():
                if self._current:
                    self.stalls.append(self._current)
                self._current = None
                continue
            names = {t.ident: t.name for t in threading.enumerate()}
            sample = {
                "late": f"{late * 1000:.0f}",
                "at": f"{time.perf_counter() - self.started:.2f} s, {self.phase()}",
            }
            for ident, frame in sys._current_frames().items():
                if ident == threading.get_ident():
                    continue
                stack = traceback.extract_stack(frame)[-4:]
                where = " < ".join(
                    f"{Path(f.filename).name}:{f.lineno}:{f.name}" for f in reversed(stack)
                )
                sample["MAIN" if ident == self._main else names.get(ident, str(ident))] = where
            if self._current is None:
                self._current = []
            self._current.append(sample)

    def report(self, top: int = 6) -> None:
        worst = sorted(self.stalls, key=lambda s: -max(int(x["late"]) for x in s))[:top]
        for stall in worst:
            longest = max(int(x["late"]) for x in stall)
            print(f"\n-- stall of at least {longest} ms at {stall[0]['at']} ({len(stall)} samples)")
            per_thread: dict[str, Counter[str]] = {}
            for sample in stall:
                for name, where in sample.items():
                    if name not in ("late", "at"):
                        per_thread.setdefault(name, Counter())[where] += 1
            for name, counts in per_thread.items():
                for where, n in counts.most_common(2):
                    print(f"  {name[:26]:26} x{n:<3} {where[:150]}")


async def run(
    home: Path, questions: int, *, speech: bool = True, tracer: StallTracer | None = None
) -> Recorder:
    home.mkdir(mode=0o700)
    (home / "config.toml").write_text(
        f'voice = {str(speech).lower()}\nfeedback = "end"\nquestion_count = {questions}\n',
        encoding="utf-8",
    )
    app = CallbackSimApp(AppContext.create(str(home)), speaker=real_speaker() if speech else None)
    recorder = Recorder(app)
    gc.callbacks.append(recorder.on_gc)
    original_tick = RoundScreen.tick
    original_start = RoundScreen.start_question

    def tick(screen: RoundScreen) -> None:
        recorder.tick()
        original_tick(screen)

    def start_question(screen: RoundScreen, draft: object = None) -> None:
        recorder.started_at = time.perf_counter()
        original_start(screen, draft)  # type: ignore[arg-type]

    round_screen.RoundScreen.tick = tick  # type: ignore[method-assign]
    round_screen.RoundScreen.start_question = start_question  # type: ignore[method-assign]
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            while app.home_data is None:
                await pilot.pause(0.01)
            probe = asyncio.create_task(recorder.probe())
            beat = None
            if tracer is not None:
                tracer.active = lambda: isinstance(app.screen, RoundScreen) and not recorder.pasting
                tracer.phase = lambda: "countdown" if recorder.counting() else "between questions"
                beat = asyncio.create_task(tracer.heartbeat())
                tracer.start()
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
                recorder.pasted_at = time.perf_counter()
                await pilot.pause(0.3)
                await pilot.press("ctrl+s")
                while screen.round.position == position and app.screen is screen:
                    await pilot.pause(0.01)
                if app.screen is not screen:
                    break
            await pilot.pause(0.5)
            probe.cancel()
            if tracer is not None and beat is not None:
                tracer.stop()
                beat.cancel()
            app.voice.close()
    finally:
        gc.callbacks.remove(recorder.on_gc)
        round_screen.RoundScreen.tick = original_tick  # type: ignore[method-assign]
        round_screen.RoundScreen.start_question = original_start  # type: ignore[method-assign]
    return recorder


def worst_ms(samples: list[Sample]) -> float:
    return max((s.late * 1000 for s in samples), default=0.0)


def report(name: str, samples: list[Sample]) -> None:
    """The worst delay overall and with each thing that was going on."""
    counted = [s for s in samples if s.countdown]
    values = [s.late * 1000 for s in counted]
    median = statistics.median(values) if values else 0.0
    print(
        f"{name}: {len(values)} samples while a countdown ran, median {median:.1f} ms, "
        f"worst {worst_ms(counted):.1f} ms"
    )
    tags = sorted({t for s in counted for t in s.tags})
    for tag in tags:
        with_tag = [s for s in counted if tag in s.tags]
        print(f"    with {tag:18} {len(with_tag):5} samples, worst {worst_ms(with_tag):6.1f} ms")
    alone = [s for s in counted if not s.tags]
    print(f"    {'with nothing else':23} {len(alone):5} samples, worst {worst_ms(alone):6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5, help="questions in the round")
    parser.add_argument("--runs", type=int, default=1, help="rounds to play (worst of each)")
    parser.add_argument("--quick", action="store_true", help="a 1-question round (for CI)")
    parser.add_argument("--no-speech", action="store_true", help="voice off (to isolate)")
    parser.add_argument(
        "--no-scoring", action="store_true", help="save answers unscored (to isolate)"
    )
    parser.add_argument(
        "--trace", action="store_true", help="print what every thread ran during the worst stalls"
    )
    parser.add_argument(
        "--switch-interval", type=float, help="sys.setswitchinterval for the run (seconds)"
    )
    args = parser.parse_args()
    if args.switch_interval:
        sys.setswitchinterval(args.switch_interval)
    questions = 1 if args.quick else args.questions
    if args.no_scoring:
        import callback_sim.core.assess

        # A diagnostic switch only: answers are saved without a score.
        callback_sim.core.assess.assess_answer = lambda *a, **k: None  # type: ignore[assignment,return-value]
    worsts: list[float] = []
    overall: list[float] = []
    for number in range(1, args.runs + 1):
        tracer = StallTracer() if args.trace else None
        with tempfile.TemporaryDirectory(prefix="cs-bench-") as tmp:
            recorder = asyncio.run(
                run(Path(tmp) / "home", questions, speech=not args.no_speech, tracer=tracer)
            )
        if tracer is not None:
            tracer.report()
        gaps = recorder.tick_gaps()
        print(f"\nrun {number}:")
        report(f"  countdown tick delay (beyond the {TICK_EVERY * 1000:.0f} ms interval)", gaps)
        report(f"  event-loop lateness ({PROBE_EVERY * 1000:.0f} ms probe)", recorder.lateness)
        first = recorder.ticks[0][0] if recorder.ticks else 0.0
        for gap in sorted((g for g in gaps if g.countdown), key=lambda g: -g.late)[:3]:
            start = gap.at - gap.late - TICK_EVERY
            inside = [s.late for s in recorder.lateness if start <= s.at <= gap.at + 0.001]
            collected = ", ".join(
                f"gen {g} {ms:.0f} ms" for g, ms in recorder.collected(start, gap.at) if ms >= 1
            )
            print(
                f"    gap of {gap.late * 1000:.0f} ms ending {gap.at - first:.2f} s into the "
                f"round, tags {sorted(gap.tags)}, worst probe inside "
                f"{max(inside, default=0) * 1000:.0f} ms ({len(inside)} probes)"
                + (f"; garbage collection: {collected}" if collected else "")
            )
        pauses = [
            (g, (b - a) * 1000, cpu * 1000)
            for (g, a, b), cpu in zip(recorder.collections, recorder.collection_cpu, strict=True)
        ]
        for generation in (0, 1, 2):
            ms = [(m, cpu) for g, m, cpu in pauses if g == generation]
            if ms:
                print(
                    f"  garbage collection gen {generation}: {len(ms)} times, worst "
                    f"{max(m for m, _ in ms):.1f} ms ({max(c for _, c in ms):.1f} ms of CPU), "
                    f"total {sum(m for m, _ in ms):.0f} ms"
                )
        long = [s for s in recorder.lateness if s.late >= STALL]
        if long:
            wall = sum(s.late + PROBE_EVERY for s in long)
            loop = sum(s.loop_cpu for s in long)
            other = sum(s.other_cpu for s in long)
            idle = max(0.0, 1 - (loop + other) / wall)
            print(
                f"  {len(long)} probe delays of {STALL * 1000:.0f} ms or more, "
                f"{wall * 1000:.0f} ms in all: the event loop ran {loop / wall:.0%} of it, "
                f"other threads of this process {other / wall:.0%}, and for {idle:.0%} "
                "the process ran not at all (waiting for a CPU)"
            )
        between = [s for s in gaps if not s.countdown]
        print(
            f"  tick delay between questions (saving, next question), not counted: "
            f"worst {worst_ms(between):.1f} ms"
        )
        worsts.append(worst_ms([s for s in gaps if s.countdown]))
        overall.append(worst_ms(gaps))
    worst = max(worsts)
    verdict = "ok" if worst <= TARGET_MS else "over target"
    each = ", ".join(f"{w:.0f}" for w in worsts)
    print(
        f"\nworst countdown stall {worst:.1f} ms (runs: {each} ms; "
        f"target <= {TARGET_MS:.0f} ms): {verdict}"
    )
    each = ", ".join(f"{w:.0f}" for w in overall)
    print(f"worst tick delay of any kind, also between questions: {max(overall):.1f} ms ({each})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
