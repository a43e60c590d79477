"""Print speech figures: worker start-up, rendering a one-sentence question to WAV, the WAV's
duration, and how long stop() and close() take while a question is being read.

Playback uses a stand-in player process that holds the WAV for its duration, so the stop
figures mean the same on machines with and without a sound device. `--quick` repeats less.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from callback_sim.speech import EngineSpeaker, render_wav, wav_duration
from callback_sim.speech.player import Player
from callback_sim.speech.speaker import _start_worker

QUESTION = "Tell me about a time you disagreed with your manager."
LONG_TEXT = "Tell me about a time you disagreed with your manager and what you did next. " * 50
SLEEP_PLAYER = Player(
    "sleep-player",
    (
        sys.executable,
        "-c",
        "import sys, time, wave; w = wave.open(sys.argv[1]); "
        "time.sleep(w.getnframes() / w.getframerate())",
    ),
)


def ms(values: list[float]) -> str:
    return f"median {statistics.median(values) * 1000:.1f} ms, max {max(values) * 1000:.1f} ms"


def speaker() -> EngineSpeaker:
    worker = _start_worker(None)
    engine, voices = worker.handshake()
    return EngineSpeaker(worker=worker, engine=engine, voices=voices, player=SLEEP_PLAYER)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    runs = 2 if parser.parse_args().quick else 8

    startups: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        worker = _start_worker(None)
        worker.handshake()
        startups.append(time.perf_counter() - started)
        worker.close()
    print(f"worker start (python + pyttsx3 + voice list): {ms(startups)}")

    renders: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "q.wav"
        for _ in range(runs):
            started = time.perf_counter()
            render_wav(QUESTION, out, force=True)
            renders.append(time.perf_counter() - started)
        print(f"render_wav one question, incl. worker start: {ms(renders)}")
        print(f"WAV duration of the question: {wav_duration(out):.2f} s")

    speak = speaker()
    in_worker: list[float] = []
    for _ in range(runs):
        # say() -> player started: synthesis inside the warm worker plus process spawn.
        done = threading.Event()
        started = time.perf_counter()
        speak.say(QUESTION, on_done=done.set)
        while speak._procs.player is None and not done.is_set():
            time.sleep(0.001)
        in_worker.append(time.perf_counter() - started)
        speak.stop()
        done.wait(2)
    print(f"say() to playback start, warm worker: {ms(in_worker)}")

    stops: list[float] = []
    for _ in range(runs):
        done = threading.Event()
        speak.say(QUESTION, on_done=done.set)
        while speak._procs.player is None:
            time.sleep(0.001)
        time.sleep(0.2)
        started = time.perf_counter()
        speak.stop()
        done.wait(2)
        stops.append(time.perf_counter() - started)
    print(f"stop() mid-playback until on_done: {ms(stops)}")
    speak.close()

    closes: list[float] = []
    for _ in range(max(1, runs // 2)):
        speak = speaker()
        speak.say(LONG_TEXT)
        time.sleep(0.05)  # the worker is synthesizing ~4,000 characters
        started = time.perf_counter()
        speak.close()
        closes.append(time.perf_counter() - started)
    print(f"close() mid-synthesis: {ms(closes)}")


if __name__ == "__main__":
    main()
