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
from itertools import accumulate, compress
from operator import gt, sub

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


def _running_count(flags: Sequence[bool], is_function: Sequence[bool]) -> list[int]:
    """How many flagged words that are not function words come before each token."""
    if len(flags) != len(is_function):
        raise ValueError("flags and is_function differ in length")
    # `flag > function` is `flag and not function` for bools, without a Python-level loop.
    return list(accumulate(map(gt, flags, is_function), initial=0))


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

    keys, stems = text.keys, text.stems
    is_function = list(map(FUNCTION_WORDS.__contains__, keys))
    if covered is not None:
        is_rubric = [False] * len(keys)
        for index in covered:
            is_rubric[index] = True
    else:
        is_rubric = list(map(rubric_words.__contains__, stems))
    # Running counts of rubric words, by phrase and by vocabulary (function words never
    # count), so any stretch's is a subtraction.
    dense_before = _running_count(is_rubric, is_function)
    packed_before = _running_count(list(map(vocabulary.__contains__, stems)), is_function)
    with_phrase = Counter(map(layout.sentence_of.__getitem__, phrase_tokens))
    words = text.word_count
    function = sum(is_function)
    function_ratio = round2(function / words) if words else 0.0
    density = round2(dense_before[-1] / words) if words else 0.0
    packed_share = round2(packed_before[-1] / words) if words else 0.0
    form = well_formedness(function_ratio, density, words, packed_share)

    # Each stem's topic weight, worked out once; then the content words that carry any.
    weights = {stemmed: _topic_weight(topic, stemmed) for stemmed in text.positions()}
    # Content words (not function words) whose stem carries a weight, by built-in maps.
    carries = map(bool, map(weights.__getitem__, stems))
    weighted = list(compress(range(len(stems)), map(gt, carries, is_function)))
    # Each sentence's topic weight: each of its stems once, in the order it says them (the
    # sum's order is kept), then its rubric terms found.
    topical = [0.0] * len(layout.sentences)
    sentence_of = layout.sentence_of
    said = zip(
        map(sentence_of.__getitem__, weighted), map(stems.__getitem__, weighted), strict=True
    )
    for number, stemmed in dict.fromkeys(said):
        topical[number] += weights[stemmed]
    for number, found in with_phrase.items():
        topical[number] += PHRASE_TOPIC_WEIGHT * found
    # A prompt without content words ("Tell me more.") gives nothing to compare with.
    any_topic = not topic.prompt - topic.common
    meant = list(by_meaning[: len(topical)])
    meant += [False] * (len(topical) - len(meant))
    flags = [w >= 1.0 or m or any_topic for w, m in zip(topical, meant, strict=True)]
    # A list by the rubric's phrases, or by its vocabulary ("because trade-off fair point
    # result outcome": no phrase completed, nothing but the rubric's words).
    firsts, lasts = layout.firsts, layout.lasts
    dense = map(sub, map(dense_before.__getitem__, lasts), map(dense_before.__getitem__, firsts))
    packed = map(sub, map(packed_before.__getitem__, lasts), map(packed_before.__getitem__, firsts))
    limits = map(SENTENCE_DENSITY_MAX.__mul__, map(sub, lasts, firsts))
    listed = list(map(gt, map(max, dense, packed), limits))
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
