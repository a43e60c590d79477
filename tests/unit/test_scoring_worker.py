"""The scoring process: it scores exactly what in-process scoring scores, and every way it
can fail (never started, died, stuck, killed with its parent) still scores the answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from callback_sim.core.banks import load_bank_set
from callback_sim.core.claims import extract_claims
from callback_sim.core.models import Question, RubricTerm
from callback_sim.paths import builtin_banks_dir
from callback_sim.scoring_worker import MAX_STARTS, ScoringWorker, assess_in_process

#: Generous: a cold process imports numpy and loads the word vectors on a busy machine.
READY_WITHIN = 120.0

STRONG = (
    "I led the relaunch of our billing app with six engineers. We reduced churn by 12% in "
    "two quarters because we measured cancellations weekly and I chose to change the "
    "onboarding flow instead of adding discounts; the trade-off was a slower quarter."
)
ANSWERS = (
    STRONG,
    "",
    "um, like, I guess we kind of did stuff, you know",
    "Ich habe das Team geführt — 学习 — and we cut costs by 30 % 🚀 in Q3.",
    " ".join([STRONG] * 12),
)


def builtin_questions(count: int = 6) -> list[Question]:
    banks = load_bank_set(builtin_banks_dir(), Path("/nonexistent/user/banks"))
    return [q for bank in banks.banks for q in bank.questions][:count]


def seeded_question() -> Question:
    """A question with round-one facts, whose answers get consistency flags."""
    claims = extract_claims("We cut churn by 12% in two quarters with a team of five.")
    return Question(
        id="seed-1",
        prompt="You said you cut churn by 12% with a team of five. Walk me through it.",
        category="pushback",
        rubric=(RubricTerm("Measurable outcome", ("percent", "reduced")),),
        claims=claims,
    )


@pytest.fixture
def worker() -> Iterator[ScoringWorker]:
    w = ScoringWorker()
    yield w
    w.close()


def gone(pid: int) -> bool:
    """Whether process `pid` has ended (a zombie nobody reaps counts as ended)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")


def wait_until_gone(pid: int, within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while not gone(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_the_worker_scores_exactly_what_in_process_scoring_scores(worker: ScoringWorker) -> None:
    assert worker.wait_ready(READY_WITHIN)
    questions = [*builtin_questions(), seeded_question()]
    for question in questions:
        for answer in ANSWERS:
            for seconds in (None, 75.0, 400.0):
                expected = assess_in_process(
                    question, answer, seconds=seconds, time_limit=question.time_limit
                )
                got = worker.assess(
                    question, answer, seconds=seconds, time_limit=question.time_limit
                )
                assert got == expected, (question.id, answer[:30], seconds)
    assert worker.in_worker == len(questions) * len(ANSWERS) * 3
    assert worker.in_process == 0
    # The seeded question's round-one facts reach the worker: a drift is flagged there too.
    drift = worker.assess(seeded_question(), "Churn fell 20% with a team of eight.")
    assert drift.consistency


def test_answers_before_the_worker_is_warm_are_scored_in_process(worker: ScoringWorker) -> None:
    question = builtin_questions(1)[0]
    assert worker.start()
    # Straight after the start the process is still loading; the answer does not wait.
    score = worker.assess(question, STRONG, seconds=60, time_limit=120)
    assert score == assess_in_process(question, STRONG, seconds=60, time_limit=120)
    assert worker.in_process == 1
    assert worker.wait_ready(READY_WITHIN)
    worker.assess(question, STRONG, seconds=60, time_limit=120)
    assert worker.in_worker == 1


def test_a_dead_worker_falls_back_and_is_replaced(worker: ScoringWorker) -> None:
    question = builtin_questions(1)[0]
    assert worker.wait_ready(READY_WITHIN)
    first = worker.pid
    assert first is not None
    os.kill(first, signal.SIGKILL)
    assert wait_until_gone(first)
    score = worker.assess(question, STRONG, seconds=60, time_limit=120)
    assert score == assess_in_process(question, STRONG, seconds=60, time_limit=120)
    assert worker.in_process == 1
    # The next answer starts a fresh process, which then scores.
    assert worker.wait_ready(READY_WITHIN)
    assert worker.pid not in (None, first)
    assert worker.starts == 2
    assert worker.assess(question, STRONG, seconds=60, time_limit=120) == score
    assert worker.in_worker == 1


def test_a_worker_that_cannot_start_scores_in_process() -> None:
    question = builtin_questions(1)[0]
    worker = ScoringWorker(command=("/nonexistent/python", "-m", "callback_sim.scoring_worker"))
    assert not worker.start()
    score = worker.assess(question, STRONG, seconds=60, time_limit=120)
    assert score == assess_in_process(question, STRONG, seconds=60, time_limit=120)
    assert worker.in_process == 1
    worker.close()


def test_a_worker_that_exits_at_once_is_retried_a_few_times_then_left(tmp_path: Path) -> None:
    question = builtin_questions(1)[0]
    worker = ScoringWorker(command=(sys.executable, "-c", "pass"))
    for _ in range(MAX_STARTS + 2):
        assert not worker.wait_ready(30)
        assert worker.assess(question, STRONG) == assess_in_process(
            question, STRONG, seconds=None, time_limit=None
        )
    assert worker.starts == MAX_STARTS
    assert worker.in_process == MAX_STARTS + 2
    worker.close()


STUCK_WORKER = textwrap.dedent(
    """
    import os, time
    from multiprocessing.connection import Connection
    Connection(1, readable=False).send(("ready", None, os.getpid()))
    time.sleep(600)
    """
)


def test_a_stuck_worker_is_killed_and_the_answer_scored_in_process() -> None:
    question = builtin_questions(1)[0]
    worker = ScoringWorker(command=(sys.executable, "-c", STUCK_WORKER), reply_timeout=0.5)
    assert worker.wait_ready(30)
    stuck = worker.pid
    assert stuck is not None
    score = worker.assess(question, STRONG, seconds=60, time_limit=120)
    assert score == assess_in_process(question, STRONG, seconds=60, time_limit=120)
    assert worker.in_process == 1
    assert wait_until_gone(stuck)
    worker.close()


def test_a_scorer_error_is_raised_as_in_process_scoring_raises_it(worker: ScoringWorker) -> None:
    question = builtin_questions(1)[0]
    assert worker.wait_ready(READY_WITHIN)
    with pytest.raises(Exception) as in_process:
        assess_in_process(question, None, seconds=None, time_limit=None)  # type: ignore[arg-type]
    with pytest.raises(Exception) as in_worker:
        worker.assess(question, None)  # type: ignore[arg-type]
    assert type(in_worker.value) is type(in_process.value)
    # The process is still there and still scores.
    assert worker.assess(question, STRONG) == assess_in_process(
        question, STRONG, seconds=None, time_limit=None
    )


def test_close_ends_the_process_and_starts_no_other(worker: ScoringWorker) -> None:
    assert worker.start()
    pid = worker.pid
    assert pid is not None
    worker.close()
    assert wait_until_gone(pid)
    assert not worker.start()
    question = builtin_questions(1)[0]
    worker.assess(question, STRONG)  # still scored, in-process
    assert worker.in_process == 1


PARENT = textwrap.dedent(
    """
    import sys, time
    from callback_sim.scoring_worker import ScoringWorker
    worker = ScoringWorker()
    ready = worker.wait_ready(float(sys.argv[1])) if sys.argv[2] == "warm" else worker.start()
    print(worker.pid if ready else "no worker", flush=True)
    time.sleep(600)
    """
)


@pytest.mark.parametrize("warm", [True, False])
def test_killing_the_app_with_sigkill_leaves_no_scoring_process(warm: bool) -> None:
    """The worker ends when its pipe closes, also while it is still warming up."""
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, str(READY_WITHIN), "warm" if warm else "cold"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert parent.stdout is not None
        pid = int(parent.stdout.readline())
        assert not gone(pid)
        parent.kill()
        parent.wait()
        assert wait_until_gone(pid, within=READY_WITHIN)
    finally:
        parent.kill()
        parent.wait()
