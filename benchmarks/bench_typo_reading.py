"""Typo reading: how often does the scorer read a mistyped word as the word that was meant?

The calibration sets hold each strong answer twice: as written and retyped with about one
word in eight mistyped (`typos.toml`). Aligning the two word by word gives, for every
mistyped word, the word its writer meant; this script counts how often the scorer's meant
reading (`Scan.corrected`, what signals, negation and the meaning matcher read) gives it
back, by the meant word's length. It also reads clean text (every other calibration answer,
paraphrase pair and built-in example sentence) and counts the words that reading changes:
each is a false correction ("app" read as "pap"). Both figures are the instrument for any
change to `text.correction`; the scores themselves are bench_validity's.

    python benchmarks/bench_typo_reading.py [--corpus DIR ...] [--list]
"""

from __future__ import annotations

import argparse
import difflib
import tomllib
from collections import Counter
from pathlib import Path

from bench_validity import load_corpus, load_pairs

from callback_sim.core.scoring import _read
from callback_sim.core.text import scan

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DEFAULT = (FIXTURES / "calibration", FIXTURES / "calibration-b")
CLEAN = (FIXTURES / "calibration", FIXTURES / "calibration-b", FIXTURES / "calibration-c")
BANDS = ("2-3 letters", "4-5 letters", "6+ letters")


def band(word: str) -> str:
    return BANDS[0] if len(word) <= 3 else BANDS[1] if len(word) <= 5 else BANDS[2]


def reading(corpora: tuple[Path, ...]) -> tuple[Counter[tuple[str, bool]], list[str]]:
    """(band, read right) counts over the mistyped words, and the misread ones."""
    counts: Counter[tuple[str, bool]] = Counter()
    wrong: list[str] = []
    for folder in corpora:
        answers, _ = load_corpus(folder)
        pairs: dict[str, dict[str, str]] = {}
        for answer in answers:
            pairs.setdefault(answer.question, {})[answer.kind] = answer.text
        for kinds in pairs.values():
            if "typo" not in kinds or "strong" not in kinds:
                continue
            meant = scan(kinds["strong"]).keys
            typed, read, _ = _read(kinds["typo"])  # the same tokens, read as meant
            matcher = difflib.SequenceMatcher(a=meant, b=typed.keys, autojunk=False)
            for op, a0, a1, b0, b1 in matcher.get_opcodes():
                if op != "replace" or a1 - a0 != b1 - b0:
                    continue  # words run together or split: not one word for one
                for i, j in zip(range(a0, a1), range(b0, b1), strict=True):
                    right = read.keys[j] == meant[i]
                    counts[band(meant[i]), right] += 1
                    if not right:
                        wrong.append(f"{meant[i]} typed {typed.keys[j]} read {read.keys[j]}")
    return counts, wrong


def clean_texts() -> list[str]:
    texts: list[str] = []
    for folder in CLEAN:
        answers, _ = load_corpus(folder)
        texts += [a.text for a in answers if a.kind != "typo"]
        positives, near = load_pairs(folder)
        texts += [p.text for p in positives + near]
    for path in sorted((ROOT / "question_banks").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for question in data.get("questions", []):
            for term in question.get("rubric", []):
                texts += term.get("examples", [])
    return texts


def false_corrections(texts: list[str]) -> tuple[int, Counter[tuple[str, str]]]:
    """(words read, changed words by (typed, read)) over clean text."""
    total = 0
    changed: Counter[tuple[str, str]] = Counter()
    for text in texts:
        typed, read, _ = _read(text)
        total += len(typed.keys)
        for was, now in zip(typed.keys, read.keys, strict=True):
            if was != now:
                changed[was, now] += 1
    return total, changed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, action="append", help="a set with typos.toml")
    parser.add_argument("--list", action="store_true", help="list every misread word")
    parser.add_argument("--quick", action="store_true", help="accepted for CI; no effect")
    args = parser.parse_args()
    counts, wrong = reading(tuple(args.corpus) if args.corpus else DEFAULT)
    print("mistyped words read as meant (calibration typo answers against their strong ones)")
    right_all = sum(n for (_, ok), n in counts.items() if ok)
    for name in BANDS:
        right, miss = counts[name, True], counts[name, False]
        share = 100 * right / (right + miss) if right + miss else 0.0
        print(f"  {name:<12} {right:>4}/{right + miss:<4} {share:5.1f}%")
    total = sum(counts.values())
    print(f"  {'all':<12} {right_all:>4}/{total:<4} {100 * right_all / max(total, 1):5.1f}%")
    words, changed = false_corrections(clean_texts())
    print(f"clean text: {sum(changed.values())} of {words} words read as another word")
    print("  commonest: " + ", ".join(f"{a}->{b} {n}" for (a, b), n in changed.most_common(12)))
    if args.list:
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
