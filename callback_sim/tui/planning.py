"""Which questions a round asks, for each kind of round the home screen offers."""

from __future__ import annotations

from collections.abc import Mapping

from callback_sim.core.banks import BankSet
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import Question, QuestionStat
from callback_sim.core.round import plan_round
from callback_sim.tui.messages import RoundRequest

#: A weak question is one whose last score was below this (or that was skipped).
WEAK_BELOW = 70.0


def weak_pool(
    questions: list[Question], stats: Mapping[tuple[str, str], QuestionStat]
) -> list[Question]:
    """Practised questions whose last attempt scored low, lowest first."""

    def last(q: Question) -> float:
        stat = stats.get((q.bank_id, q.id))
        if stat is None or stat.attempts == 0:
            return 101.0
        return stat.last_score if stat.last_score is not None else 0.0

    weak = [q for q in questions if last(q) < WEAK_BELOW]
    return sorted(weak, key=last)


def plan_request(
    request: RoundRequest,
    bank_set: BankSet,
    stats: Mapping[tuple[str, str], QuestionStat],
) -> list[Question]:
    """The questions of the round the user asked for; a one-line error when there are none."""
    pool = bank_set.questions(bank_ids=list(request.bank_ids) or None)
    if not pool:
        raise CallbackSimError("The chosen banks have no questions; choose other banks.")
    if request.mode == "weak":
        weak = weak_pool(pool, stats)
        if not weak:
            raise CallbackSimError(
                "No weak questions yet: every practised question scored "
                f"{WEAK_BELOW:.0f} or more. Start a quick round instead."
            )
        return weak[: request.count]
    picked = plan_round(pool, request.count, stats=stats)
    if request.mode == "loop":
        # A callback loop meets each interviewer once: group each persona's questions
        # together, in the order the interviewers first appear.
        order: dict[str, int] = {}
        for q in picked:
            order.setdefault(q.persona or "", len(order))
        picked.sort(key=lambda q: order[q.persona or ""])
    return picked
