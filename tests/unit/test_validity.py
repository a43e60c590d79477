"""Floors on the graded corpus (tests/fixtures/graded/): scores must track a human grader.

The corpus is a check, not a target (see its README). benchmarks/bench_validity.py prints
every figure; these tests hold the floors the product promises.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_validity.py"
_spec = importlib.util.spec_from_file_location("bench_validity", _BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_validity"] = bench
_spec.loader.exec_module(bench)

SPEARMAN_FLOOR = 0.7
SPEARMAN_TARGET = 0.75


@pytest.fixture(scope="module")
def scored() -> list[object]:
    answers, _probes = bench.load_corpus()
    return bench.score_corpus(answers, bench.load_questions())


def test_spearman_ranks_ties_by_their_average() -> None:
    assert bench.ranks([10, 20, 20, 30]) == [1.0, 2.5, 2.5, 4.0]
    assert bench.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert bench.spearman([1, 2, 3, 4], [40, 30, 20, 10]) == pytest.approx(-1.0)
    # one tie on each side: Pearson of the averaged ranks
    assert bench.spearman([1, 2, 2, 3], [1, 3, 2, 4]) == pytest.approx(0.9487, abs=1e-4)


def test_spoken_seconds_follow_150_words_a_minute() -> None:
    assert bench.spoken_seconds("word " * 150) == 60.0


def test_the_corpus_covers_every_bank(scored: list[object]) -> None:
    questions = bench.by_question(scored)
    assert len(questions) >= 30
    assert {qid.split("-")[0] for qid in questions} >= {
        "pushback", "enthusiasm", "start_plan", "curiosity", "references",
    }  # fmt: skip


def test_strong_beats_stuffed_on_every_question(scored: list[object]) -> None:
    """The issue's target: a keyword-packed answer never outscores the strong one."""
    _passed, total, misses = bench.comparisons(scored)["strong > stuffed"]
    assert total >= 30
    assert misses == []


def test_strong_beats_weak_on_every_question(scored: list[object]) -> None:
    """The issue's target: a vague or evasive answer never ties or beats the strong one."""
    _passed, total, misses = bench.comparisons(scored)["strong > weak"]
    assert total >= 30
    assert misses == []


def test_scores_rank_answers_better_than_their_length(scored: list[object]) -> None:
    ours, baseline = bench.correlations(scored)
    assert ours > baseline, (ours, baseline)


def test_rank_correlation_with_the_grades_reaches_the_floor(scored: list[object]) -> None:
    """The issue's floor (Spearman 0.70; 0.747 at scorer version 6, 0.762 at 7, 0.769 at 8)."""
    ours, _baseline = bench.correlations(scored)
    assert ours >= SPEARMAN_FLOOR


def test_rank_correlation_reaches_the_target(scored: list[object]) -> None:
    """The issue's target (Spearman 0.75), first reached at scorer version 7 (0.762)."""
    ours, _baseline = bench.correlations(scored)
    assert ours >= SPEARMAN_TARGET


@pytest.mark.parametrize("comparison", ["strong > long_weak", "strong > off_topic"])
def test_strong_beats_long_weak_and_off_topic_on_nine_questions_in_ten(
    scored: list[object], comparison: str
) -> None:
    passed, total, misses = bench.comparisons(scored)[comparison]
    assert total >= 30
    assert passed >= 0.9 * total, misses


#: Today's figure, as a regression guard (the target is 56 of 80 probes). Scorer version 6:
#: 18 -> 17 (a meaning match must not rest on one shared word) -> 21 (spoken idioms) -> 27
#: (the built-in terms' wordings); version 7: 33 (indirect wordings); version 8: 36 (wordings in
#: vocabulary the terms did not use yet, two rounds); version 9: 42 (example sentences per term).
PROBES_NOW = 42


def test_paraphrase_probes_hold_todays_recall() -> None:
    _answers, probes = bench.load_corpus()
    hits, misses = bench.probe_recall(probes, bench.load_questions())
    assert len(probes) >= 20
    assert hits >= PROBES_NOW, misses


def test_typos_move_the_score_by_at_most_ten_points_on_nine_questions_in_ten(
    scored: list[object],
) -> None:
    passed, total, misses = bench.comparisons(scored)["typo within 10 points"]
    assert total >= 30
    assert passed >= 0.9 * total, misses


#: Today's figures on the calibration sets' typo answers (tests/fixtures/calibration*/typos.toml),
#: as a regression guard: scorer version 8 kept 22 and 24 of 30 within ten points; version 9
#: (typos read as the words meant, spaces put back, speech-act "if") 28 and 29, then 27 and 28
#: with example sentences (two clean strong answers earn a term by an example that their
#: typo versions miss: the gap is a gain of the clean answer).
CALIBRATION_TYPOS_NOW = {"calibration": 27, "calibration-b": 28}


@pytest.mark.parametrize("folder", sorted(CALIBRATION_TYPOS_NOW))
def test_calibration_typos_hold_todays_figure(folder: str) -> None:
    answers, _probes = bench.load_corpus(bench.GRADED.parent / folder)
    scored = bench.score_corpus(answers, bench.load_questions())
    passed, total, misses = bench.comparisons(scored)["typo within 10 points"]
    assert total == 30
    assert passed >= CALIBRATION_TYPOS_NOW[folder], misses
