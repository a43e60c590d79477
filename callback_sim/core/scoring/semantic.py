"""Meaning, not wording: does a sentence say a rubric term's idea in other words?

A candidate who asks "what would the person in this seat have accomplished for you to be
pleased with the hire?" has asked what success looks like with none of the rubric's
phrases. Phrases, signals and the related-wordings list catch the common wordings; this
module catches more by comparing meanings, word by word.

Each English word has a static vector (`data/word_vectors.npz`, distilled from the sentence
model all-MiniLM-L6-v2 by `tools/build_word_vectors.py`: every word embedded alone by the
full model, reduced by PCA, stored as int8), so "accomplished" lies near "achieve" and
"success", "deadline" near "schedule". A phrase (or the term's label) is *aligned* with a
sentence: each of its content words finds the nearest word of the sentence, and the
phrase's score is the mean of those similarities, weighted by how rare each phrase word is
(smooth inverse frequency, a / (a + p(word))). A term's score in a sentence is the best of
its phrases' and label's.

A sentence earns a term by meaning when the term's score reaches SEMANTIC_MIN *and* the
term is (within SEMANTIC_MARGIN) the one the sentence is most about among the question's
terms: a sentence on the question's topic is near every term a little, and near the idea
it states more. Failing that, a sentence earns it when it aligns with one of the term's
`examples` (whole sentences a bank gives) both ways — each example word finds its nearest
word of the sentence and each word of the sentence its nearest example word, rarity-weighted,
and the F1 of the two reaches EXAMPLE_MIN — better than any other term's example
(EXAMPLE_MARGIN). The
thresholds were set on development sets of paraphrases and near misses for questions
outside the graded corpus (docs/scoring.md). Pure Python plus NumPy; the
table loads once, lazily (the TUI warms it in a worker after its first screen).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib.resources import files
from io import BytesIO

import numpy as np
import numpy.typing as npt

from callback_sim.core.models import RubricTerm
from callback_sim.core.scoring.sentences import Layout
from callback_sim.core.text import FUNCTION_WORDS, Scan, scan

#: Smooth-inverse-frequency constant: a word weighs a / (a + its share of English text).
SIF_A = 1e-3
#: A sentence earns a term by meaning from this alignment score up ...
SEMANTIC_MIN = 0.69
#: ... when no other term of the question scores higher in it by more than this.
SEMANTIC_MARGIN = 0.02
#: A phrase (or label) is compared by meaning only with this many content words: one word
#: alone ("week" of "this week") says too little of the idea.
PHRASE_MIN_WORDS = 2
#: Every content word of a phrase must find a word at least this near in the sentence: a
#: match that rests on one shared word ("nothing planned" in "we went live on the planned
#: date") is not the phrase's idea.
SEMANTIC_WORD_FLOOR = 0.35
#: A sentence needs this many content words with vectors to be compared at all.
SEMANTIC_MIN_WORDS = 3

#: A sentence earns a term by one of its examples (whole sentences a bank gives, `examples`)
#: when the two align at least this well (the F1 of the two alignments: each example word's
#: nearest word of the sentence, and each word of the sentence's nearest example word) ...
EXAMPLE_MIN = 0.56
#: ... and no other term's example aligns within this much of it in that sentence. Both set
#: on calibration sets A, B and C: at 0.54 near misses began to earn terms, at 0.58 fewer
#: paraphrases did; the sentences' mean vectors (cosine 0.75) earned fewer paraphrases and
#: let an answer to another question earn one.
EXAMPLE_MARGIN = 0.03

#: An answer's topicality is this quantile of its sentences' figures.
TOPIC_QUANTILE = 0.75
#: An answer's reach is this quantile: how near its most on-topic sentences come.
REACH_QUANTILE = 0.9
#: Topicality is judged only when the question and its rubric hold this many distinct
#: content words (a built-in question holds 33-89; a signals-only starter rubric far fewer).
TOPIC_MIN_WORDS = 30

Matrix = npt.NDArray[np.float32]


class WordVectors:
    """The shipped word-vector table: comparison key -> unit vector and SIF weight."""

    def __init__(self, words: Sequence[str], vectors: Matrix, weights: Matrix) -> None:
        self.index: dict[str, int] = {}
        for position, word in enumerate(words):
            self.index.setdefault(word.replace("'", ""), position)
        self.vectors = vectors
        self.weights = weights

    def rows(self, keys: Sequence[str], stems: Sequence[str]) -> list[int]:
        """Each word's row (by its key, else its stem), -1 for a function word or no vector."""
        index = self.index
        return [
            -1 if key in FUNCTION_WORDS else index.get(key, index.get(stem, -1))
            for key, stem in zip(keys, stems, strict=True)
        ]

    def content_ids(self, keys: Sequence[str], stems: Sequence[str]) -> list[int]:
        """Row numbers of the content words (not function words) that have a vector."""
        return [row for row in self.rows(keys, stems) if row >= 0]


@lru_cache(maxsize=1)
def word_vectors() -> WordVectors:
    """Load the shipped table once (the TUI warms it in a worker after its first screen)."""
    raw = files("callback_sim.core").joinpath("data/word_vectors.npz").read_bytes()
    with np.load(BytesIO(raw)) as data:
        words = str(data["words"]).split("\n")
        vectors = data["vectors"].astype(np.float32) * data["scale"][:, None]
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
        weights = (SIF_A / (SIF_A + data["probability"])).astype(np.float32)
    return WordVectors(words, vectors, weights)


def warm_up() -> None:
    """Load the table now."""
    word_vectors()


@dataclass(frozen=True)
class RubricMeaning:
    """A rubric's phrases as word rows, compiled once per rubric."""

    words: npt.NDArray[np.int64]  # distinct content-word rows of every phrase and label
    weights: Matrix  # phrases x words: each phrase's word weights, summing to 1 per row
    members: Matrix  # phrases x words: 1 where the phrase holds the word
    groups: tuple[tuple[int, int], ...]  # per term: its phrase rows [start, stop), or (0, 0)
    texts: tuple[str, ...]  # each phrase row's text
    examples: RubricExamples | None = None  # the terms' example sentences (`rubric_meaning`)


@lru_cache(maxsize=256)
def compile_meaning(terms: tuple[tuple[str, tuple[str, ...]], ...]) -> RubricMeaning:
    """(label, phrases) per term -> the rows and weights the alignment needs."""
    table = word_vectors()
    rows: dict[int, int] = {}
    entries: list[tuple[list[int], Matrix]] = []
    texts: list[str] = []
    starts: list[int] = []
    for label, phrases in terms:
        starts.append(len(texts))
        for text in (label, *phrases):
            scanned = scan(text)
            ids = table.content_ids(scanned.keys, scanned.stems)
            if len(ids) < PHRASE_MIN_WORDS:
                continue
            positions = [rows.setdefault(i, len(rows)) for i in ids]
            entries.append((positions, table.weights[ids]))
            texts.append(text)
        if starts[-1] == len(texts):
            starts[-1] = -1
    weights = np.zeros((len(texts), len(rows)), np.float32)
    for row, (positions, values) in enumerate(entries):
        np.add.at(weights[row], positions, values / values.sum())
    groups = []
    for number, start in enumerate(starts):
        stop = next((s for s in starts[number + 1 :] if s >= 0), len(texts))
        groups.append((start, stop) if start >= 0 else (0, 0))
    members = (weights > 0).astype(np.float32)
    return RubricMeaning(
        np.array(list(rows), dtype=np.int64), weights, members, tuple(groups), tuple(texts)
    )


@dataclass(frozen=True)
class RubricExamples:
    """A rubric's example sentences as word rows, compiled once per rubric."""

    starts: tuple[int, ...]  # per term with examples: its first example
    owners: tuple[int, ...]  # the term number of each group in `starts`
    texts: tuple[str, ...]  # each example's sentence
    words: npt.NDArray[np.int64]  # every example's content-word rows, example by example
    word_starts: npt.NDArray[np.int64]  # per example: its first position in `words`
    word_weights: Matrix  # examples x len(words): each example's word weights, summing to 1


@lru_cache(maxsize=256)
def compile_examples(examples: tuple[tuple[str, ...], ...]) -> RubricExamples | None:
    """Each term's examples (a tuple per term) -> their word rows and weights; None when no
    term has one long enough to compare (SEMANTIC_MIN_WORDS content words)."""
    table = word_vectors()
    starts: list[int] = []
    owners: list[int] = []
    texts: list[str] = []
    word_rows: list[list[int]] = []
    for number, sentences in enumerate(examples):
        first = len(texts)
        for sentence in sentences:
            scanned = scan(sentence)
            ids = table.content_ids(scanned.keys, scanned.stems)
            if len(ids) >= SEMANTIC_MIN_WORDS:
                texts.append(sentence)
                word_rows.append(ids)
        if len(texts) > first:
            starts.append(first)
            owners.append(number)
    if not texts:
        return None
    words = np.array([i for ids in word_rows for i in ids], np.int64)
    word_starts = np.cumsum([0] + [len(ids) for ids in word_rows[:-1]]).astype(np.int64)
    weights = np.zeros((len(word_rows), len(words)), np.float32)
    for number, (start, ids) in enumerate(zip(word_starts.tolist(), word_rows, strict=True)):
        values = table.weights[ids]
        weights[number, start : start + len(ids)] = values / values.sum()
    return RubricExamples(
        tuple(starts),
        tuple(owners),
        tuple(texts),
        words,
        word_starts,
        weights,
    )


@dataclass(frozen=True)
class Meanings:
    """Each term's alignment score (rows) in each sentence (columns) of one answer."""

    scores: Matrix
    phrase_scores: Matrix  # phrase rows x sentences
    groups: tuple[tuple[int, int], ...]  # per term: its phrase rows [start, stop)
    texts: tuple[str, ...]
    usable: tuple[bool, ...]  # per sentence: enough content words to compare
    #: Per term, its best-aligned example's F1 in each sentence (-1 without examples), and
    #: that example's number; None when the rubric has no examples.
    example_scores: Matrix | None = None
    example_rows: npt.NDArray[np.int64] | None = None
    example_texts: tuple[str, ...] = ()

    @cached_property
    def top(self) -> list[float]:
        """Per sentence, the best score of any term."""
        return self.scores.max(axis=0).tolist()

    @cached_property
    def term_best(self) -> list[float]:
        """Per term, its best score in any sentence (one NumPy call for all terms)."""
        return self.scores.max(axis=1).tolist() if self.scores.shape[1] else []

    def best(self, term: int, allowed: Sequence[bool] | None = None) -> tuple[int, float] | None:
        """The sentence that earns term `term` by meaning, and its score, or None: by its
        phrases' and label's alignment first, else by its nearest example."""
        if not self.usable or term >= self.scores.shape[0]:
            return None
        if self.term_best[term] < SEMANTIC_MIN:
            return self._by_example(term, allowed)
        row = self.scores[term].tolist()
        top = self.top
        best: tuple[int, float] | None = None
        for index, usable in enumerate(self.usable):
            if not usable or (allowed is not None and not allowed[index]):
                continue
            value = row[index]
            if value < SEMANTIC_MIN or value < top[index] - SEMANTIC_MARGIN:
                continue
            if best is None or value > best[1]:
                best = (index, value)
        return best if best is not None else self._by_example(term, allowed)

    def _by_example(self, term: int, allowed: Sequence[bool] | None) -> tuple[int, float] | None:
        """The allowed sentence best aligned with one of the term's examples (EXAMPLE_MIN),
        and that F1, when no other term's example comes within EXAMPLE_MARGIN there."""
        scores = self.example_scores
        if scores is None or scores[term].max() < EXAMPLE_MIN:
            return None
        best: tuple[int, float] | None = None
        for index, usable in enumerate(self.usable):
            if not usable or (allowed is not None and not allowed[index]):
                continue
            column = scores[:, index]
            value = float(column[term])
            if value < EXAMPLE_MIN or (best is not None and value <= best[1]):
                continue
            others = np.delete(column, term)
            if len(others) and value - float(others.max()) < EXAMPLE_MARGIN:
                continue
            best = (index, value)
        return best

    def phrase(self, term: int, sentence: int) -> str:
        """The phrase (or label) of `term` nearest in meaning to `sentence`, or, when the
        term was earned by an example there, that example."""
        start, stop = self.groups[term]
        if stop > start and self.scores[term, sentence] >= SEMANTIC_MIN:
            return self.texts[start + int(self.phrase_scores[start:stop, sentence].argmax())]
        if self.example_rows is not None and self.example_rows[term, sentence] >= 0:
            return self.example_texts[int(self.example_rows[term, sentence])]
        return self.texts[start + int(self.phrase_scores[start:stop, sentence].argmax())]


@dataclass(frozen=True)
class AnswerWords:
    """The content words of one answer that have vectors, sentence by sentence."""

    ids: npt.NDArray[np.int64]  # vector rows, in answer order
    bounds: npt.NDArray[np.int64]  # per sentence: its first position in `ids`
    sizes: npt.NDArray[np.int64]  # per sentence: how many of `ids` are its

    @cached_property
    def live(self) -> npt.NDArray[np.int64]:
        """Sentences with at least one word."""
        return np.flatnonzero(self.sizes)

    @cached_property
    def distinct(self) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """The distinct rows, sorted, and where each of `ids` is among them (`np.unique`'s
        inverse): a long answer repeats its words, so each is compared once, and the meaning
        matcher and the topicality figures share the one sort."""
        distinct, where = np.unique(self.ids, return_inverse=True)
        return distinct, where

    def usable(self) -> tuple[bool, ...]:
        return tuple(bool(size >= SEMANTIC_MIN_WORDS) for size in self.sizes)


def answer_words(text: Scan, layout: Layout) -> AnswerWords:
    """Look every word of the answer up once (function words and unknown words left out)."""
    # Each distinct word looked up once, then spread to its tokens.
    rows = np.array(word_vectors().rows(text.word_keys, text.word_stems), np.int64)
    rows = rows[text.id_array()]
    found = rows >= 0
    # Sentences cover the tokens in order, so a running count of the words with vectors
    # gives each sentence's first position in `ids` and its size.
    before = np.concatenate(([0], np.cumsum(found, dtype=np.int64)))
    firsts = np.array(layout.firsts, np.int64)
    lasts = np.array(layout.lasts, np.int64)
    bounds = before[firsts]
    return AnswerWords(rows[found], bounds, before[lasts] - bounds)


def _nearest(rows: npt.NDArray[np.int64], words: AnswerWords) -> Matrix:
    """For each word of `rows`, its best similarity in each sentence (rows x sentences)."""
    table = word_vectors()
    live = words.live
    near = np.zeros((len(rows), len(words.sizes)), np.float32)
    if len(rows) and len(live):
        distinct, where = words.distinct
        similarity = (table.vectors[rows] @ table.vectors[distinct].T)[:, where]
        near[:, live] = np.maximum.reduceat(similarity, words.bounds[live], axis=1)
    return near


def rubric_meaning(terms: Sequence[RubricTerm]) -> RubricMeaning:
    """The compiled meanings of these terms, with their examples (each part cached by its
    labels and phrases, or its example sentences)."""
    compiled = compile_meaning(tuple((t.label, tuple(t.phrases)) for t in terms))
    examples = rubric_examples(terms)
    return compiled if examples is None else replace(compiled, examples=examples)


def meanings(
    terms: Sequence[RubricTerm], words: AnswerWords, compiled: RubricMeaning | None = None
) -> Meanings:
    """Align every phrase of every term with every sentence of an answer (`compiled`:
    `rubric_meaning(terms)`, when the caller has it already)."""
    count = len(words.sizes)
    if compiled is None:
        compiled = rubric_meaning(terms)
    scores = np.zeros((len(terms), count), np.float32)
    groups = compiled.groups
    if not len(words.ids) or not len(compiled.texts):
        empty = np.zeros((len(compiled.texts), count), np.float32)
        return Meanings(scores, empty, groups, compiled.texts, words.usable())
    near = _nearest(compiled.words, words)
    phrase_scores = compiled.weights @ near  # phrases x sentences
    # How many of each phrase's words find nothing near enough in each sentence.
    unmatched = compiled.members @ (near < SEMANTIC_WORD_FLOOR).astype(np.float32)
    phrase_scores[unmatched > 0] = 0.0
    with_rows = [n for n, (a, b) in enumerate(groups) if b > a]
    if with_rows:
        scores[with_rows] = np.maximum.reduceat(
            phrase_scores, [groups[n][0] for n in with_rows], axis=0
        )
    examples = compiled.examples
    if examples is None:
        return Meanings(scores, phrase_scores, groups, compiled.texts, words.usable())
    example_scores, example_rows = _example_scores(examples, words, len(terms))
    return Meanings(
        scores,
        phrase_scores,
        groups,
        compiled.texts,
        words.usable(),
        example_scores,
        example_rows,
        examples.texts,
    )


def rubric_examples(terms: Sequence[RubricTerm]) -> RubricExamples | None:
    """The compiled examples of these terms (cached by their example sentences)."""
    if not any(t.examples for t in terms):
        return None
    return compile_examples(tuple(tuple(t.examples) for t in terms))


def _example_scores(
    examples: RubricExamples, words: AnswerWords, count: int
) -> tuple[Matrix, npt.NDArray[np.int64]]:
    """Per term and sentence: its best-aligned example's F1 (-1 for a term without examples)
    and that example's number (-1 likewise)."""
    sentences = len(words.sizes)
    scores = np.full((count, sentences), -1.0, np.float32)
    rows = np.full((count, sentences), -1, np.int64)
    if not sentences:
        return scores, rows
    similarity = _aligned(examples, words)  # examples x sentences
    bounds = (*examples.starts[1:], len(examples.texts))
    for start, stop, owner in zip(examples.starts, bounds, examples.owners, strict=True):
        block = similarity[start:stop]
        nearest = block.argmax(axis=0)
        scores[owner] = block[nearest, np.arange(sentences)]
        rows[owner] = nearest + start
    return scores, rows


def _aligned(examples: RubricExamples, words: AnswerWords) -> Matrix:
    """Per example and sentence: the F1 of the two alignments (each example word's nearest
    sentence word, each sentence word's nearest example word, rarity-weighted means)."""
    table = word_vectors()
    out = np.zeros((len(examples.texts), len(words.sizes)), np.float32)
    live = words.live
    if not len(live):
        return out
    distinct, where = words.distinct
    # Example words x the answer's distinct words; spread to its words only where needed.
    similarity = table.vectors[examples.words] @ table.vectors[distinct].T
    bounds = words.bounds[live]
    recall = examples.word_weights @ np.maximum.reduceat(similarity[:, where], bounds, axis=1)
    weights = table.weights[words.ids]
    nearest = np.maximum.reduceat(similarity, examples.word_starts, axis=0)[:, where]
    precision = np.add.reduceat(nearest * weights, bounds, axis=1) / np.add.reduceat(
        weights, bounds
    )
    out[:, live] = 2 * recall * precision / (recall + precision + 1e-9)
    return out


@lru_cache(maxsize=256)
def _topic_rows(texts: tuple[str, ...]) -> npt.NDArray[np.int64]:
    table = word_vectors()
    rows: set[int] = set()
    for text in texts:
        scanned = scan(text)
        rows.update(table.content_ids(scanned.keys, scanned.stems))
    return np.array(sorted(rows), dtype=np.int64)


def sentence_topicality(topic_texts: Sequence[str], words: AnswerWords) -> Matrix | None:
    """Per sentence, how near its words lie to the question's own words (NaN for a sentence
    with too few words to tell); None when the rubric is too thin to judge (TOPIC_MIN_WORDS).

    Each content word of a sentence finds its nearest word among the question's own words
    (prompt, term labels and phrases); the sentence's figure is the rarity-weighted mean of
    those similarities.
    """
    rows = _topic_rows(tuple(topic_texts))
    if len(rows) < TOPIC_MIN_WORDS:
        return None  # a thin rubric does not describe its topic well enough to judge
    figures = np.full(len(words.sizes), np.nan, np.float32)
    usable = np.flatnonzero(words.sizes >= SEMANTIC_MIN_WORDS)
    if not len(usable):
        return figures
    table = word_vectors()
    distinct, where = words.distinct
    near = (table.vectors[distinct] @ table.vectors[rows].T).max(axis=1)[where]
    weights = table.weights[words.ids]
    live = words.live
    weighted = np.add.reduceat(near * weights, words.bounds[live])
    total = np.add.reduceat(weights, words.bounds[live])
    figures[usable] = (weighted / total)[np.searchsorted(live, usable)]
    return figures


def topicality(figures: Matrix | None) -> float | None:
    """How much an answer talks about the question (0-1): the upper quartile
    (TOPIC_QUANTILE) of its sentences' figures, so a story that wanders for a sentence or
    two is not held against it, while an answer to another question stays low throughout.
    None when the rubric is too thin or no sentence is long enough to tell."""
    return _judged_quantile(figures, TOPIC_QUANTILE)


def reach(figures: Matrix | None) -> float | None:
    """How near the answer's most on-topic sentences come to the question (0-1): the
    REACH_QUANTILE of its sentences' figures. A strong answer full of its own specifics
    ("community solar", "tax equity") lies far from the question's words in most sentences
    but comes back to the question in one or two ("why now is partly you and partly me"); an
    answer to another question never does. None when topicality is not judged."""
    return _judged_quantile(figures, REACH_QUANTILE)


def _judged_quantile(figures: Matrix | None, share: float) -> float | None:
    """The `share` quantile of the sentences' figures that are judged (finite), or None."""
    if figures is None:
        return None
    finite = figures[np.isfinite(figures)]
    if not len(finite):
        return None
    return upper_quantile(finite, share)


def upper_quantile(values: Matrix, share: float) -> float:
    """`float(np.quantile(values, share))` (its default, linear method) for a non-empty
    float32 vector of finite values, without np.quantile's general machinery (a tenth of
    the time on a short vector). The same float32 steps, so the same bits: tests compare the
    two on many random vectors."""
    ordered = np.sort(values)
    virtual = (len(ordered) - 1) * share
    below = math.floor(virtual)
    above = min(below + 1, len(ordered) - 1)
    gamma = virtual - below
    low, high = ordered[below], ordered[above]
    step = high - low
    # np.quantile interpolates from the nearer end (numpy's _lerp).
    return float(high - step * (1 - gamma)) if gamma >= 0.5 else float(low + step * gamma)
