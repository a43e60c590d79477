"""Time to a settled first screen: `callback-sim` against a bare Textual app, both in tmux.

Each run starts a fresh detached tmux session (private server socket), polls
`tmux capture-pane` until a known string is on screen and the screen has stopped
changing, and records the time from launch. Runs alternate between the two apps so
machine noise hits both alike. Prints the medians and their ratio (target ≤ 1.3), plus
how long until callback-sim is fully usable (store and banks loaded, round keys shown).

Both apps run as an installed one does, from compiled bytecode: the package is compiled
first (`compileall`, as pip does when it installs the wheel) and PYTHONDONTWRITEBYTECODE
is cleared for the launched apps. Without that, an environment that sets it makes every
callback-sim run compile its own modules from source (~70 ms) while Textual, installed
by pip, runs from its .pyc files: a cost no installed copy pays.

The data directory is filled in as a user's would be after some weeks: 40 past rounds
(bench_history's builder), a user bank copied from a built-in one and a round-one debrief,
so the home screen shows its recent rounds, banks and company list.

    python benchmarks/bench_startup.py [--runs N] [--quick]
    python benchmarks/bench_startup.py --instructions [--runs N]

`--instructions` counts instead of timing, which a busy machine cannot blur: each app runs
under `startup_probe.py`, which ends the process the moment its first screen has settled
(decided by events, not time), once under valgrind (callgrind) for the instructions
executed up to that screen, in all threads and in the main thread alone (repeatable to
~0.5% and ~0.1%), and `--runs` times natively for the CPU seconds.
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_history import build

#: Past rounds in the benchmark's data directory (the home screen lists the newest 8).
SESSIONS = 40
DEBRIEF = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "debriefs" / "acme.toml"

BARE_APP = """
from textual.app import App
from textual.widgets import Footer, Header, Static


class Bare(App):
    def compose(self):
        yield Header()
        yield Static("bare app ready")
        yield Footer()


Bare().run()
"""

#: The screen counts as settled when it has not changed for this long.
STABLE_FOR = 0.25
POLL_EVERY = 0.01
#: When each run's marker first appeared (diagnostic: the first frame, before it settles).
FIRST_SEEN: list[float] = []


def _capture(base: list[str]) -> str:
    return subprocess.run(
        [*base, "capture-pane", "-p", "-t", "bench"], capture_output=True, text=True
    ).stdout


def measure(
    command: str, marker: str, *, loading: str | None = None, timeout: float = 20.0
) -> tuple[float, float | None]:
    """Seconds until `marker` shows and the screen settles; and until `loading` is gone."""
    socket = f"cs-bench-{os.getpid()}-{time.monotonic_ns()}"
    base = ["tmux", "-L", socket]
    start = time.perf_counter()
    subprocess.run(
        [*base, "new-session", "-d", "-s", "bench", "-x", "100", "-y", "30", command], check=True
    )
    try:
        seen_at: float | None = None
        usable_at: float | None = None
        last = ""
        changed_at = start
        while time.perf_counter() - start < timeout:
            screen = _capture(base)
            now = time.perf_counter()
            if screen != last:
                last, changed_at = screen, now
            if loading and usable_at is None and marker in screen and loading not in screen:
                usable_at = now - start
            if seen_at is None and marker in screen:
                seen_at = now
                FIRST_SEEN.append(now - start)
            settled = seen_at is not None and now - changed_at >= STABLE_FOR
            if settled and (loading is None or usable_at is not None):
                return changed_at - start, usable_at
            time.sleep(POLL_EVERY)
        raise RuntimeError(f"{command!r}: never settled on {marker!r}; last screen:\n{last}")
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)


def fill_home(home: Path, exe: Path) -> None:
    """Rounds, a user bank and a debrief, as the home screen of a regular user shows them."""
    home.mkdir(mode=0o700)
    build(home / "callback-sim.db", SESSIONS)
    env = {**os.environ, "CALLBACK_SIM_HOME": str(home)}
    for args in (
        ["bank", "new", "my-pushback", "--from", "pushback"],
        ["debrief", "import", str(DEBRIEF)],
    ):
        subprocess.run([str(exe), *args], env=env, check=True, capture_output=True)


PROBE = Path(__file__).resolve().parent / "startup_probe.py"
#: Valgrind runs code about this many times slower: the probe stretches Textual's timers
#: by as much, so the app's own (bank warm-up at 1 s) fire as late in its start-up.
VALGRIND_SLOWDOWN = 50


def probe(env: dict[str, str], args: list[str], *, valgrind: bool, tmp: Path) -> dict[str, float]:
    """Run `startup_probe.py ARGS` in a fresh tmux session until it exits; its figures.

    Under valgrind the figures include `instructions` (cachegrind's I refs of the process).
    """
    result = tmp / "probe-result"
    log = tmp / "probe-valgrind.log"
    out = tmp / "probe-callgrind.out"
    result.unlink(missing_ok=True)
    for old in tmp.glob(f"{out.name}*"):
        old.unlink()
    command = [sys.executable, str(PROBE), str(result), *args]
    # A fixed hash seed: set and dict order, and so the work done, the same on every run.
    env = {**env, "PYTHONHASHSEED": "0"}
    if valgrind:
        env["BENCH_TIMER_SCALE"] = str(VALGRIND_SLOWDOWN)
        # Callgrind, one count per thread: the home screen's data is read in a thread
        # while the main thread imports Textual, and the main thread's count is the one
        # that repeats to the instruction; the total moves by ~0.5% with thread timing.
        command = [
            "valgrind",
            "--tool=callgrind",
            "--separate-threads=yes",
            f"--callgrind-out-file={out}",
            f"--log-file={log}",
            *command,
        ]
    setenv = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    socket = f"cs-probe-{os.getpid()}-{time.monotonic_ns()}"
    base = ["tmux", "-L", socket]
    subprocess.run(
        [
            *base,
            "new-session",
            "-d",
            "-s",
            "probe",
            "-x",
            "100",
            "-y",
            "30",
            f"env {setenv} {shlex.join(command)}",
        ],
        check=True,
    )
    try:
        deadline = time.monotonic() + (600 if valgrind else 30)
        while time.monotonic() < deadline:
            alive = subprocess.run([*base, "has-session", "-t", "probe"], capture_output=True)
            if alive.returncode != 0:
                break
            time.sleep(0.05)
        else:
            raise RuntimeError(f"{args}: the probe did not finish")
    finally:
        subprocess.run([*base, "kill-server"], capture_output=True)
    if not result.exists():
        raise RuntimeError(f"{args}: the probe never saw a settled screen")
    figures = {
        key: float(value)
        for key, value in (line.split() for line in result.read_text().splitlines())
    }
    if valgrind:
        refs = re.search(r"Collected\s*:\s*(\d+)", log.read_text())
        if refs is None:
            raise RuntimeError(f"no instruction count in {log}")
        figures["instructions"] = int(refs.group(1))
        main = out.with_name(f"{out.name}-01")
        summary = re.search(r"^summary:\s*(\d+)", main.read_text(), re.MULTILINE)
        figures["main_thread"] = int(summary.group(1)) if summary else figures["instructions"]
    return figures


def instructions(home: Path, bare: Path, runs: int, tmp: Path, compare: Path | None) -> None:
    """Instructions (valgrind) and CPU seconds (median of `runs`) to the settled screen."""
    apps = {
        "bare Textual app": ({}, ["bare", str(bare)]),
        "callback-sim": ({"CALLBACK_SIM_HOME": str(home)}, ["callback-sim"]),
    }
    if compare is not None:
        compare_home = tmp / "home-compare"
        shutil.copytree(home, compare_home)
        apps[f"compare {compare}"] = (
            {"CALLBACK_SIM_HOME": str(compare_home), "PYTHONPATH": str(compare.resolve())},
            ["callback-sim"],
        )
    for env, args in apps.values():
        probe(env, args, valgrind=False, tmp=tmp)  # warm-up
    cpu: dict[str, list[float]] = {name: [] for name in apps}
    for _ in range(runs):
        for name, (env, args) in apps.items():
            cpu[name].append(probe(env, args, valgrind=False, tmp=tmp)["cpu"])
    counted = {name: probe(env, args, valgrind=True, tmp=tmp) for name, (env, args) in apps.items()}
    bare_ins = counted["bare Textual app"]["instructions"]
    bare_cpu = statistics.median(cpu["bare Textual app"])
    bare_main = counted["bare Textual app"]["main_thread"]
    for name in apps:
        ins = counted[name]["instructions"]
        main = counted[name]["main_thread"]
        median = statistics.median(cpu[name])
        print(
            f"{name:<18} {ins / 1e6:,.0f} M instructions (ratio {ins / bare_ins:.3f}; "
            f"main thread {main / 1e6:,.0f} M, ratio {main / bare_main:.3f}); "
            f"CPU median {median:.3f} s ({_list(cpu[name])}; ratio {median / bare_cpu:.2f})"
        )


def compile_package(src: Path) -> None:
    """Bytecode for a checkout's callback_sim, as a wheel install has it."""
    compileall.compile_dir(src / "callback_sim", quiet=1)


def _list(times: list[float]) -> str:
    return ", ".join(f"{t:.3f}" for t in times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each app (default 5)")
    parser.add_argument("--quick", action="store_true", help="2 runs each, for CI")
    parser.add_argument(
        "--compare",
        metavar="SRC",
        type=Path,
        help="also time another checkout's callback_sim (e.g. a worktree of main), "
        "run with this Python: before/after figures on the same machine load",
    )
    parser.add_argument(
        "--instructions",
        action="store_true",
        help="count instructions (valgrind) and CPU seconds to the settled screen instead",
    )
    args = parser.parse_args()
    runs = 2 if args.quick else args.runs
    python = sys.executable
    exe = Path(python).parent / "callback-sim"
    import callback_sim

    compile_package(Path(callback_sim.__file__).resolve().parent.parent)
    if args.compare:
        compile_package(args.compare.resolve())
    # Launched with bytecode writes allowed (tmux passes this environment on).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="cs-bench-") as tmp:
        bare = Path(tmp) / "bare.py"
        bare.write_text(BARE_APP, encoding="utf-8")
        home = Path(tmp) / "home"
        fill_home(home, exe)
        if args.instructions:
            instructions(home, bare, runs, Path(tmp), args.compare)
            return 0
        apps = {"bare Textual app": (f"{python} {bare}", "bare app ready", None)}
        apps["callback-sim"] = (
            f"env CALLBACK_SIM_HOME={home} {exe}",
            "Recent rounds",
            "Loading your rounds",
        )
        if args.compare:
            # A copy of the data directory of its own: the bank cache is keyed by where the
            # built-in banks are, so sharing one made each checkout's run rebuild it.
            compare_home = Path(tmp) / "home-compare"
            shutil.copytree(home, compare_home)
            apps[f"compare {args.compare}"] = (
                f"env CALLBACK_SIM_HOME={compare_home} PYTHONPATH={args.compare.resolve()} "
                f"{python} -m callback_sim",
                "Recent rounds",
                "Loading your rounds",
            )
        # One warm-up each: the first run pays for .pyc compilation and database creation.
        for command, marker, loading in apps.values():
            measure(command, marker, loading=loading)
        settled: dict[str, list[float]] = {name: [] for name in apps}
        first: dict[str, list[float]] = {name: [] for name in apps}
        for _ in range(runs):
            for name, (command, marker, loading) in apps.items():
                settled[name].append(measure(command, marker, loading=loading)[0])
                first[name].append(FIRST_SEEN[-1])
    bare_median = statistics.median(settled["bare Textual app"])
    print(f"runs: {runs} of each, alternating (settled = unchanged for {STABLE_FOR:.2f} s)")
    for name, times in settled.items():
        median = statistics.median(times)
        print(
            f"{name:<18} settled median {median:.3f} s ({_list(times)}); "
            f"first frame {statistics.median(first[name]):.3f} s; "
            f"ratio {median / bare_median:.2f}"
        )
    ratio = statistics.median(settled["callback-sim"]) / bare_median
    print(f"ratio {ratio:.2f} (target <= 1.3): {'ok' if ratio <= 1.3 else 'over target'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
