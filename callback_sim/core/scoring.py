"""Score one answer: rubric coverage with evidence, delivery figures, a 0-100 total, feedback.

Every point is traceable: content comes from matched rubric and avoid terms (each with the
exact span of the answer that matched), delivery from counted figures. docs/scoring.md gives
the formulas with a worked example. Scores describe coverage and delivery, not hiring odds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from callback_sim.core.models import Delivery, Question, RubricTerm, Score, TermResult
from callback_sim.core.text import PhraseSet, Scan, phrase_set, scan, stem, word_set

#: Stored with every scored answer; raise it whenever a change moves any score.
SCORER_VERSION = 1

# Weights and limits of the formulas; docs/scoring.md repeats them for hand recomputation.
CONTENT_SHARE = 0.7
DELIVERY_SHARE = 0.3
#: Content points lost per unit of weight of each avoid-term found.
AVOID_POINTS = 10.0
#: Highest content score while a required term is missing.
REQUIRED_CAP = 50.0
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

MAX_FEEDBACK = 3

# ---------------------------------------------------------------------------------------------
# Rubric matching.


@dataclass(frozen=True)
class _CompiledTerms:
    terms: tuple[RubricTerm, ...]
    phrases: PhraseSet
    ranges: tuple[tuple[int, int], ...]  # each term's slice of `phrases.phrases`


@lru_cache(maxsize=512)
def _compile(terms: tuple[RubricTerm, ...]) -> _CompiledTerms:
    """All phrases of a rubric in one PhraseSet; the frozen terms tuple is the cache key."""
    phrases: list[str] = []
    ranges = []
    for term in terms:
        ranges.append((len(phrases), len(phrases) + len(term.phrases)))
        phrases.extend(term.phrases)
    return _CompiledTerms(terms, phrase_set(tuple(phrases)), tuple(ranges))


def round1(value: float) -> float:
    """One decimal, halves up, as a person rounds by hand (73.35 -> 73.4, not float's 73.3)."""
    # round(value, 9) first removes float noise such as 73.34999999999999.
    return float(Decimal(repr(round(value, 9))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _number(value: float) -> float:
    """3.0 -> 3 so JSON shows weights and seconds the way the bank and user wrote them."""
    return int(value) if float(value).is_integer() else value


def _match(terms: Sequence[RubricTerm], text: Scan) -> tuple[TermResult, ...]:
    compiled = _compile(tuple(terms))
    hits = compiled.phrases.best(text)
    results = []
    for term, (low, high) in zip(compiled.terms, compiled.ranges, strict=True):
        best: tuple[int, int, int] | None = None  # (quality, start, phrase index)
        for index in range(low, high):
            hit = hits[index]
            if hit is not None and (best is None or (hit.quality, hit.start) < best[:2]):
                best = (hit.quality, hit.start, index)
        if best is None:
            results.append(
                TermResult(term.label, _number(term.weight), False, required=term.required)
            )
            continue
        hit = hits[best[2]]
        assert hit is not None
        results.append(
            TermResult(
                label=term.label,
                weight=_number(term.weight),
                matched=True,
                evidence=text.text[hit.start : hit.end],
                phrase=compiled.phrases.phrases[best[2]],
                span=(hit.start, hit.end),
                required=term.required,
            )
        )
    return tuple(results)


def match_terms(terms: Sequence[RubricTerm], answer: str) -> tuple[TermResult, ...]:
    """Each term found or not in `answer`, with the matching phrase and its exact span."""
    return _match(terms, scan(answer))


# ---------------------------------------------------------------------------------------------
# Delivery figures.

_FILLED_PAUSE_RE = re.compile(r"^(?:u+h+m*|u+m+|e+r+m*|e+h*m+|h+m+)$")
_SENTENCE_END_RE = re.compile(r"[.!?…]")

_HEDGES: tuple[tuple[str, ...], ...] = (
    ("kind", "of"),
    ("sort", "of"),
    ("kinda",),
    ("sorta",),
    ("i", "guess"),
    ("maybe",),
    ("i", "think"),
    ("probably",),
    ("perhaps",),
    ("i", "suppose"),
    ("i", "believe"),
    ("possibly",),
    ("somewhat",),
    ("not", "sure"),
    ("i", "feel", "like"),
    ("more", "or", "less"),
    ("hopefully",),
    ("a", "little", "bit"),
    ("i", "would", "say"),
    ("id", "say"),
    ("might", "be"),
    ("to", "some", "extent"),
)
# "what kind of", "this sort of tool": a noun phrase, not a hedge.
_KIND_OF_NOUN = word_set(
    "what whats this that the a an any some which every these those same one other another "
    "different each no your my our their its his her right new first last only all many"
)
# "I think about", "I think of": thinking, not hedging.
_THINK_NOT_HEDGE = word_set("about of through back")

_MARKERS: tuple[tuple[str, ...], ...] = (
    ("you", "know"),
    ("i", "mean"),
    ("basically",),
    ("literally",),
    ("so", "yeah"),
    ("or", "whatever"),
)
# "do you know", "let you know", "as you know": a real question or statement.
_YOU_KNOW_NOT_MARKER = word_set(
    "do did dont didnt does doesnt if let to will would wouldnt as what how"
)
# "I would like", "looks like", "things like", "like to": "like" doing its normal job.
_LIKE_NOT_FILLER = word_set(
    "would wouldnt id wed youd theyd hed shed should could might feel feels felt feeling look "
    "looks looked looking seem seems seemed sound sounds sounded something anything nothing "
    "everything things thing stuff more most much really also dont didnt doesnt do does did "
    "not i we you they people lot"
)
# "I was like", "and like", "so like": the filler use.
_LIKE_FILLER_AFTER = word_set(
    "was were its and so but um uh er like just literally basically totally then"
)

_ENERGY_WORDS = word_set(
    "excited exciting excite excitement thrilled thrilling love loved loving energised energized "
    "energising energizing energetic passionate passion enthusiastic enthusiasm eager delighted "
    "inspired inspiring fascinated fascinating amazing fantastic keen motivated motivating proud "
    "fun thrive thriving glad happy"
)
_ENERGY_STEMS = frozenset(stem(word) for word in _ENERGY_WORDS)
_ENERGY_PHRASES: tuple[tuple[str, ...], ...] = (
    ("cant", "wait"),
    ("looking", "forward"),
    ("look", "forward"),
    ("fired", "up"),
)


@dataclass(frozen=True)
class _Counts:
    filled_pauses: int
    discourse_markers: int
    hedges: int
    energy_words: int
    hedge_examples: tuple[str, ...]
    pause_examples: tuple[str, ...]


def _starts_with(keys: list[str], index: int, sequence: tuple[str, ...]) -> bool:
    return tuple(keys[index : index + len(sequence)]) == sequence


def _sentence_start(text: Scan, index: int) -> bool:
    return index == 0 or bool(_SENTENCE_END_RE.search(text.gap(index - 1, index)))


def _filler_like(text: Scan, index: int) -> bool:
    """Is this "like" a filler ("it was, like, huge") rather than a verb or comparison?"""
    keys = text.keys
    nxt = keys[index + 1] if index + 1 < len(keys) else None
    if nxt == "to":
        return False
    prev = None if _sentence_start(text, index) else keys[index - 1]
    if prev in _LIKE_NOT_FILLER:
        return False
    comma_before = index > 0 and "," in text.gap(index - 1, index)
    comma_after = nxt is not None and "," in text.gap(index, index + 1)
    if comma_before or comma_after or prev in _LIKE_FILLER_AFTER:
        return True
    # "like 20 people": an approximation filler.
    return nxt is not None and nxt[:1].isdigit()


_TRIGGERS = frozenset(p[0] for p in (*_HEDGES, *_MARKERS, *_ENERGY_PHRASES)) | {"like"}


def _count(text: Scan) -> _Counts:
    """One pass over the tokens counting pauses, markers, hedges and energy words."""
    keys, stems = text.keys, text.stems
    pauses = markers = hedges = energy = 0
    hedge_examples: dict[str, str] = {}  # lower-case -> as first said
    pause_examples: dict[str, None] = {}
    for index, key in enumerate(keys):
        if stems[index] in _ENERGY_STEMS:
            energy += 1
            continue
        if key[:1] in "uehm" and len(key) <= 6 and _FILLED_PAUSE_RE.match(key):
            raw = text.text[text.starts[index] : text.ends[index]]
            if not (len(raw) > 1 and raw.isupper()):  # "ER" the ward, not "er"
                pauses += 1
                pause_examples.setdefault(key)
            continue
        if key not in _TRIGGERS:
            continue  # most words: nothing more to check
        if key == "like":
            markers += _filler_like(text, index)
            continue
        energy += sum(_starts_with(keys, index, p) for p in _ENERGY_PHRASES)
        prev = None if _sentence_start(text, index) else keys[index - 1]
        after = keys[index + 2] if index + 2 < len(keys) else None
        for phrase in _MARKERS:
            if key != phrase[0] or not _starts_with(keys, index, phrase):
                continue
            if phrase == ("you", "know") and prev in _YOU_KNOW_NOT_MARKER:
                continue
            if phrase == ("i", "mean") and prev == "what":
                continue
            markers += 1
        for phrase in _HEDGES:
            if key != phrase[0] or not _starts_with(keys, index, phrase):
                continue
            if phrase[1:] == ("of",) and prev in _KIND_OF_NOUN:
                continue
            if phrase == ("i", "think") and after in _THINK_NOT_HEDGE:
                continue
            hedges += 1
            end = text.ends[index + len(phrase) - 1]
            said = text.text[text.starts[index] : end]
            hedge_examples.setdefault(said.lower(), said)
    return _Counts(
        pauses,
        markers,
        hedges,
        energy,
        tuple(hedge_examples.values())[:3],
        tuple(pause_examples)[:3],
    )


def _delivery(
    text: Scan, seconds: float | None, time_limit: int | None
) -> tuple[Delivery, _Counts]:
    counts = _count(text)
    delivery = Delivery(
        words=text.word_count,
        seconds=None if seconds is None else _number(round1(float(seconds))),
        time_limit=time_limit,
        filled_pauses=counts.filled_pauses,
        discourse_markers=counts.discourse_markers,
        hedges=counts.hedges,
        energy_words=counts.energy_words,
    )
    return delivery, counts


def delivery_figures(answer: str, *, seconds: float | None, time_limit: int | None) -> Delivery:
    """Words, timing and counted pauses, markers, hedges and energy words of `answer`."""
    return _delivery(scan(answer), seconds, time_limit)[0]


# ---------------------------------------------------------------------------------------------
# Scores.


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
        ("discourse markers", delivery.discourse_markers, -MARKER_POINTS, MARKER_MAX),
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


def content_score(terms: Sequence[TermResult], avoid: Sequence[TermResult], words: int) -> float:
    """Weighted rubric coverage minus avoid-terms, capped while a required term is missing."""
    if words == 0:
        return 0.0
    total = sum(t.weight for t in terms)
    found = sum(t.weight for t in terms if t.matched)
    coverage = 100.0 * found / total if total else 100.0
    penalty = AVOID_POINTS * sum(t.weight for t in avoid if t.matched)
    value = max(0.0, coverage - penalty)
    if any(t.required and not t.matched for t in terms):
        value = min(value, REQUIRED_CAP)
    return round1(value)


def total_score(content: float, delivery: float) -> float:
    """The 0-100 total from the (rounded) content and delivery scores."""
    return round1(CONTENT_SHARE * content + DELIVERY_SHARE * delivery)


# ---------------------------------------------------------------------------------------------
# Feedback.


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _looks_for(term: RubricTerm) -> str:
    phrases = ", ".join(f'"{p}"' for p in term.phrases[:3])
    return f"the rubric looks for {phrases}" if phrases else "the rubric has no phrases for it"


def _feedback(
    question: Question,
    terms: tuple[TermResult, ...],
    avoid: tuple[TermResult, ...],
    delivery: Delivery,
    counts: _Counts,
) -> tuple[str, ...]:
    """One to three concrete lines: what was missing, what cost points, what to change."""
    if delivery.words == 0:
        heaviest = max(question.rubric, key=lambda t: t.weight, default=None)
        tail = f"; {_looks_for(heaviest)}" if heaviest else ""
        return (f"The answer is empty: give your point and one concrete example{tail}.",)

    content: list[str] = []
    for result, term in zip(terms, question.rubric, strict=True):
        if result.required and not result.matched:
            content.append(f'Cover "{result.label}" — it is required; {_looks_for(term)}.')
    for result in avoid:
        if result.matched:
            lost = AVOID_POINTS * result.weight
            content.append(
                f'Drop "{result.evidence}" ({result.label}) — it cost {lost:g} content points.'
            )
    missing = sorted(
        (pair for pair in zip(terms, question.rubric, strict=True) if not pair[0].matched),
        key=lambda pair: -pair[1].weight,
    )
    for result, term in missing:
        if not result.required:
            content.append(f'Missing "{result.label}" — {_looks_for(term)}.')

    # Delivery advice, biggest cost first.
    advice: list[tuple[float, str]] = []
    for label, points in delivery_breakdown(delivery):
        if points >= 0:
            continue
        if label == "over time" and delivery.seconds is not None:
            over = delivery.seconds - (delivery.time_limit or 0)
            text = (
                f"You ran {over:.0f} s over the {delivery.time_limit} s limit — "
                "lead with the result and cut the backstory."
            )
        elif label == "very quick answer":
            text = "You used very little of the time — add one concrete example and its result."
        elif label == "short answer":
            words = _plural(delivery.words, "word")
            text = f"Only {words} — add one concrete example and its result."
        elif label == "filled pauses":
            said = ", ".join(f'"{p}"' for p in counts.pause_examples)
            count = _plural(delivery.filled_pauses, "filled pause")
            text = f"{count} ({said}) — pause silently instead."
        elif label == "discourse markers":
            count = _plural(delivery.discourse_markers, "filler")
            text = f'{count} such as "you know", "I mean" or "like" — drop them.'
        else:
            said = ", ".join(f'"{h}"' for h in counts.hedge_examples)
            text = f"{_plural(delivery.hedges, 'hedge')} ({said}) — say it plainly and own it."
        advice.append((points, text))
    advice.sort(key=lambda item: item[0])
    if not delivery.energy_words and delivery.words >= SHORT_WORDS:
        advice.append(
            (0.0, 'Let your interest show: say what excites you ("excited", "can\'t wait").')
        )
    delivery_lines = [text for _points, text in advice]

    # Mostly content, but the worst delivery problem gets a line when there is one.
    lines = content[:2] + delivery_lines[:1]
    rest = content[2:] + delivery_lines[1:]
    lines += rest[: MAX_FEEDBACK - len(lines)]
    if not lines:
        lines = ["Every rubric point is covered — keep this structure and pace."]
    return tuple(lines[:MAX_FEEDBACK])


# ---------------------------------------------------------------------------------------------


def score_answer(
    question: Question,
    answer: str,
    *,
    seconds: float | None = None,
    time_limit: int | None = None,
) -> Score:
    """Score `answer` to `question`: content, delivery, total (0-100), evidence and feedback.

    `time_limit` defaults to the question's; `seconds=None` means untimed (no timing penalty).
    """
    limit = question.time_limit if time_limit is None else time_limit
    text = scan(answer)
    terms = _match(question.rubric, text)
    avoid = _match(question.avoid, text)
    delivery, counts = _delivery(text, seconds, limit)
    content = content_score(terms, avoid, delivery.words)
    spoken = delivery_score(delivery)
    score = Score(
        question_id=question.id,
        score=total_score(content, spoken),
        content_score=content,
        delivery_score=spoken,
        terms=terms,
        avoid=avoid,
        delivery=delivery,
        feedback=_feedback(question, terms, avoid, delivery, counts),
    )
    if question.claims:
        # Seeded questions: figures, names and dates that drift from round one are flagged.
        from dataclasses import replace

        from callback_sim.core.seeding import check_consistency

        flags = check_consistency(question.claims, answer)
        if flags:
            score = replace(score, consistency=flags, feedback=(flags[0], *score.feedback[:2]))
    return score
