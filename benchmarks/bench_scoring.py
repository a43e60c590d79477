"""Scoring speed: 500- and 5,000-word answers against a 30-term rubric with signals.

Each term has 3 phrases and one signal (every signal name is used), so the sentence gate,
the on-topic test and every detector run. Prints the English word list's one-off load time
first (the TUI pays it in a worker after its first screen), then the median time per
answer for `score_answer` and for a naive baseline (rapidfuzz `partial_ratio` of each
phrase over the whole text, threshold 85); then one 100,000-word answer to show nothing
explodes. Targets (issue 12): at most 3 ms at 500 words and 30 ms at 5,000.
`--quick` runs fewer repetitions.

`--instructions` counts instead of timing (valgrind's callgrind; a slower or busier host
cannot change the figure): a child process warms up and scores the 500-word answer N times
or not at all, and the difference of the two counts over N is one score's instructions,
printed beside the naive baseline's counted the same way. About three minutes.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rapidfuzz import fuzz

from callback_sim.core.models import SIGNAL_NAMES, Question, RubricTerm
from callback_sim.core.scoring import score_answer
from callback_sim.core.scoring.semantic import warm_up as warm_vectors
from callback_sim.core.scoring.sentences import layout
from callback_sim.core.text import scan
from callback_sim.core.text import warm_up as warm_words

TARGETS_MS = {500: 3.0, 5_000: 30.0}

# 30 terms of the kind the built-in banks use: single words, inflected forms, short phrases.
RUBRIC_PHRASES = [
    ("reduced", "percent", "saved"),
    ("stakeholders", "aligned", "partners"),
    ("I decided", "my call", "I owned"),
    ("trade-off", "risk", "instead of"),
    ("30 days", "60 days", "90 days"),
    ("listen", "one-on-ones", "shadow"),
    ("quick win", "early win", "ship"),
    ("notice period", "handover", "loose ends"),
    ("mission", "product", "customers"),
    ("excited", "can't wait", "love"),
    ("experience", "skills", "background"),
    ("feedback", "retrospective", "lessons learned"),
    ("budget", "cost", "forecast"),
    ("hired", "mentored", "coached"),
    ("roadmap", "priorities", "sequencing"),
    ("data", "metrics", "dashboard"),
    ("customer interviews", "user research", "survey"),
    ("launched", "released", "rolled out"),
    ("conflict", "disagreed", "pushed back"),
    ("escalated", "executive", "sponsor"),
    ("deadline", "timeline", "milestone"),
    ("quality", "defects", "incidents"),
    ("automation", "pipeline", "tooling"),
    ("negotiated", "contract", "vendor"),
    ("churn", "retention", "renewal"),
    ("revenue", "pricing", "margin"),
    ("hypothesis", "experiment", "control group"),
    ("documented", "playbook", "runbook"),
    ("reference", "former manager", "colleague"),
    ("curious", "how do you", "what surprised"),
]

SUBJECTS = ["I", "We", "My team", "The squad", "Our group", "The platform team", "Finance"]
VERBS = [
    "reviewed", "planned", "negotiated", "shipped", "measured", "questioned", "simplified",
    "rebuilt", "documented", "escalated", "prioritised", "tested", "explained", "tracked",
]  # fmt: skip
OBJECTS = [
    "the onboarding flow", "our billing service", "the quarterly roadmap", "the vendor contract",
    "incident reviews", "the hiring plan", "customer interviews", "the data pipeline",
    "release notes", "the support backlog", "a pricing experiment", "the on-call rota",
]  # fmt: skip
TAILS = [
    "with two engineers", "over six weeks", "before the deadline", "after a tense meeting",
    "because churn was rising", "and cut costs by 14 percent", "with the stakeholders",
    "despite the risk", "so the team could focus", "um, you know, slowly", "I think",
    "which I kind of expected", "and I'm excited about it", "with stakeholdrs in finance",
]  # fmt: skip


def realistic_answer(words: int, seed: int) -> str:
    """Seeded interview-style prose of about `words` words."""
    rng = random.Random(seed)
    sentences: list[str] = []
    count = 0
    while count < words:
        sentence = (
            f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(TAILS)}."
        )
        sentences.append(sentence)
        count += len(sentence.split())
    return " ".join(sentences)


def rubric_question() -> Question:
    terms = tuple(
        RubricTerm(
            label=f"Term {i + 1}",
            phrases=phrases,
            weight=1 + i % 3,
            signals=(SIGNAL_NAMES[i % len(SIGNAL_NAMES)],),
        )
        for i, phrases in enumerate(RUBRIC_PHRASES)
    )
    prompt = "Tell me about a decision on the roadmap your manager and the stakeholders disputed."
    return Question(id="bench-001", prompt=prompt, category="pushback", rubric=terms)


def naive_matches(question: Question, answer: str) -> int:
    """The baseline: partial_ratio of every phrase over the whole lower-cased text."""
    text = answer.lower()
    found = 0
    for term in question.rubric:
        if any(fuzz.partial_ratio(p.lower(), text, score_cutoff=85) for p in term.phrases):
            found += 1
    return found


def median_ms(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def score_fresh(question: Question, answer: str) -> None:
    scan.cache_clear()  # every repetition tokenises the answer again, as a new answer would
    layout.cache_clear()
    score_answer(question, answer, seconds=90)


#: Scorings per counted child process (`--instructions`).
COUNTED_RUNS = 20


def child(kind: str, runs: int) -> None:
    """Warm up as `main` does, then score (or run the naive baseline on) the 500-word
    answer `runs` times: the process `--instructions` counts."""
    question = rubric_question()
    warm_words()
    warm_vectors()
    score_answer(question, "warm-up: compiles and caches the rubric once, as the app does")
    answer = realistic_answer(500, seed=500)
    for _ in range(runs):
        if kind == "naive":
            naive_matches(question, answer)
        else:
            score_fresh(question, answer)


def counted(kind: str, runs: int) -> int:
    """Instructions of a `child` process under callgrind (a fixed hash seed, so the same
    count each time)."""
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={Path(tmp) / 'out'}",
                sys.executable,
                __file__,
                "--child",
                kind,
                str(runs),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": "0"},
        )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"valgrind printed no instruction count: {done.stderr[-300:]}")
    return int(found.group(1))


def instructions() -> None:
    print(f"instructions per 500-word answer (callgrind, {COUNTED_RUNS} runs less none)")
    base = counted("score_answer", 0)  # the warm-up alone, the same for both kinds
    figures = {}
    for kind in ("score_answer", "naive"):
        figures[kind] = (counted(kind, COUNTED_RUNS) - base) / COUNTED_RUNS
        print(f"  {kind:<13} {figures[kind] / 1e6:8.2f} M")
    print(f"  naive/ours    {figures['naive'] / figures['score_answer']:8.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (for CI)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions (valgrind) instead"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "RUNS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    if args.instructions:
        instructions()
        return
    repeats = 7 if args.quick else 51
    question = rubric_question()
    started = time.perf_counter()
    warm_words()
    print(f"word list load (once per process): {(time.perf_counter() - started) * 1000:.0f} ms")
    started = time.perf_counter()
    warm_vectors()
    took = (time.perf_counter() - started) * 1000
    print(f"word vectors load (once per process): {took:.0f} ms")
    score_answer(question, "warm-up: compiles and caches the rubric once, as the app does")

    print(
        f"rubric: {len(question.rubric)} terms x 3 phrases + 1 signal each; "
        f"median of {repeats} runs"
    )
    print(f"{'words':>8} {'score_answer':>14} {'naive':>12} {'naive/ours':>11} {'target':>9}")
    for words in (500, 5_000):
        answer = realistic_answer(words, seed=words)
        ours = median_ms(lambda a=answer: score_fresh(question, a), repeats)
        naive = median_ms(lambda a=answer: naive_matches(question, a), max(3, repeats // 5))
        target = TARGETS_MS[words]
        verdict = "ok" if ours < target else "SLOW"
        print(
            f"{words:>8} {ours:>11.2f} ms {naive:>9.2f} ms {naive / ours:>10.1f}x "
            f"{'<' + format(target, 'g') + ' ms':>7} {verdict}"
        )

    huge = realistic_answer(100_000, seed=7) + " \ud800 \x00 🙂 e\u0301 \u202eעברית"
    started = time.perf_counter()
    result = score_answer(question, huge, seconds=100)
    elapsed = (time.perf_counter() - started) * 1000
    print(
        f"{result.delivery.words:>8} {elapsed:>11.2f} ms   (one run, junk appended; "
        f"total {result.score})"
    )


if __name__ == "__main__":
    main()
