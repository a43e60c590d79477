"""The gate between sentences and keyword lists, and between this question and another.

Three figures (docs/scoring.md, "The gate"): whether each matched phrase sits in a real
clause, an answer-level well-formedness factor from the function-word ratio and the
rubric-word density, and which sentences are on the question's topic.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from callback_sim.core.models import Gate, Question
from callback_sim.core.scoring.formula import (
    CLAUSE_WORDS,
    COMMON_TOPIC_WEIGHT,
    PHRASE_TOPIC_WEIGHT,
    RUBRIC_TOPIC_WEIGHT,
    SENTENCE_DENSITY_MAX,
    on_topic_factor,
    round2,
    well_formedness,
)
from callback_sim.core.scoring.sentences import Layout
from callback_sim.core.text import FUNCTION_WORDS, Scan, common_words, root, scan


@dataclass(frozen=True)
class Topic:
    """The content words of a question's prompt and rubric, as stems and roots."""

    stems: frozenset[str]
    roots: frozenset[str]
    common: frozenset[str]  # those among them that are common English words
    prompt: frozenset[str]  # those that the question itself uses


@lru_cache(maxsize=512)
def topic_of(prompt: str, rubric_texts: tuple[str, ...]) -> Topic:
    """Topic words of a question: content words of the prompt, rubric labels and phrases."""
    stems: set[str] = set()
    common: set[str] = set()
    frequent = common_words()
    asked = frozenset(scan(prompt).stems)
    for text in (prompt, *rubric_texts):
        scanned = scan(text)
        for key, stemmed in zip(scanned.keys, scanned.stems, strict=True):
            if key in FUNCTION_WORDS or not stemmed.isalpha() or len(stemmed) < 3:
                continue
            stems.add(stemmed)
            if key in frequent:
                common.add(stemmed)
    roots = frozenset(root(s) for s in stems)
    return Topic(frozenset(stems), roots, frozenset(common), asked & frozenset(stems))


def question_topic(question: Question) -> Topic:
    texts = tuple(text for term in question.rubric for text in (term.label, *term.phrases))
    return topic_of(question.prompt, texts)


class ClauseCheck:
    """Whether a phrase sits in a real clause: its sentence has CLAUSE_WORDS words besides
    rubric words, and a function word besides the phrase (the glue a keyword list lacks).

    A function word counts among the other words unless a rubric phrase found in the answer
    holds it: "I'm not really interested in a counter-offer" is a sentence even though
    "I'm", "in" and "a" occur in some phrase of the rubric somewhere.
    Each sentence's counts are taken once, so a phrase said a thousand times costs little.
    """

    def __init__(
        self,
        text: Scan,
        layout: Layout,
        rubric_words: frozenset[str],
        occupied: frozenset[int] = frozenset(),
    ) -> None:
        self.text, self.layout, self.rubric_words = text, layout, rubric_words
        self.occupied = occupied
        self._counts: dict[int, tuple[int, int]] = {}

    def _counts_of(self, tokens: range) -> tuple[int, int]:
        """(words besides rubric words, function words) among `tokens`."""
        stems, keys, rubric, occupied = (
            self.text.stems,
            self.text.keys,
            self.rubric_words,
            self.occupied,
        )
        others = glue = 0
        for i in tokens:  # one pass for both counts
            if keys[i] in FUNCTION_WORDS:
                glue += 1
                if stems[i] not in rubric or i not in occupied:
                    others += 1
            elif stems[i] not in rubric:
                others += 1
        return others, glue

    def __call__(self, first: int, last: int) -> bool:
        """Does the phrase on tokens [first, last] sit in a real clause?"""
        number = self.layout.sentence_of[first]
        counts = self._counts.get(number)
        if counts is None:
            sentence = self.layout.sentences[number]
            counts = self._counts[number] = self._counts_of(range(sentence.first, sentence.last))
        others, glue = counts
        in_phrase = self._counts_of(range(first, last + 1))
        return glue - in_phrase[1] > 0 and others - in_phrase[0] >= CLAUSE_WORDS


def _topic_weight(topic: Topic, stemmed: str) -> float:
    """How much one content word says the sentence is on the question's topic."""
    if stemmed in topic.stems:
        share = COMMON_TOPIC_WEIGHT if stemmed in topic.common else 1.0
        return share if stemmed in topic.prompt else share * RUBRIC_TOPIC_WEIGHT
    if len(stemmed) >= 4 and root(stemmed) in topic.roots:
        return COMMON_TOPIC_WEIGHT * RUBRIC_TOPIC_WEIGHT
    return 0.0


@dataclass(frozen=True)
class GateResult:
    """The gate's figures plus, per sentence, whether signals may count there."""

    gate: Gate
    on_topic: tuple[bool, ...]  # a sentence sharing topic words
    signal_ok: tuple[bool, ...]  # on topic, or next to an on-topic sentence of the same story
    prose: tuple[bool, ...] = ()  # a sentence that is not a keyword list


def _running_count(flags: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """How many flagged tokens come before each token (and, last, in all)."""
    before = np.zeros(len(flags) + 1, np.int64)
    np.cumsum(flags, out=before[1:])
    return before


def measure_gate(
    text: Scan,
    layout: Layout,
    rubric_words: frozenset[str],
    topic: Topic,
    phrase_tokens: Iterable[int] = (),
    covered: frozenset[int] | None = None,
    by_meaning: Sequence[bool] = (),
    vocabulary: frozenset[str] = frozenset(),
) -> GateResult:
    """Well-formedness and topic figures of one answer.

    A sentence is on topic when its words share enough with the question's topic words, or
    when it holds a rubric phrase (`phrase_tokens`: first tokens of matched phrases, typos
    included), or when `by_meaning` says so for it (its words lie near the question's).
    `covered`: the tokens the rubric's phrases occupy; without it, every word of the
    rubric's vocabulary counts as a rubric word. `vocabulary`: the rubric's words that a
    stuffed answer would pack (its second density figure).
    """

    # Per-token flags from per-word ones, spread over the tokens by the scan's word ids.
    ids = text.id_array()
    is_function = np.array([k in FUNCTION_WORDS for k in text.word_keys], bool)[ids]
    content = ~is_function
    if covered is not None:
        is_rubric = np.zeros(len(ids), bool)
        is_rubric[np.fromiter(covered, np.intp, len(covered))] = True
    else:
        is_rubric = np.array([s in rubric_words for s in text.word_stems], bool)[ids]
    is_packed = np.array([s in vocabulary for s in text.word_stems], bool)[ids]
    # Running counts of rubric words, by phrase and by vocabulary (function words never
    # count), so any stretch's is a subtraction.
    dense_before = _running_count(is_rubric & content)
    packed_before = _running_count(is_packed & content)
    sentence_of = layout.sentence_of
    with_phrase = Counter(map(sentence_of.__getitem__, phrase_tokens))
    words = text.word_count
    function = int(is_function.sum())
    function_ratio = round2(function / words) if words else 0.0
    density = round2(int(dense_before[-1]) / words) if words else 0.0
    packed_share = round2(int(packed_before[-1]) / words) if words else 0.0
    form = well_formedness(function_ratio, density, words, packed_share)

    # Each sentence's topic weight: each of its content words' stems once, in the order
    # it says them (so the sum's order is kept), then its rubric terms found.
    positions = text.positions()
    stem_number = {stemmed: number for number, stemmed in enumerate(positions)}
    weights = np.array([_topic_weight(topic, stemmed) for stemmed in positions], np.float64)
    word_stem = np.array([stem_number[s] for s in text.word_stems], np.intp)
    token_stem = word_stem[ids]
    firsts = np.array(layout.firsts, np.intp)
    lasts = np.array(layout.lasts, np.intp)
    sentence = np.repeat(np.arange(len(firsts)), lasts - firsts)  # per token
    weighted = np.flatnonzero((weights[token_stem] != 0) & content)
    said = sentence[weighted] * len(weights) + token_stem[weighted]
    first_said = np.sort(np.unique(said, return_index=True)[1])  # each pair once, in order
    topical = np.bincount(
        sentence[weighted[first_said]],
        weights[token_stem[weighted[first_said]]],
        minlength=len(firsts),
    ).tolist()
    for number, found in with_phrase.items():
        topical[number] += PHRASE_TOPIC_WEIGHT * found
    # A prompt without content words ("Tell me more.") gives nothing to compare with.
    any_topic = not topic.prompt - topic.common
    meant = list(by_meaning[: len(topical)])
    meant += [False] * (len(topical) - len(meant))
    flags = [w >= 1.0 or m or any_topic for w, m in zip(topical, meant, strict=True)]
    # A list by the rubric's phrases, or by its vocabulary ("because trade-off fair point
    # result outcome": no phrase completed, nothing but the rubric's words).
    dense = dense_before[lasts] - dense_before[firsts]
    packed = packed_before[lasts] - packed_before[firsts]
    listed = (np.maximum(dense, packed) > SENTENCE_DENSITY_MAX * (lasts - firsts)).tolist()
    count = len(flags)
    # The story around each on-topic sentence counts too: a strong answer says "outbreak"
    # where the question said "crisis", and its next sentence is still on topic.
    story = [
        flags[i] or (i > 0 and flags[i - 1]) or (i + 1 < count and flags[i + 1])
        for i in range(count)
    ]
    on = sum(flags)
    topic_factor = on_topic_factor(sum(story) if on else 0, count)
    # In an answer that is on topic as a whole, every sentence of it may show a signal (the
    # reflection at the end of a story rarely repeats the question's words); otherwise
    # only the on-topic sentences and their neighbours.
    signal_ok = tuple((story[i] or topic_factor == 1.0) and not listed[i] for i in range(count))
    gate = Gate(
        function_word_ratio=function_ratio,
        rubric_word_density=density,
        well_formedness=form,
        rubric_vocabulary_density=packed_share,
        sentences=count,
        on_topic_sentences=on,
        on_topic=topic_factor,
    )
    return GateResult(gate, tuple(flags), signal_ok, tuple(not item for item in listed))
