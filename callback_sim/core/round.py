"""The round state machine: which questions, and the clock of each answer.

Pure: the clock is passed in (a callable returning monotonic seconds), so tests jump
time and the TUI and plain mode share exactly the same rules for time limits,
pauses, overtime and think time.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum

from callback_sim.core.followup import find_openings, follow_up_question, is_follow_up
from callback_sim.core.models import Question, QuestionStat

Clock = Callable[[], float]

#: The shortest time limit a multiplier can produce, so a 0.1x round stays answerable.
MIN_TIME_LIMIT = 10

ON_TIMEOUT_CHOICES = ("submit", "overtime")

#: Follow-ups are at most this share of a round's planned questions (rounded: 5 -> 2, 10 -> 3).
FOLLOW_UP_SHARE = 1 / 3


def follow_up_budget(planned: int) -> int:
    """How many follow-ups a round of `planned` questions may ask: about a third of it."""
    return int(planned * FOLLOW_UP_SHARE + 0.5)


def scaled_limit(limit: int, multiplier: float) -> int:
    """A question's time limit under the user's multiplier, in whole seconds."""
    return max(MIN_TIME_LIMIT, round(limit * multiplier))


def _priority(question: Question, stat: QuestionStat | None) -> float:
    """Higher for questions practised less or scored lower: what a round should favour."""
    if stat is None or stat.attempts == 0:
        return 3.0
    novelty = 1.0 / (1 + stat.attempts)
    last = stat.last_score if stat.last_score is not None else stat.mean_score
    weakness = (100.0 - last) / 100.0 if last is not None else 0.5
    return 0.2 + novelty + 2.0 * weakness


def plan_round(
    questions: Sequence[Question],
    count: int,
    *,
    seed: int | None = None,
    stats: Mapping[tuple[str, str], QuestionStat] | None = None,
) -> list[Question]:
    """Pick `count` distinct questions, mixing personas and categories.

    Each pick is a weighted draw among the personas heard least so far: weight grows for
    questions practised less or scored lower and shrinks for categories already in the
    round, so a round feels like several interviewers. The same seed gives the same round.
    """
    rng = random.Random(seed)
    stats = stats or {}
    pool: list[Question] = []
    seen: set[tuple[str, str]] = set()
    for q in questions:
        key = (q.bank_id, q.id)
        if key not in seen:
            seen.add(key)
            pool.append(q)
    personas: Counter[str] = Counter()
    categories: Counter[str] = Counter()
    picked: list[Question] = []
    while pool and len(picked) < count:
        # Draw among the personas heard least so far, so five questions come from
        # five interviewers when the banks have them.
        fewest = min(personas[q.persona or ""] for q in pool)
        candidates = [i for i, q in enumerate(pool) if personas[q.persona or ""] == fewest]
        weights = [
            _priority(pool[i], stats.get((pool[i].bank_id, pool[i].id)))
            * 0.6 ** categories[pool[i].category]
            for i in candidates
        ]
        choice = rng.choices(candidates, weights=weights, k=1)[0]
        q = pool.pop(choice)
        picked.append(q)
        personas[q.persona or ""] += 1
        categories[q.category] += 1
    return picked


class Phase(Enum):
    """Where the round is: waiting for a question to begin, answering, paused, or over."""

    WAITING = "waiting"
    ANSWERING = "answering"
    PAUSED = "paused"
    FINISHED = "finished"
    ABORTED = "aborted"


@dataclass(frozen=True)
class Submission:
    """One answered or skipped question, with its timing, ready to score and store."""

    position: int
    question: Question
    text: str
    seconds: float
    think_seconds: float | None
    time_limit: int
    overtime: float
    skipped: bool = False
    timed_out: bool = False


class RoundError(RuntimeError):
    """A call the round's phase does not allow: a bug in the caller, not a user error."""


class Round:
    """One practice round: positions are 1-based; time is read only from the given clock."""

    def __init__(
        self,
        questions: Sequence[Question],
        *,
        clock: Clock,
        time_multiplier: float = 1.0,
        on_timeout: str = "overtime",
        start_position: int = 1,
        follow_ups: bool = False,
        follow_up_seed: int | str = 0,
    ) -> None:
        if on_timeout not in ON_TIMEOUT_CHOICES:
            raise ValueError(f"on_timeout must be one of {ON_TIMEOUT_CHOICES}, not {on_timeout!r}")
        if not 1 <= start_position <= len(questions) + 1:
            raise ValueError(f"start_position {start_position} is outside 1..{len(questions) + 1}")
        self.questions: tuple[Question, ...] = tuple(questions)
        self.follow_ups = follow_ups
        self.follow_up_seed = follow_up_seed
        self.clock = clock
        self.time_multiplier = time_multiplier
        self.on_timeout = on_timeout
        self.position = start_position
        self.phase = Phase.WAITING if start_position <= len(questions) else Phase.FINISHED
        self._started_at = 0.0
        self._paused_at: float | None = None
        self._paused_total = 0.0
        self._think: float | None = None
        self._timeout_reported = False

    # -- what is being asked ---------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current(self) -> Question | None:
        if self.phase in (Phase.FINISHED, Phase.ABORTED) or self.position > self.total:
            return None
        return self.questions[self.position - 1]

    @property
    def planned_total(self) -> int:
        """Questions in the round not counting follow-ups: the "of N" users see."""
        return sum(1 for q in self.questions if not is_follow_up(q))

    @property
    def number(self) -> int:
        """The current question's number among the planned ones; a follow-up has its parent's."""
        upto = self.questions[: min(self.position, self.total)]
        return max(1, sum(1 for q in upto if not is_follow_up(q)))

    @property
    def paused(self) -> bool:
        return self.phase is Phase.PAUSED

    @property
    def finished(self) -> bool:
        return self.phase in (Phase.FINISHED, Phase.ABORTED)

    @property
    def answering(self) -> bool:
        return self.phase in (Phase.ANSWERING, Phase.PAUSED)

    # -- the clock ---------------------------------------------------------------------

    def begin_question(self, elapsed: float = 0.0, think_seconds: float | None = None) -> None:
        """Start timing the current question; `elapsed` and `think_seconds` carry over a draft."""
        if self.current is None:
            raise RoundError("no question left to begin")
        now = self.clock()
        self._started_at = now - max(0.0, elapsed)
        self._paused_at = None
        self._paused_total = 0.0
        self._think = think_seconds
        self._timeout_reported = False
        self.phase = Phase.ANSWERING

    def elapsed(self) -> float:
        """Seconds spent on the current question, not counting pauses."""
        if self.phase not in (Phase.ANSWERING, Phase.PAUSED):
            return 0.0
        now = self._paused_at if self._paused_at is not None else self.clock()
        return max(0.0, now - self._started_at - self._paused_total)

    def time_limit(self) -> int:
        q = self.current
        return scaled_limit(q.time_limit, self.time_multiplier) if q else 0

    def remaining(self) -> float:
        """Seconds left before the limit; negative in overtime."""
        return self.time_limit() - self.elapsed()

    def overtime(self) -> float:
        return max(0.0, self.elapsed() - self.time_limit())

    def think_seconds(self) -> float | None:
        """Time before the first keystroke: fixed once typed, live until then."""
        if self._think is not None:
            return self._think
        if self.phase in (Phase.ANSWERING, Phase.PAUSED):
            return self.elapsed()
        return None

    @property
    def has_typed(self) -> bool:
        return self._think is not None

    def keystroke(self) -> None:
        """Note the first keystroke of the answer (ends think time)."""
        if self._think is None and self.phase is Phase.ANSWERING:
            self._think = round(self.elapsed(), 2)

    def tick(self) -> bool:
        """True once, when the limit is reached and the setting says to auto-submit."""
        if self.phase is not Phase.ANSWERING or self._timeout_reported:
            return False
        if self.elapsed() >= self.time_limit():
            self._timeout_reported = True
            return self.on_timeout == "submit"
        return False

    def pause(self) -> None:
        if self.phase is Phase.ANSWERING:
            self._paused_at = self.clock()
            self.phase = Phase.PAUSED

    def resume(self) -> None:
        if self.phase is Phase.PAUSED and self._paused_at is not None:
            self._paused_total += self.clock() - self._paused_at
            self._paused_at = None
            self.phase = Phase.ANSWERING

    # -- moving on ---------------------------------------------------------------------

    def _close(self, text: str, *, skipped: bool, timed_out: bool) -> Submission:
        question = self.current
        if question is None or self.phase not in (Phase.ANSWERING, Phase.PAUSED):
            raise RoundError("no question is being answered")
        limit = self.time_limit()
        seconds = self.elapsed()
        if timed_out and self.on_timeout == "submit":
            seconds = min(seconds, float(limit))
        submission = Submission(
            position=self.position,
            question=question,
            text=text,
            seconds=round(seconds, 2),
            think_seconds=self._think,
            time_limit=limit,
            overtime=round(max(0.0, seconds - limit), 2),
            skipped=skipped,
            timed_out=timed_out,
        )
        self.position += 1
        self._paused_at = None
        self.phase = Phase.WAITING if self.position <= self.total else Phase.FINISHED
        return submission

    def submit(self, text: str, *, timed_out: bool = False) -> Submission:
        """Close the current question with the answer as typed and move to the next."""
        return self._close(text, skipped=False, timed_out=timed_out)

    def skip(self, text: str = "") -> Submission:
        """Close the current question unanswered (any partial text is kept) and move on."""
        return self._close(text, skipped=True, timed_out=False)

    def follow_up(self, submission: Submission, consistency: Sequence[str] = ()) -> Question | None:
        """Insert a follow-up to the answer just submitted, as the next question, or None.

        `consistency` is the answer's drift from round one as the scorer flagged it
        (`Score.consistency`), so a contradicted figure can be pressed on.

        Asked only for an answered (not skipped) question that is not itself a follow-up,
        when the answer has an opening (core.followup), the round's budget of about a third
        is not spent, and a draw seeded by the round's seed and the answer's position says
        so. The chance spreads the budget over the questions left, so follow-ups do not all
        come first. The same seed and answers always give the same follow-ups.
        """
        if not self.follow_ups or submission.skipped or is_follow_up(submission.question):
            return None
        if self.position != submission.position + 1 or self.phase is Phase.ABORTED:
            return None  # only straight after the submit, before the next question begins
        index = submission.position  # 0-based slot just after the answered question
        if index < self.total and self.questions[index].source.follows == submission.position:
            return None  # already asked (a resumed round keeps its follow-ups as planned)
        left = follow_up_budget(self.planned_total) - (self.total - self.planned_total)
        if left <= 0:
            return None
        openings = find_openings(submission.text, consistency)
        if not openings:
            return None
        still_to_ask = 1 + sum(1 for q in self.questions[index:] if not is_follow_up(q))
        chance = min(1.0, 2.0 * left / still_to_ask)
        rng = random.Random(f"{self.follow_up_seed}/follow-up/{submission.position}")
        if rng.random() >= chance:
            return None
        question = follow_up_question(
            submission.question, submission.position, openings[0], variant=rng.randrange(2)
        )
        self.questions = (*self.questions[:index], question, *self.questions[index:])
        if self.phase is Phase.FINISHED:
            self.phase = Phase.WAITING
        return question

    def withdraw(self, question: Question) -> None:
        """Take back a follow-up that was inserted but cannot be asked (it could not be saved)."""
        index = self.position - 1
        if self.phase is Phase.WAITING and index < self.total and self.questions[index] is question:
            self.questions = (*self.questions[:index], *self.questions[index + 1 :])
            if self.position > self.total:
                self.phase = Phase.FINISHED

    def finish(self) -> None:
        """End the round normally (all questions done, or the user ends it early)."""
        self.phase = Phase.FINISHED

    def abort(self) -> None:
        """Abandon the round; what was submitted stays submitted."""
        self.phase = Phase.ABORTED
