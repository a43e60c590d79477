"""Validity: do scores track a human grader on the graded corpus (tests/fixtures/graded/)?

Scores every graded answer against its built-in question, with `seconds` estimated from a
spoken rate of 150 words a minute so delivery behaves as in real use, and prints:
strong > weak, strong > long-weak, strong > off-topic, strong > stuffed (share of questions),
typo within 10 points of strong, probe recall (one-sentence paraphrases of a term that must
earn it), the Spearman rank correlation of grade and score next to a word-count baseline's,
and the score spread per grade. Misses are listed. `--banks DIR` scores against other bank
files (say, a rubric draft); `--corpus tests/fixtures/calibration` scores the calibration set
(questions the graded corpus does not use; the scorer's thresholds are set on it, never on
the graded corpus), with its paraphrase pairs; `--quick` is accepted for CI and changes
nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from callback_sim.core.banks import load_bank_set
from callback_sim.core.models import Question
from callback_sim.core.scoring import score_answer
from callback_sim.core.text import count_words
from callback_sim.paths import builtin_banks_dir

GRADED = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "graded"
#: Words a minute when an answer is spoken: how `seconds` is estimated for each answer.
SPOKEN_RATE = 150
TYPO_TOLERANCE = 10.0
KINDS = ("strong", "fair", "weak", "long_weak", "typo", "off_topic", "stuffed")


@dataclass(frozen=True)
class Graded:
    question: str
    kind: str
    grade: int
    text: str
    score: float = 0.0
    words: int = 0


@dataclass(frozen=True)
class Probe:
    question: str
    term: str
    text: str


def load_corpus(folder: Path = GRADED) -> tuple[list[Graded], list[Probe]]:
    """Every graded answer and probe in `folder` (probes.toml holds the probes)."""
    answers: list[Graded] = []
    probes: list[Probe] = []
    for path in sorted(folder.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for item in data.get("answers", []):
            answers.append(Graded(item["question"], item["kind"], int(item["grade"]), item["text"]))
        for item in data.get("probes", []):
            probes.append(Probe(item["question"], item["term"], item["text"]))
    return answers, probes


def load_pairs(folder: Path) -> tuple[list[Probe], list[Probe]]:
    """Paraphrase pairs of a calibration set (pairs.toml): positives and near misses."""
    path = folder / "pairs.toml"
    if not path.exists():
        return [], []
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    pairs = [(p["kind"], Probe(p["question"], p["term"], p["text"])) for p in data["pairs"]]
    return [p for k, p in pairs if k == "positive"], [p for k, p in pairs if k == "near_miss"]


def load_questions(banks: Path | None = None) -> dict[str, Question]:
    bank_set = load_bank_set(banks or builtin_banks_dir(), Path("/nonexistent/user/banks"))
    return {q.id: q for bank in bank_set.banks for q in bank.questions}


def spoken_seconds(text: str) -> float:
    return round(count_words(text) * 60 / SPOKEN_RATE, 1)


def score_corpus(answers: Sequence[Graded], questions: dict[str, Question]) -> list[Graded]:
    scored = []
    for answer in answers:
        question = questions[answer.question]
        result = score_answer(question, answer.text, seconds=spoken_seconds(answer.text))
        scored.append(
            Graded(
                answer.question,
                answer.kind,
                answer.grade,
                answer.text,
                result.score,
                result.delivery.words,
            )
        )
    return scored


def ranks(values: Sequence[float]) -> list[float]:
    """1-based ranks, ties given the average of the ranks they span."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    out = [0.0] * len(values)
    start = 0
    while start < len(order):
        end = start
        while end + 1 < len(order) and values[order[end + 1]] == values[order[start]]:
            end += 1
        for position in range(start, end + 1):
            out[order[position]] = (start + end) / 2 + 1
        start = end + 1
    return out


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Spearman's rank correlation: Pearson's correlation of the (tie-averaged) ranks."""
    rx, ry = ranks(xs), ranks(ys)
    mx, my = statistics.fmean(rx), statistics.fmean(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    return cov / (vx * vy) ** 0.5 if vx and vy else 0.0


def by_question(scored: Sequence[Graded]) -> dict[str, dict[str, Graded]]:
    table: dict[str, dict[str, Graded]] = {}
    for answer in scored:
        table.setdefault(answer.question, {})[answer.kind] = answer
    return table


def comparisons(scored: Sequence[Graded]) -> dict[str, tuple[int, int, list[str]]]:
    """For each check: (passed, questions with both kinds, question ids that failed)."""
    table = by_question(scored)
    checks: dict[str, tuple[int, int, list[str]]] = {}
    for other in ("weak", "long_weak", "off_topic", "stuffed"):
        passed, total, misses = 0, 0, []
        for qid, kinds in sorted(table.items()):
            if "strong" in kinds and other in kinds:
                total += 1
                if kinds["strong"].score > kinds[other].score:
                    passed += 1
                else:
                    misses.append(f"{qid} ({kinds['strong'].score} vs {kinds[other].score})")
        checks[f"strong > {other}"] = (passed, total, misses)
    passed, total, misses = 0, 0, []
    for qid, kinds in sorted(table.items()):
        if "strong" in kinds and "typo" in kinds:
            total += 1
            gap = abs(kinds["strong"].score - kinds["typo"].score)
            if gap <= TYPO_TOLERANCE:
                passed += 1
            else:
                misses.append(f"{qid} ({kinds['strong'].score} vs {kinds['typo'].score})")
    checks[f"typo within {TYPO_TOLERANCE:g} points"] = (passed, total, misses)
    return checks


def probe_recall(probes: Sequence[Probe], questions: dict[str, Question]) -> tuple[int, list[str]]:
    """How many probes earn the term they paraphrase, and the ones that do not."""
    hits, misses = 0, []
    for probe in probes:
        result = score_answer(questions[probe.question], probe.text)
        term = next((t for t in result.terms if t.label == probe.term), None)
        if term is not None and term.matched:
            hits += 1
        else:
            misses.append(f"{probe.question} / {probe.term}: {probe.text}")
    return hits, misses


def correlations(scored: Sequence[Graded]) -> tuple[float, float]:
    """Spearman of grade and score, and of grade and word count (the baseline)."""
    grades = [float(a.grade) for a in scored]
    return (
        spearman(grades, [a.score for a in scored]),
        spearman(grades, [float(a.words) for a in scored]),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--banks", type=Path, help="bank folder to score against")
    parser.add_argument("--quick", action="store_true", help="accepted for CI; no effect")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=GRADED,
        help="another graded set, e.g. tests/fixtures/calibration (what thresholds are set on)",
    )
    args = parser.parse_args()
    answers, probes = load_corpus(args.corpus)
    questions = load_questions(args.banks)
    scored = score_corpus(answers, questions)
    print(f"{len(scored)} graded answers to {len(by_question(scored))} questions")
    for name, (passed, total, misses) in comparisons(scored).items():
        share = f"{100 * passed / total:5.1f}%" if total else "  n/a"
        print(f"{name:<24} {passed:>3}/{total:<3} {share}")
        if args.misses:
            for miss in misses:
                print(f"    miss: {miss}")
    if probes:
        hits, misses = probe_recall(probes, questions)
        print(f"{'probe recall':<24} {hits:>3}/{len(probes):<3} {100 * hits / len(probes):5.1f}%")
        if args.misses:
            for miss in misses:
                print(f"    miss: {miss}")
    positives, near_misses = load_pairs(args.corpus)
    if positives:
        hits, _ = probe_recall(positives, questions)
        fires = len(near_misses) - len(probe_recall(near_misses, questions)[1])
        share = 100 * hits / len(positives)
        print(f"{'pair recall':<24} {hits:>3}/{len(positives):<3} {share:5.1f}%")
        print(f"{'near misses that earn':<24} {fires:>3}/{len(near_misses):<3}")
    if not probes and not positives:
        print(f"{'probe recall':<24}   no probes in {args.corpus.name}/probes.toml")
    if not scored:
        return  # a set of pairs alone (calibration-c): nothing to rank
    ours, baseline = correlations(scored)
    print(f"{'Spearman grade~score':<24} {ours:6.3f}")
    print(f"{'Spearman grade~words':<24} {baseline:6.3f}   (word-count baseline)")
    print("score spread per grade:  n    min  median   mean    max")
    for grade in sorted({a.grade for a in scored}):
        values = [a.score for a in scored if a.grade == grade]
        print(
            f"  grade {grade}:{len(values):>17} {min(values):6.1f} {statistics.median(values):7.1f}"
            f" {statistics.fmean(values):6.1f} {max(values):6.1f}"
        )
    print("mean score per kind:", end="")
    for kind in KINDS:
        values = [a.score for a in scored if a.kind == kind]
        if values:
            print(f"  {kind} {statistics.fmean(values):.1f}", end="")
    print()


if __name__ == "__main__":
    main()
