"""Count questions that state what the candidate said without a source (issue 13).

For each fixture debrief, `plan --count 10` over 20 seeds: every question whose prompt is
premise-shaped (`core.premise.find_premises`) must be seeded and backed by the debrief:
each quoted span is the candidate's own words (or the round-one question), a premise with no
quote has a faithful source quote, and "round one never got to X" is said only of a topic
the debrief lists as not covered. Also counts uncovered topics a plan does not name, and
premises in quick rounds without a debrief (20 seeds x 10 questions from every bank).

    python benchmarks/premise_audit.py [--examples N]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from callback_sim.core.banks import load_bank_set
from callback_sim.core.debrief import load_debrief
from callback_sim.core.models import Question
from callback_sim.core.premise import find_premises, unbacked_premise
from callback_sim.core.round import plan_round
from callback_sim.core.seeding import plan_callback_loop
from callback_sim.paths import builtin_banks_dir

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "debriefs"
DEBRIEFS = ("acme.toml", "northwind.toml")
SEEDS = range(20)
COUNT = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3, help="unbacked examples to print")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as empty:
        banks = load_bank_set(builtin_banks_dir(), Path(empty))
    questions = banks.questions()
    shaped = [q for q in questions if find_premises(q.prompt)]
    print(
        f"built-in bank questions with a premise-shaped prompt: {len(shaped)} of {len(questions)}"
    )
    for name in DEBRIEFS:
        debrief = load_debrief(FIXTURES / name)
        unbacked: list[tuple[int, Question, str]] = []
        missing_topics = 0
        asked = 0
        for seed in SEEDS:
            plan = plan_callback_loop(debrief, banks, count=COUNT, seed=seed)
            asked += len(plan)
            for q in plan:
                reason = unbacked_premise(q, debrief)
                if reason:
                    unbacked.append((seed, q, reason))
            prompts = " ".join(q.prompt.casefold() for q in plan)
            missing_topics += sum(1 for t in debrief.uncovered if t.casefold() not in prompts)
        print(
            f"{name}: {len(unbacked)} unbacked premises in {asked} questions "
            f"({len(SEEDS)} seeds x --count {COUNT}); uncovered topics not named: "
            f"{missing_topics} of {len(debrief.uncovered) * len(SEEDS)}"
        )
        for seed, q, reason in unbacked[: args.examples]:
            print(f"    seed {seed} {q.id}: {reason}\n        {q.prompt}")
    quick = 0
    total = 0
    for seed in SEEDS:
        for q in plan_round(questions, COUNT, seed=seed):
            total += 1
            quick += unbacked_premise(q, None) is not None
    print(f"quick rounds without a debrief: {quick} premises in {total} questions")


if __name__ == "__main__":
    main()
