"""The numbers of the score: weights, limits and the formulas docs/scoring.md repeats.

Everything here is arithmetic on counted figures, so a user can recompute a score by hand.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from callback_sim.core.models import Delivery, TermResult

CONTENT_SHARE = 0.7
DELIVERY_SHARE = 0.3
#: Content points lost per unit of weight of each avoid-term found.
AVOID_POINTS = 10.0
#: Content points lost for each missing required term (besides its weight), at most REQUIRED_MAX.
REQUIRED_POINTS, REQUIRED_MAX = 10.0, 20.0

# Credit of a term: the fraction of its weight it earns.
#: A phrase in a real clause, or a signal in an on-topic sentence: full credit.
PHRASE_CREDIT = SIGNAL_CREDIT = 1.0
#: A term's idea said in other words (core/scoring/semantic.py): less certain than a phrase.
MEANING_CREDIT = 0.75
#: A phrase in a keyword list (too few other words around it).
LIST_CREDIT = 0.2
#: A phrase's sentence needs this many words besides rubric words, and a function word.
CLAUSE_WORDS = 3
#: One sentence earns at most this many terms by phrases in full; a sentence that ticks off
#: more of the rubric's points recites a checklist (natural answers, strong ones included,
#: make one point or two a sentence: in the calibration set no sentence makes three).
SENTENCE_TERMS_MAX = 2

# Well-formedness: natural spoken answers run at 45-60% function words, a phrase list at
# 10-25%; rubric words make up a small share of a real answer and most of a stuffed one.
FUNCTION_LOW, FUNCTION_HIGH = 0.15, 0.35
DENSITY_LOW, DENSITY_HIGH = 0.25, 0.40
#: The same for the rubric's vocabulary, every word of its phrases whether or not the answer
#: completes a phrase: packing "learn, grow, mentoring" is stuffing however the rubric happens
#: to phrase those words ("room to grow", "a mentor"). Natural answers, even dense on-topic
#: ones, stay near or under 30%; from 45%, the answer is a list of the rubric's words.
VOCABULARY_LOW, VOCABULARY_HIGH = 0.30, 0.45
#: A concrete answer names specifics, a real example or an action of the speaker's own, or
#: asks an open question: content is multiplied by CONCRETE_BASE + (1 - CONCRETE_BASE) x
#: (share of such sentences / CONCRETE_FULL_SHARE), at most 1. A generic answer, however
#: long, earns less than one that says what happened.
CONCRETE_BASE, CONCRETE_FULL_SHARE = 0.4, 0.5
#: Delivery counts in full only once content reaches RELEVANCE_FULL: smooth delivery of an
#: answer that covers little of the question (or another question) earns little.
RELEVANCE_FULL = 50.0
#: A signal counts only in a sentence with at most this share of rubric words (not a list).
SENTENCE_DENSITY_MAX = 0.5
#: The lowest well-formedness factor (an honest bullet list keeps some credit).
FORM_FLOOR = 0.3
#: Well-formedness is only judged from this many words on (a short answer is too noisy).
FORM_MIN_WORDS = 12

#: The on-topic factor is full from this share of on-topic sentences (or two of them).
TOPIC_FULL_SHARE, TOPIC_FULL_SENTENCES = 0.33, 2
#: A shared topic word common in English counts this much; a rarer one counts 1. A sentence
#: is on topic from a total of 1.
COMMON_TOPIC_WEIGHT = 0.5
#: A topic word that only the rubric (not the question) uses counts this share of that;
#: each rubric term whose phrase a sentence holds adds PHRASE_TOPIC_WEIGHT (typos included).
RUBRIC_TOPIC_WEIGHT = 0.5
PHRASE_TOPIC_WEIGHT = 0.5
#: Topicality by meaning (core/scoring/semantic.py): in an answer whose words lie less near
#: the question's own words than this, a signal or a paraphrase earns a term only in a
#: sentence that is itself on topic (not in its neighbours): fluent answers to another
#: question otherwise collect signals from their own story.
TOPICALITY_STRICT = 0.45
#: ... unless at least this share of its sentences is on topic by their own words: an answer
#: to another question keeps off the question's words throughout, while a short on-topic
#: answer full of its own specifics ("Priya said they ship twice a month") may have a low
#: topicality with every other sentence on the question's words.
TOPIC_STRICT_SHARE = 0.5
#: A sentence whose own topicality reaches this is on topic, whatever words it shares.
SENTENCE_TOPICAL = 0.55
#: Focus: an answer whose reach (semantic.reach) is below FOCUS_HIGH strays from the
#: question, fully at FOCUS_LOW; the uncovered share of the rubric is then taken off content
#: in proportion, and in proportion to its sentences off the question's words (see
#: focus_factor). Set on the calibration sets (docs/scoring.md).
FOCUS_LOW, FOCUS_HIGH = 0.48, 0.58
#: The feedback says the answer strays from the question below this focus factor.
FOCUS_WARN = 0.8

#: Delivery starts here; energy words can add up to ENERGY_MAX.
DELIVERY_BASE = 90.0
ENERGY_POINTS, ENERGY_MAX = 5.0, 10.0
PAUSE_POINTS, PAUSE_MAX = 5.0, 25.0
MARKER_POINTS, MARKER_MAX = 4.0, 20.0
HEDGE_POINTS, HEDGE_MAX = 4.0, 20.0
#: Answers under SHORT_WORDS words lose SHORT_POINTS per missing word, at most SHORT_MAX.
SHORT_WORDS, SHORT_POINTS, SHORT_MAX = 40, 1.5, 60.0
#: Over the limit: OVERTIME_BASE + OVERTIME_SCALE x overtime / limit, at most OVERTIME_MAX.
OVERTIME_BASE, OVERTIME_SCALE, OVERTIME_MAX = 10.0, 20.0, 30.0
#: Using less than this share of the time limit costs QUICK_POINTS.
QUICK_SHARE, QUICK_POINTS = 0.15, 10.0
#: Counts are taken per 100 words, over at least this many words.
RATE_FLOOR = 100


def round1(value: float) -> float:
    """One decimal, halves up, as a person rounds by hand (73.35 -> 73.4, not float's 73.3)."""
    # round(value, 9) first removes float noise such as 73.34999999999999.
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def round2(value: float) -> float:
    """Two decimals, halves up: the gate's factors as shown and as used in the formula."""
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def plain_number(value: float) -> float:
    """3.0 -> 3 so JSON shows weights and seconds the way the bank and user wrote them."""
    return int(value) if float(value).is_integer() else value


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def well_formedness(
    function_ratio: float, density: float, words: int, vocabulary: float = 0.0
) -> float:
    """0.3-1: how much the answer reads as sentences rather than a list of keywords."""
    if words < FORM_MIN_WORDS:
        return 1.0
    by_function = _clamp((function_ratio - FUNCTION_LOW) / (FUNCTION_HIGH - FUNCTION_LOW))
    by_density = _clamp((DENSITY_HIGH - density) / (DENSITY_HIGH - DENSITY_LOW))
    by_vocabulary = _clamp((VOCABULARY_HIGH - vocabulary) / (VOCABULARY_HIGH - VOCABULARY_LOW))
    return round2(FORM_FLOOR + (1 - FORM_FLOOR) * min(by_function, by_density, by_vocabulary))


def concreteness_factor(concrete: int, sentences: int) -> float:
    """0.4-1 from the share of concrete sentences: a generic answer earns less."""
    if sentences == 0:
        return 1.0
    share = concrete / sentences
    return round2(min(1.0, CONCRETE_BASE + (1 - CONCRETE_BASE) * share / CONCRETE_FULL_SHARE))


def on_topic_factor(on_topic: int, sentences: int) -> float:
    """0-1: full when enough sentences are on the question's topic, 0 when none is."""
    if sentences == 0 or on_topic == 0:
        return 0.0
    if on_topic >= TOPIC_FULL_SENTENCES:
        return 1.0
    return round2(min(1.0, on_topic / sentences / TOPIC_FULL_SHARE))


def focus_factor(reach: float | None, covered: float, on_topic_share: float) -> float:
    """0-1: how much of its content an answer keeps for answering the question asked.

    1 for an answer that comes near the question's own words somewhere (reach from
    FOCUS_HIGH up). Below that it strays, fully at FOCUS_LOW, and loses the share of the
    rubric it does not cover, in proportion to how far it strays and to the share of its
    sentences that share no words with the question either: an answer to another question
    that picks up a few generic phrases keeps little of them, while one that covers the
    rubric, or whose sentences keep to the question's words, keeps its coverage.
    `covered` is the coverage (0-100); a reach of None (not judged) gives 1."""
    if reach is None or reach >= FOCUS_HIGH:
        return 1.0
    strays = min(1.0, (FOCUS_HIGH - reach) / (FOCUS_HIGH - FOCUS_LOW))
    return round2(1.0 - (1.0 - covered / 100.0) * strays * (1.0 - on_topic_share))


def coverage(terms: Sequence[TermResult]) -> float:
    """100 x the credited weight of the rubric terms over their total weight (unrounded)."""
    total = sum(t.weight for t in terms)
    if not total:
        return 100.0
    return 100.0 * sum(t.weight * t.credit for t in terms if t.matched) / total


def content_score(
    terms: Sequence[TermResult],
    avoid: Sequence[TermResult],
    words: int,
    *,
    form: float = 1.0,
    topic: float = 1.0,
    concrete: float = 1.0,
    focus: float = 1.0,
) -> float:
    """Credited coverage x well-formedness x on-topic x concreteness x focus, minus
    avoid-terms and missing required terms."""
    if words == 0:
        return 0.0
    value = coverage(terms) * form * topic * concrete * focus
    value -= AVOID_POINTS * sum(t.weight for t in avoid if t.matched)
    missing = sum(1 for t in terms if t.required and not t.matched)
    value -= min(REQUIRED_MAX, REQUIRED_POINTS * missing)
    return round1(max(0.0, value))


def relevance(content: float) -> float:
    """0-1: how much of the delivery score counts, from the content score."""
    return min(1.0, content / RELEVANCE_FULL)


def total_score(content: float, delivery: float) -> float:
    """The 0-100 total from the (rounded) content and delivery scores.

    Delivery is scaled by `relevance(content)`: a fluent answer that says little to the
    question asked does not earn delivery points for it.
    """
    return round1(CONTENT_SHARE * content + DELIVERY_SHARE * delivery * relevance(content))


def _rate(count: int, words: int) -> float:
    """Per 100 words, over at least RATE_FLOOR words (so short answers simply use the count)."""
    return count * 100.0 / max(words, RATE_FLOOR)


def delivery_breakdown(delivery: Delivery) -> tuple[tuple[str, float], ...]:
    """The signed points that make up the delivery score, each with what it is for."""
    words = delivery.words
    if words == 0:
        return (("empty answer", 0.0),)
    items: list[tuple[str, float]] = [("base", DELIVERY_BASE)]
    figures = (
        ("energy words", delivery.energy_words, ENERGY_POINTS, ENERGY_MAX),
        ("filled pauses", delivery.filled_pauses, -PAUSE_POINTS, PAUSE_MAX),
        ("fillers", delivery.discourse_markers, -MARKER_POINTS, MARKER_MAX),
        ("hedges", delivery.hedges, -HEDGE_POINTS, HEDGE_MAX),
    )
    for label, count, points, cap in figures:
        if count:
            value = points * _rate(count, words)
            items.append((label, max(-cap, min(cap, value))))
    if words < SHORT_WORDS:
        items.append(("short answer", -min(SHORT_MAX, SHORT_POINTS * (SHORT_WORDS - words))))
    seconds, limit = delivery.seconds, delivery.time_limit
    if seconds is not None and limit:
        if seconds > limit:
            over = OVERTIME_BASE + OVERTIME_SCALE * (seconds - limit) / limit
            items.append(("over time", -min(OVERTIME_MAX, over)))
        elif seconds < QUICK_SHARE * limit:
            items.append(("very quick answer", -QUICK_POINTS))
    return tuple(items)


def delivery_score(delivery: Delivery) -> float:
    """0-100 from the delivery figures (see `delivery_breakdown`), one decimal."""
    total = sum(points for _label, points in delivery_breakdown(delivery))
    return round1(max(0.0, min(100.0, total)))
