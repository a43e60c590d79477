"""A company's next callback loop: the one plan behind the preview, `plan`, `l` and practice.

Without an explicit seed, the next loop of a company is fixed the first time it is planned
and kept in the database (`app_state`, key `next_loop:<company key>`): the debrief screen's
preview (ctrl+l), `callback-sim plan --company X`, the home screen's `l` and
`practice --plain --company X` all ask the same questions in the same order from the same
people. It changes only when that company's loop is practised (a session for the company
with an answer, started after the loop was fixed), when the debrief changes (its
fingerprint), or when the user asks for a fresh one (`plan --fresh`, `f` in the preview).
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from callback_sim.core.debrief import Debrief, dump_debrief
from callback_sim.core.kit import apply_kit_to_question, company_key
from callback_sim.core.models import Question

if TYPE_CHECKING:
    from callback_sim.core.banks import BankSet
    from callback_sim.store import Store

STATE_PREFIX = "next_loop:"


@dataclass(frozen=True)
class CompanyLoop:
    """A planned loop and the seed it was planned with (the stored one, unless given)."""

    questions: list[Question]
    seed: int


def fingerprint(debrief: Debrief) -> str:
    """A short hash of everything in the debrief, so a changed debrief gives a new loop."""
    return hashlib.sha256(dump_debrief(debrief).encode("utf-8")).hexdigest()[:16]


def state_key(company: str) -> str:
    return STATE_PREFIX + company_key(company)


def _latest_session(store: Store, company: str, *, practised: bool) -> int:
    """The newest session id for `company` (with at least one answer when `practised`)."""
    for s in store.list_sessions(company=company, limit=50):
        if not practised or s.answers > 0:
            return s.id
    return 0


def _new_seed(old: int | None) -> int:
    """A fresh seed for the next loop, never the one just used."""
    seed = random.SystemRandom().randrange(2**31)
    return seed if seed != old else (seed + 1) % 2**31


def next_company_loop(
    store: Store | None,
    debrief: Debrief,
    banks: BankSet,
    *,
    count: int,
    seed: int | None = None,
    fresh: bool = False,
) -> CompanyLoop:
    """The company's next callback loop (see the module docstring); the kit is applied.

    With `seed`, exactly the loop `plan_callback_loop` gives for it (nothing is stored).
    Without a store (`plan --debrief FILE`), a seed derived from the debrief, so two plans
    of the same file agree.
    """
    from callback_sim.core.seeding import loop_keys, plan_callback_loop, replay_callback_loop

    stats = store.question_stats() if store is not None else None

    def finish(questions: list[Question], used: int) -> CompanyLoop:
        if store is None:
            return CompanyLoop(questions, used)
        from callback_sim.store.kit import get_kit

        kit = get_kit(store, debrief.company)
        return CompanyLoop([apply_kit_to_question(q, kit) for q in questions], used)

    if seed is not None:
        return finish(plan_callback_loop(debrief, banks, count=count, seed=seed, stats=stats), seed)
    if store is None:
        derived = int(fingerprint(debrief), 16) % 2**31
        return finish(plan_callback_loop(debrief, banks, count=count, seed=derived), derived)

    key = state_key(debrief.company)
    state: Any = store.get_state(key)
    valid = (
        isinstance(state, dict)
        and not fresh
        and state.get("fingerprint") == fingerprint(debrief)
        and isinstance(state.get("seed"), int)
        and _latest_session(store, debrief.company, practised=True) <= state.get("after", 0)
    )
    if valid:
        fixed: int = state["seed"]
        loops: dict[str, Any] = state.get("loops") or {}
        keys = loops.get(str(count))
        if keys is not None:
            replayed = replay_callback_loop(debrief, banks, keys)
            if replayed is not None:
                return finish(replayed, fixed)
        else:
            # The same loop at another length: same seed, kept alongside.
            planned = plan_callback_loop(debrief, banks, count=count, seed=fixed, stats=stats)
            store.set_state(key, {**state, "loops": {**loops, str(count): loop_keys(planned)}})
            return finish(planned, fixed)
    old = state.get("seed") if isinstance(state, dict) else None
    chosen = _new_seed(old if isinstance(old, int) else None)
    planned = plan_callback_loop(debrief, banks, count=count, seed=chosen, stats=stats)
    store.set_state(
        key,
        {
            "seed": chosen,
            "fingerprint": fingerprint(debrief),
            "after": _latest_session(store, debrief.company, practised=False),
            "loops": {str(count): loop_keys(planned)},
        },
    )
    return finish(planned, chosen)
