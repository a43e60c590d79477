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

from callback_sim.core.models import Question, Score

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


def serve(requests: Connection, replies: Connection) -> None:
    """Warm the scorer, say so, then score requests until the request pipe closes."""
    from callback_sim.core.scoring import warm_up

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
    is started until `start()` or the first `assess`.
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
        #: Whether the current process has warmed up (its "ready" reply was read).
        self.ready = False
        #: Whether an answer is being scored in the process right now.
        self.busy = False
        #: Answers scored in the calling thread because the process could not score them.
        self.fallbacks = 0

    @property
    def pid(self) -> int | None:
        """The live worker process's id, if there is one."""
        process = self._process
        return process.pid if process is not None and process.alive() else None

    def start(self) -> bool:
        """Start the process (it warms up by itself); False when it cannot be started."""
        with self._lock:
            return self._ensure_started() is not None

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
            return score
        self.fallbacks += 1
        return assess_in_process(question, answer, seconds=seconds, time_limit=time_limit)

    def close(self) -> None:
        """End the process and start no other.

        Does not wait for an answer being scored: that wait sees the pipe close and
        finishes the answer in its own thread.
        """
        self._closed = True
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

    def _assess_in_worker(
        self, question: Question, answer: str, seconds: float | None, time_limit: int | None
    ) -> Score | None:
        """The process's score, None when it could not give one (then it is discarded)."""
        process = self._ensure_started()
        if process is None:
            return None
        request_id = next(self._ids)
        deadline = time.monotonic() + self._reply_timeout
        self.busy = True
        try:
            process.requests.send((request_id, question, answer, seconds, time_limit))
            while not self._closed:
                if not process.replies.poll(_POLL):
                    if time.monotonic() > deadline:
                        break  # stuck: replaced below, this answer scored in-process
                    continue
                kind, reply_id, payload = process.replies.recv()
                if kind == "ready":
                    self.ready = True
                elif reply_id == request_id and kind == "score":
                    return payload
                elif reply_id == request_id:
                    raise payload  # the scorer's own error, just as in-process scoring raises it
        except (OSError, EOFError, ValueError, pickle.PickleError):
            pass  # the process died or the pipe broke
        finally:
            self.busy = False
        self._discard(process)
        return None

    def _discard(self, process: _Process | None) -> None:
        if process is None:
            return
        process.end(CLOSE_WAIT)
        if self._process is process:
            self._process, self.ready = None, False


if __name__ == "__main__":
    sys.exit(main())
