"""Run an app until its first screen has settled, then exit on the spot: for bench_startup.

    python startup_probe.py RESULT_FILE callback-sim
    python startup_probe.py RESULT_FILE bare BARE_APP.py

"Settled" is decided inside the process, by events rather than time: a frame has been
written with the app's content ready (callback-sim: the home screen has its data), every
widget has handled its pending messages, no refresh, layout or worker is outstanding and
no frame was written while that was checked. Then the probe writes CPU seconds and wall
seconds to RESULT_FILE and calls `os._exit(0)`, so a run under valgrind counts the
instructions up to that screen and no more (no idle loop, no teardown).

`BENCH_PROBE_HOLD=SECONDS` freezes the process that long before it exits, so the settled
screen can be captured (`tmux capture-pane`) to check what the probe counted up to.

`BENCH_PROBE_FRAMES=FILE` appends one line per frame written (when, full or partial,
which lines), to see what each frame after the first redraws.

`BENCH_PROBE_PROFILE=FILE` writes a cProfile of the main thread up to that screen.

`BENCH_TIMER_SCALE` (default 1) stretches every Textual timer: under valgrind, which runs
code ~50× slower, the app's own timers (bank warm-up at 1 s, the scorer at 3 s) would
otherwise fire in the middle of start-up instead of after it, as they do natively.

The probe changes nothing in the app: it wraps `App._display` (to see frames) and
`Timer.__init__` after those modules are imported, keeping the entry point's import order
(callback-sim turns garbage collection off before it imports Textual).
"""

from __future__ import annotations

import asyncio
import importlib.abc
import importlib.util
import os
import sys
import time
from typing import Any

STARTED = time.perf_counter()
RESULT = sys.argv[1]
WHICH = sys.argv[2]
SCALE = float(os.environ.get("BENCH_TIMER_SCALE", "1"))
FRAMES = [0]
PROFILE: Any = None
if os.environ.get("BENCH_PROBE_PROFILE"):
    import cProfile

    PROFILE = cProfile.Profile()
    PROFILE.enable()
CHECKING = [False]


def ready(app: Any) -> bool:
    """Whether the app's content is in: for callback-sim, the home screen has its data."""
    if WHICH == "bare":
        return True
    screen = app.screen
    return getattr(screen, "data", None) is not None


def pending(app: Any) -> bool:
    screen = app.screen
    if (
        screen._layout_required
        or screen._repaint_required
        or screen._recompose_required
        or screen._dirty_widgets
    ):
        return True
    return any(not worker.is_finished for worker in app.workers)


async def settle(app: Any) -> None:
    from textual.pilot import Pilot

    pilot = Pilot(app)
    checks = 0
    while True:
        checks += 1
        frames = FRAMES[0]
        await pilot._wait_for_screen()
        await asyncio.sleep(0)
        if not pending(app) and FRAMES[0] == frames:
            cpu = os.times()
            with open(RESULT, "w", encoding="utf-8") as out:
                out.write(
                    f"cpu {cpu.user + cpu.system:.4f}\n"
                    f"wall {time.perf_counter() - STARTED:.4f}\n"
                    f"frames {FRAMES[0]}\n"
                    f"checks {checks}\n"
                )
            if PROFILE is not None:
                PROFILE.disable()
                PROFILE.dump_stats(os.environ["BENCH_PROBE_PROFILE"])
            if os.environ.get("BENCH_PROBE_HOLD"):
                time.sleep(float(os.environ["BENCH_PROBE_HOLD"]))  # frozen: to look at it
            os._exit(0)
        await asyncio.sleep(0.002 * SCALE)


def patch_app(module: Any) -> None:
    original = module.App._display

    def _display(self: Any, screen: Any, renderable: Any) -> None:
        original(self, screen, renderable)
        if renderable is None:
            return
        FRAMES[0] += 1
        if os.environ.get("BENCH_PROBE_FRAMES"):
            with open(os.environ["BENCH_PROBE_FRAMES"], "a", encoding="utf-8") as log:
                spans = getattr(renderable, "spans", None) or getattr(renderable, "region", "")
                log.write(
                    f"{time.perf_counter() - STARTED:.3f} {type(renderable).__name__} "
                    f"{str(spans)[:300]}\n"
                )
        if not CHECKING[0] and ready(self):
            CHECKING[0] = True
            asyncio.get_running_loop().create_task(settle(self))

    module.App._display = _display


def patch_timer(module: Any) -> None:
    original = module.Timer.__init__

    def __init__(self: Any, event_target: Any, interval: float, *args: Any, **kwargs: Any) -> None:
        original(self, event_target, interval * SCALE, *args, **kwargs)

    module.Timer.__init__ = __init__


PATCHES = {"textual.app": patch_app, "textual.timer": patch_timer}


class PatchFinder(importlib.abc.MetaPathFinder):
    """Applies PATCHES to a module right after it is first executed."""

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in PATCHES:
            return None
        sys.meta_path.remove(self)
        try:
            spec = importlib.util.find_spec(name)
        finally:
            sys.meta_path.insert(0, self)
        if spec is None or spec.loader is None:
            return None
        loader = spec.loader
        exec_module = loader.exec_module

        def exec_and_patch(module: Any) -> None:
            exec_module(module)
            PATCHES[name](module)

        loader.exec_module = exec_and_patch  # type: ignore[method-assign]
        return spec


sys.meta_path.insert(0, PatchFinder())

if WHICH == "bare":
    path = sys.argv[3]
    sys.argv = [path]
    with open(path, encoding="utf-8") as file:
        source = file.read()
    exec(compile(source, path, "exec"), {"__name__": "__main__"})
else:
    sys.argv = ["callback-sim"]
    from callback_sim.launch import main

    main()
