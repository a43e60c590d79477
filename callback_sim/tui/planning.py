"""Which questions a round asks, for each kind of round the home screen offers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from callback_sim.clock import now_utc
from callback_sim.core.banks import BankSet
from callback_sim.core.errors import CallbackSimError
from callback_sim.core.models import Question, QuestionStat
from callback_sim.core.round import plan_round
from callback_sim.core.schedule import QuestionSchedule, weak_questions
from callback_sim.tui.messages import RoundRequest

if TYPE_CHECKING:
    from callback_sim.store import Store

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


def weak_by_schedule(
    questions: list[Question],
    schedules: Mapping[tuple[str, str], QuestionSchedule],
    now: datetime,
    count: int,
) -> list[Question]:
    """A weak round by spaced repetition: every question last scored below WEAK_BELOW
    (or skipped) that is due, lowest score first — all of them, even beyond `count` —
    then, to reach `count`, weak ones not yet due."""
    by_key = {(q.bank_id, q.id): q for q in questions}
    ranked = weak_questions(
        [s for key, s in schedules.items() if key in by_key], now=now, limit=len(by_key)
    )
    weak = [s for s in ranked if (s.last_score if s.last_score is not None else 0.0) < WEAK_BELOW]
    due = [s for s in weak if s.is_due(now)]
    later = [s for s in weak if not s.is_due(now)]
    chosen = due + later[: max(0, count - len(due))]
    return [by_key[(s.bank_id, s.question_id)] for s in chosen]


def no_weak_questions(practised: int) -> str:
    """Why a weak round has nothing to ask, as it really is."""
    if practised == 0:
        return (
            "No weak questions yet: you have not answered any question of the chosen banks. "
            "Start a quick round (s) first."
        )
    answered = (
        "the question you have answered"
        if practised == 1
        else (f"all {practised} questions you have answered")
    )
    return (
        f"No weak questions: {answered} in the chosen banks last scored "
        f"{WEAK_BELOW:.0f} or more. Start a quick round instead."
    )


def plan_request(
    request: RoundRequest,
    bank_set: BankSet,
    stats: Mapping[tuple[str, str], QuestionStat],
    *,
    schedules: Mapping[tuple[str, str], QuestionSchedule] | None = None,
    now: datetime | None = None,
) -> list[Question]:
    """The questions of the round the user asked for; a one-line error when there are none.

    With `schedules` (store.review.planning_schedules), suspended questions are left
    out and a weak round is chosen by schedule (`weak_by_schedule`).
    """
    pool = bank_set.questions(bank_ids=list(request.bank_ids) or None)
    if not pool:
        raise CallbackSimError("The chosen banks have no questions; choose other banks.")
    if schedules:
        suspended = {key for key, s in schedules.items() if s.suspended}
        pool = [q for q in pool if (q.bank_id, q.id) not in suspended]
        if not pool:
            raise CallbackSimError(
                "Every question in the chosen banks is suspended; reinstate some on the "
                "progress screen (f5, then x) or choose other banks."
            )
    if request.mode == "weak":
        if schedules is not None:
            weak = weak_by_schedule(pool, schedules, now or now_utc(), request.count)
            practised = sum(
                1 for q in pool if (s := schedules.get((q.bank_id, q.id))) and s.attempts
            )
        else:
            weak = weak_pool(pool, stats)[: request.count]
            practised = sum(1 for q in pool if (st := stats.get((q.bank_id, q.id))) and st.attempts)
        if not weak:
            raise CallbackSimError(no_weak_questions(practised))
        return weak
    picked = plan_round(pool, request.count, stats=stats)
    if request.mode == "loop":
        # A callback loop meets each interviewer once: group each persona's questions
        # together, in the order the interviewers first appear.
        order: dict[str, int] = {}
        for q in picked:
            order.setdefault(q.persona or "", len(order))
        picked.sort(key=lambda q: order[q.persona or ""])
    return picked


def plan_company_request(
    request: RoundRequest, store: Store, bank_set: BankSet
) -> tuple[list[Question], str]:
    """The company loop the home screen asked for, and the company as its debrief spells it.

    It is the company's next loop (`callback_sim.loops.next_company_loop`): the one the
    debrief screen's preview and `callback-sim plan` show, kit-aware.
    """
    from callback_sim.loops import next_company_loop
    from callback_sim.store.debriefs import get_debrief

    debrief = get_debrief(store, request.company or "")
    questions = next_company_loop(store, debrief, bank_set, count=request.count).questions
    if not questions:
        raise CallbackSimError(
            f"The debrief for {debrief.company} gave no questions; add its exchanges "
            "on the debrief screen (d on the home screen)."
        )
    return questions, debrief.company
