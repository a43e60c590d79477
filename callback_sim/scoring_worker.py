"""Scoring answers in a long-lived child process, so the TUI's own process never does it.

Scoring in a thread of the TUI shared the interpreter lock with the event loop: loading
the word list and the word vectors (one `json.load` holds the lock for its whole parse)
and scoring long answers stalled the countdown, and the scorer's many objects made every
full garbage collection of the TUI slower. `ScoringWorker` keeps one child process,
`python -m callback_sim.scoring_worker` (a fresh interpreter, as multiprocessing's 'spawn'
makes, but without re-running the parent's main script in it; forking a process that
runs threads is unsafe), that warms the scorer once and then scores each answer it is
sent with the very function in-process scoring uses (`core.assess.assess_answer`).
Requests and replies are pickled over its stdin and stdout.

It never loses or fails to score an answer: when the process cannot start, dies, or
gives no reply in time, that answer (and, after `MAX_STARTS` failed processes, every
later one) is scored in the calling thread instead. The child exits when its pipe
closes, so it ends with the TUI, however the TUI ends (quit, crash, kill -9). This is an
edge module: `core` does not know the process exists.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, Protocol

from callback_sim.core.models import Question, RubricTerm, Score

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

#: Longest wait for one answer's score, warm-up included, before the worker counts as stuck.
REPLY_TIMEOUT = 20.0
#: Processes started at most this many times in one run; then scoring stays in-process.
MAX_STARTS = 3
#: How long ending the process waits for it to be gone (seconds).
CLOSE_WAIT = 0.5
#: How often a wait for a reply looks at whether the worker was closed (seconds).
_POLL = 0.05
#: How the worker is started; tests pass another command to simulate a broken one.
WORKER_COMMAND: tuple[str, ...] = (sys.executable, "-m", "callback_sim.scoring_worker")


class Assess(Protocol):
    """What the round screen calls to score one answer (`core.assess.assess_answer`'s shape)."""

    def __call__(
        self, question: Question, answer: str, *, seconds: float | None, time_limit: int | None
    ) -> Score: ...


def assess_in_process(
    question: Question, answer: str, *, seconds: float | None, time_limit: int | None
) -> Score:
    """Score in the calling thread: the fallback, and what the worker must match exactly."""
    from callback_sim.core.assess import assess_answer

    return assess_answer(question, answer, seconds=seconds, time_limit=time_limit)


def _own_pipes() -> tuple[Connection, Connection]:
    """Take stdin and stdout as the request and reply pipes; point fds 0-2 at the null device.

    Nothing the scorer's libraries print can then reach the TUI's terminal or the replies.
    """
    from multiprocessing.connection import Connection

    requests = Connection(os.dup(0), writable=False)
    replies = Connection(os.dup(1), readable=False)
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)
    return requests, replies


def _portable(exc: BaseException) -> BaseException:
    """The scorer's exception if it survives pickling, else a RuntimeError naming it."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


#: Scored once while warming up, so that what the scorer builds on first use (beyond
#: `warm_up`'s word list and vectors) is built before the first real answer arrives.
_WARM_UP_QUESTION = Question(
    id="warm-up",
    prompt="Tell me about a launch you led.",
    category="pushback",
    rubric=(RubricTerm("Measurable outcome", ("reduced churn", "percent")),),
    avoid=(RubricTerm("Blames others", ("their fault",)),),
)
_WARM_UP_ANSWER = (
    "I led the relaunch of our billing app with six engineers, and we reduced churn "
    "by twelve percent in two quarters because we measured cancellations every week."
)


def warm_up() -> None:
    """Load the scorer's word list and vectors and score one sample answer."""
    from callback_sim.core.scoring import warm_up as load_tables

    load_tables()
    assess_in_process(_WARM_UP_QUESTION, _WARM_UP_ANSWER, seconds=60, time_limit=120)


def serve(requests: Connection, replies: Connection) -> None:
    """Warm the scorer, say so, then score requests until the request pipe closes."""
    try:
        warm_up()
        replies.send(("ready", None, os.getpid()))
    except (OSError, EOFError):
        return  # the TUI is gone already
    while True:
        try:
            request = requests.recv()
        except (OSError, EOFError):
            return
        if request is None:
            return
        request_id, question, answer, seconds, time_limit = request
        try:
            score = assess_in_process(question, answer, seconds=seconds, time_limit=time_limit)
        except Exception as exc:  # a scorer bug is the caller's to report, as in-process
            reply: tuple[str, int, Any] = ("error", request_id, _portable(exc))
        else:
            reply = ("score", request_id, score)
        try:
            replies.send(reply)
        except (OSError, EOFError):
            return


def main() -> int:
    """`python -m callback_sim.scoring_worker`: serve the parent on stdin and stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the TUI decides what ctrl+c means
    serve(*_own_pipes())
    return 0


class _Process:
    """The worker child and the two pipe ends this process holds."""

    def __init__(self, command: Sequence[str]) -> None:
        from multiprocessing.connection import Connection

        self.proc = subprocess.Popen(
            list(command),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # keyboard signals for the TUI are not the worker's
        )
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.requests = Connection(os.dup(self.proc.stdin.fileno()), readable=False)
        self.replies = Connection(os.dup(self.proc.stdout.fileno()), writable=False)
        self.proc.stdin.close()
        self.proc.stdout.close()
        #: Whether it has warmed up (its "ready" message was read).
        self.ready = False

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def end(self, wait: float) -> None:
        """Close the pipes and kill the worker: it keeps no state, and letting its
        interpreter shut down by itself (numpy and all) would hold up quitting."""
        for conn in (self.requests, self.replies):
            with contextlib.suppress(OSError):
                conn.close()
        with contextlib.suppress(OSError):
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=wait)


class ScoringWorker:
    """One scoring process for the app's run; `assess` is safe to call from any thread.

    Requests are answered one at a time (a round submits one answer at a time). Nothing
    is started until `start()` or the first `assess`. Until the process has warmed up,
    answers are scored in the calling thread, as they were before it existed: the first
    answer never waits for a cold process.
    """

    def __init__(
        self,
        *,
        command: Sequence[str] | None = None,
        reply_timeout: float = REPLY_TIMEOUT,
    ) -> None:
        self._command = tuple(command or WORKER_COMMAND)
        self._reply_timeout = reply_timeout
        self._lock = threading.Lock()
        self._process: _Process | None = None
        self._ids = itertools.count(1)
        self._closed = False
        #: Processes started so far (a dead or stuck one is replaced, up to MAX_STARTS).
        self.starts = 0
        #: Whether an answer is being scored in the process right now.
        self.busy = False
        #: Answers scored in the process, and in the calling thread instead.
        self.in_worker = 0
        self.in_process = 0

    @property
    def pid(self) -> int | None:
        """The live worker process's id, if there is one."""
        process = self._process
        return process.pid if process is not None and process.alive() else None

    def start(self) -> bool:
        """Start the process (it warms up by itself); False when it cannot be started."""
        with self._lock:
            return self._ensure_started() is not None

    def wait_ready(self, timeout: float) -> bool:
        """Start the process if need be and wait up to `timeout` s until it has warmed up."""
        with self._lock:
            process = self._ensure_started()
            return process is not None and self._ready(process, timeout)

    def assess(
        self,
        question: Question,
        answer: str,
        *,
        seconds: float | None = None,
        time_limit: int | None = None,
    ) -> Score:
        """Score one answer in the process, or in this thread when the process cannot."""
        with self._lock:
            score = self._assess_in_worker(question, answer, seconds, time_limit)
        if score is not None:
            self.in_worker += 1
            return score
        self.in_process += 1
        return assess_in_process(question, answer, seconds=seconds, time_limit=time_limit)

    def close(self) -> None:
        """End the process and start no other; an answer being scored is let finish first."""
        self._closed = True
        if not self.busy:
            self._discard(self._process)

    # -- inside the lock ----------------------------------------------------------------

    def _ensure_started(self) -> _Process | None:
        if self._closed:
            return None
        process = self._process
        if process is not None and process.alive():
            return process
        self._discard(process)
        if self.starts >= MAX_STARTS:
            return None
        self.starts += 1
        try:
            process = _Process(self._command)
        except OSError:
            return None
        self._process = process
        if self._closed:  # closed while it started (the app quit meanwhile)
            self._discard(process)
            return None
        return process

    def _ready(self, process: _Process, timeout: float) -> bool:
        """Whether `process` has sent "ready" (reading it, waiting up to `timeout`)."""
        if process.ready:
            return True
        try:
            if process.replies.poll(timeout):
                kind, _, _ = process.replies.recv()
                process.ready = kind == "ready"
        except (OSError, EOFError, ValueError, pickle.PickleError):
            self._discard(process)  # it failed to start or warm up
        return process.ready

    def _assess_in_worker(
        self, question: Question, answer: str, seconds: float | None, time_limit: int | None
    ) -> Score | None:
        """The process's score; None when it is not warm yet or could not give one (a
        process that died or stuck is discarded, so the next answer starts another)."""
        process = self._ensure_started()
        if process is None or not self._ready(process, 0):
            return None
        request_id = next(self._ids)
        deadline = time.monotonic() + self._reply_timeout
        self.busy = True
        try:
            process.requests.send((request_id, question, answer, seconds, time_limit))
            while time.monotonic() < deadline:
                if not process.replies.poll(_POLL):
                    continue
                kind, reply_id, payload = process.replies.recv()
                if reply_id == request_id and kind == "score":
                    return payload
                if reply_id == request_id:
                    raise payload  # the scorer's own error, just as in-process scoring raises it
        except (OSError, EOFError, ValueError, pickle.PickleError):
            pass  # the process died or the pipe broke
        finally:
            self.busy = False
            if self._closed:
                self._discard(process)
        self._discard(process)  # dead or stuck: this answer is scored in-process
        return None

    def _discard(self, process: _Process | None) -> None:
        if process is None:
            return
        process.end(CLOSE_WAIT)
        if self._process is process:
            self._process = None


if __name__ == "__main__":
    sys.exit(main())
