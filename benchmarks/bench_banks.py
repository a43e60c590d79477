"""Print how long loading the question banks takes (target: all built-in banks well under 20 ms).

Measures the shipped built-in banks and, so the figure means something before and after
they change, a synthetic set of the same size (5 banks x 14 questions x 5 rubric terms).
`--quick` runs fewer repetitions.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from callback_sim.core.banks import load_bank_set
from callback_sim.paths import builtin_banks_dir


def synthetic_bank(index: int, questions: int = 14, terms: int = 5) -> str:
    """A realistic bank file: comments, multi-line arrays, rubric and avoid terms, a template."""
    out = [
        "# A synthetic bank for the benchmark.",
        "[bank]",
        f'id = "bench-{index}"',
        f'title = "Benchmark bank {index}"',
        'category = "pushback"',
        'description = """Round one is repeated back to you\nand challenged."""',
        "time_limit = 120",
        "",
    ]
    for q in range(questions):
        out += [
            "[[questions]]",
            f'id = "bench-{index}-{q:03d}"',
            'prompt = "Tell me about a decision of yours that your manager disagreed with."',
            'persona = "hiring_manager"',
            'tags = ["judgment", "conflict"]',
        ]
        for t in range(terms):
            out += [
                "  [[questions.rubric]]",
                f'  label = "Term {t}"',
                "  weight = 2",
                '  phrases = ["reduced", "increased", "percent",',
                '             "saved", "cut by"]',
            ]
        out += [
            "  [[questions.avoid]]",
            '  label = "Blames others"',
            '  phrases = ["their fault", "incompetent"]',
            "",
        ]
    out += [
        "[[templates]]",
        f'id = "bench-{index}-t1"',
        'kind = "quote_back"',
        'prompt = "In round one you said \\"{quote}\\". Walk me through it."',
    ]
    return "\n".join(out) + "\n"


def measure(builtin: Path, user: Path, repeat: int) -> tuple[float, int, int]:
    times: list[float] = []
    banks = load_bank_set(builtin, user)
    for _ in range(repeat):
        start = time.perf_counter()
        banks = load_bank_set(builtin, user)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(banks.banks), len(banks.questions())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (CI)")
    args = parser.parse_args()
    repeat = 5 if args.quick else 50
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "none"
        ms, banks, questions = measure(builtin_banks_dir(), empty, repeat)
        print(f"built-in banks: {banks} banks, {questions} questions: {ms:.1f} ms (median)")
        synthetic = Path(tmp) / "synthetic"
        synthetic.mkdir()
        for index in range(5):
            (synthetic / f"bench-{index}.toml").write_text(synthetic_bank(index), encoding="utf-8")
        ms, banks, questions = measure(synthetic, empty, repeat)
        print(f"synthetic banks: {banks} banks, {questions} questions: {ms:.1f} ms (median)")


if __name__ == "__main__":
    main()
