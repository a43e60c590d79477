"""Delivery figures: words, timing, filled pauses, fillers (discourse markers), hedges, energy.

Counted in one pass over the scanned tokens; docs/scoring.md lists what counts as each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from callback_sim.core.models import Delivery
from callback_sim.core.scoring.formula import plain_number, round1
from callback_sim.core.text import NUMBER_WORDS, Scan, scan, stem, word_set

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
# "She'd probably say", "they would likely tell you": guessing what someone else would say is
# an honest estimate of their words, not a hedge on the speaker's own claim.
_OTHERS_WOULD = word_set("shed hed theyd")
_OTHERS = word_set(
    "she he they manager boss lead director everyone people team colleagues reports "
    "references reference customers clients"
)
_GUESS_HEDGES = word_set("probably maybe perhaps possibly")


def _guessing_others(keys: list[str], index: int) -> bool:
    """Is the hedge at `index` a guess at what someone else would say ("she'd probably")?"""
    prev = keys[index - 1] if index else ""
    if prev in _OTHERS_WOULD:
        return True
    return prev == "would" and index > 1 and keys[index - 2] in _OTHERS


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
# ", like a quarter-end", ", like our billing team": "like" giving an example ("such as").
_LIKE_EXAMPLE_NEXT = word_set("a an the our my their his her your its this that these those")
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
ENERGY_STEMS = frozenset(stem(word) for word in _ENERGY_WORDS)
ENERGY_PHRASES: tuple[tuple[str, ...], ...] = (
    ("cant", "wait"),
    ("looking", "forward"),
    ("look", "forward"),
    ("fired", "up"),
)


@dataclass(frozen=True)
class Counts:
    filled_pauses: int
    discourse_markers: int
    hedges: int
    energy_words: int
    hedge_examples: tuple[str, ...]
    pause_examples: tuple[str, ...]
    marker_examples: tuple[str, ...] = ()


# "about 40%", "roughly half", "maybe a third": estimates, which are not hedges.
_APPROXIMATORS = word_set("about roughly around approximately nearly almost close to some")
_FRACTIONS = word_set("half third thirds quarter quarters double twice triple dozen")


def _estimate_follows(keys: list[str], index: int) -> bool:
    """Do the words from `index` give a figure ("40", "roughly half", "about a third")?"""
    while index < len(keys) and (keys[index] in _APPROXIMATORS or keys[index] in ("a", "an")):
        index += 1
    if index >= len(keys):
        return False
    key = keys[index]
    return key[:1].isdigit() or key in NUMBER_WORDS or key in _FRACTIONS


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
    if comma_before and not comma_after and nxt in _LIKE_EXAMPLE_NEXT:
        return False  # "a busy period, like a quarter-end": "such as"
    if comma_before or comma_after or prev in _LIKE_FILLER_AFTER:
        return True
    # "like 20 people": an approximation filler.
    return nxt is not None and nxt[:1].isdigit()


_TRIGGERS = frozenset(p[0] for p in (*_HEDGES, *_MARKERS, *ENERGY_PHRASES)) | {"like"}


def _by_first_word(
    phrases: tuple[tuple[str, ...], ...],
) -> dict[str, tuple[tuple[str, ...], ...]]:
    """The phrases by their first word, each word's in their listed order."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        grouped.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(group) for word, group in grouped.items()}


# Each trigger word's own phrases, so a word is checked only against those it can start.
_HEDGES_AT = _by_first_word(_HEDGES)
_MARKERS_AT = _by_first_word(_MARKERS)
_ENERGY_AT = _by_first_word(ENERGY_PHRASES)


def _pause_like(key: str) -> bool:
    return key[:1] in "uehm" and len(key) <= 6 and bool(_FILLED_PAUSE_RE.match(key))


def _candidates(text: Scan) -> list[int]:
    """The tokens `_count` has anything to do at, in order: energy words, filled pauses and
    the first words of hedges, markers and energy phrases (from the scan's indexes, so each
    distinct word is tested once; every other token is skipped by `_count` anyway)."""
    found: list[int] = []
    by_key = text.key_positions()
    for key in by_key:
        if key in _TRIGGERS or _pause_like(key):
            found.extend(by_key[key])
    by_stem = text.positions()
    for stemmed in by_stem.keys() & ENERGY_STEMS:
        found.extend(by_stem[stemmed])
    return sorted(set(found))


def _count(text: Scan) -> Counts:
    """One pass over the tokens counting pauses, markers, hedges and energy words."""
    keys, stems = text.keys, text.stems
    pauses = markers = hedges = energy = 0
    hedge_examples: dict[str, str] = {}  # lower-case -> as first said
    pause_examples: dict[str, None] = {}
    marker_examples: dict[str, str] = {}  # lower-case -> as first said

    def said(first: int, size: int) -> str:
        return " ".join(text.text[text.starts[first] : text.ends[first + size - 1]].split())

    for index in _candidates(text):
        key = keys[index]
        if stems[index] in ENERGY_STEMS:
            energy += 1
            continue
        if _pause_like(key):
            raw = text.text[text.starts[index] : text.ends[index]]
            if not (len(raw) > 1 and raw.isupper()):  # "ER" the ward, not "er"
                pauses += 1
                pause_examples.setdefault(key)
            continue
        if key not in _TRIGGERS:
            continue  # most words: nothing more to check
        if key == "like":
            if _filler_like(text, index):
                markers += 1
                marker_examples.setdefault("like", said(index, 1))
            continue
        energy += sum(_starts_with(keys, index, p) for p in _ENERGY_AT.get(key, ()))
        markers_here, hedges_here = _MARKERS_AT.get(key, ()), _HEDGES_AT.get(key, ())
        if not markers_here and not hedges_here:
            continue
        prev = None if _sentence_start(text, index) else keys[index - 1]
        after = keys[index + 2] if index + 2 < len(keys) else None
        for phrase in markers_here:
            if not _starts_with(keys, index, phrase):
                continue
            if phrase == ("you", "know") and prev in _YOU_KNOW_NOT_MARKER:
                continue
            if phrase == ("i", "mean") and prev == "what":
                continue
            markers += 1
            spoken = said(index, len(phrase))
            marker_examples.setdefault(spoken.lower(), spoken)
        for phrase in hedges_here:
            if not _starts_with(keys, index, phrase):
                continue
            if phrase[1:] == ("of",) and prev in _KIND_OF_NOUN:
                continue
            if phrase == ("i", "think") and after in _THINK_NOT_HEDGE:
                continue
            if _estimate_follows(keys, index + len(phrase)):
                continue  # "maybe 40%", "I'd say roughly half": an estimate, not a hedge
            if key in _GUESS_HEDGES and _guessing_others(keys, index):
                continue  # "she'd probably say": a guess at someone else's words
            hedges += 1
            spoken = said(index, len(phrase))
            hedge_examples.setdefault(spoken.lower(), spoken)
    return Counts(
        pauses,
        markers,
        hedges,
        energy,
        tuple(hedge_examples.values())[:3],
        tuple(pause_examples)[:3],
        tuple(marker_examples.values())[:3],
    )


def measure_delivery(
    text: Scan, seconds: float | None, time_limit: int | None
) -> tuple[Delivery, Counts]:
    counts = _count(text)
    delivery = Delivery(
        words=text.word_count,
        seconds=None if seconds is None else plain_number(round1(float(seconds))),
        time_limit=time_limit,
        filled_pauses=counts.filled_pauses,
        discourse_markers=counts.discourse_markers,
        hedges=counts.hedges,
        energy_words=counts.energy_words,
    )
    return delivery, counts


def delivery_figures(answer: str, *, seconds: float | None, time_limit: int | None) -> Delivery:
    """Words, timing and counted pauses, markers, hedges and energy words of `answer`."""
    return measure_delivery(scan(answer), seconds, time_limit)[0]
