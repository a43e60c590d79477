"""Feedback for the candidate: one to three plain lines, most useful first.

What was missing (said as what to do, not as rubric internals), what cost points, whether
the answer read as sentences and answered this question, and the worst delivery problem.
"""

from __future__ import annotations

from callback_sim.core.models import Delivery, Gate, Question, RubricTerm, TermResult
from callback_sim.core.scoring.delivery import Counts
from callback_sim.core.scoring.formula import (
    AVOID_POINTS,
    FOCUS_WARN,
    SHORT_WORDS,
    delivery_breakdown,
)
from callback_sim.core.text import counted

MAX_FEEDBACK = 3

OFF_TOPIC = (
    "This does not answer the question asked: speak to it directly, with one example of your own."
)
STRAYS = (
    "Most of this is about something other than the question asked: come back to it and "
    "say how your example answers it."
)
KEYWORD_LIST = "Answer in sentences: a list of keywords earns little."
RECITED = (
    "Make one point a sentence, with what happened: a sentence that ticks off the rubric's "
    "points earns little."
)

ENERGY_NUDGE = 'Let your interest show: say what excites you ("excited", "can\'t wait").'

#: What to do to earn a term that a signal can earn, in the candidate's terms.
SIGNAL_HINTS = {
    "reasoning": 'give the reason, for example "because …" or "so that …"',
    "specifics": "name a figure, a date, a person or a system",
    "ownership": 'say what you did yourself: "I wrote …", "I ran …"',
    "acknowledgement": 'show you took the other side seriously: "her concern was fair"',
    "result": "say what changed as a result, ideally with a number",
    "reflection": "say what you would do differently next time",
    "shortcoming": 'name a real flaw or mistake of your own: "I tend to …", "I underestimated …"',
    "structure": "tell it in order: the situation, what you did, what came of it",
    "example": 'give one real example: "last year at …"',
    "timeline": 'put your plan in time: "in the first 30 days …"',
    "question": 'ask an open question: "how does …", "what …"',
    "enthusiasm": "say what specifically excites you about it, and why",
    "reported": 'say whose words you mean: "when you said …", "your team lead mentioned …"',
    "candour": 'say it plainly: "to be honest …", "I\'ll be straight with you …"',
    "offer": 'offer something concrete: "I\'m happy to …", "I could cover …"',
}


def hint(term: RubricTerm) -> str:
    """How to cover a term, in plain words: its signal's advice or two example wordings."""
    if term.signals:
        return SIGNAL_HINTS[term.signals[0]]
    if not term.phrases:
        return "cover it in your own words"
    examples = " or ".join(f'"{p}"' for p in term.phrases[:2])
    return f"for example say {examples}"


def asks_for_energy(question: Question) -> bool:
    """Whether the question is one where the interviewer listens for enthusiasm: an
    enthusiasm question, or one whose rubric looks for the enthusiasm signal. (Nobody wants
    to hear "excited" in an answer about when references can be called.)"""
    return question.category == "enthusiasm" or any(
        "enthusiasm" in term.signals for term in question.rubric
    )


def _flat(question: Question, terms: tuple[TermResult, ...], gate: Gate) -> bool:
    """Whether to ask for energy: the question listens for it, the answer speaks to the
    question, and the rubric's enthusiasm terms (if it has any) are not all earned already
    (an answer whose interest shows in what it is drawn to needs no "excited")."""
    keen = [
        result.matched
        for result, term in zip(terms, question.rubric, strict=True)
        if "enthusiasm" in term.signals
    ]
    return asks_for_energy(question) and gate.on_topic > 0 and not (keen and all(keen))


def _delivery_advice(delivery: Delivery, counts: Counts, energy: bool) -> list[str]:
    """Delivery problems, biggest cost first, then (when `energy`) a nudge to show it."""
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
            words = counted(delivery.words, "word")
            text = f"Only {words} — add one concrete example and its result."
        elif label == "filled pauses":
            said = ", ".join(f'"{p}"' for p in counts.pause_examples)
            count = counted(delivery.filled_pauses, "filled pause")
            text = f"{count} ({said}) — pause silently instead."
        elif label == "fillers":
            said = ", ".join(f'"{m}"' for m in counts.marker_examples)
            them = "it" if delivery.discourse_markers == 1 else "them"
            text = f"{counted(delivery.discourse_markers, 'filler')} ({said}) — drop {them}."
        else:
            said = ", ".join(f'"{h}"' for h in counts.hedge_examples)
            text = f"{counted(delivery.hedges, 'hedge')} ({said}) — say it plainly and own it."
        advice.append((points, text))
    advice.sort(key=lambda item: item[0])
    if energy and not delivery.energy_words and delivery.words >= SHORT_WORDS:
        advice.append((0.0, ENERGY_NUDGE))
    return [text for _points, text in advice]


def feedback(
    question: Question,
    terms: tuple[TermResult, ...],
    avoid: tuple[TermResult, ...],
    delivery: Delivery,
    counts: Counts,
    gate: Gate,
) -> tuple[str, ...]:
    """One to three concrete lines: what was missing, what cost points, what to change."""
    if delivery.words == 0:
        heaviest = max(question.rubric, key=lambda t: t.weight, default=None)
        tail = f": {hint(heaviest)}" if heaviest else ""
        return (f"The answer is empty — give your point and one concrete example{tail}.",)

    content: list[str] = []
    if question.rubric and gate.on_topic == 0:
        content.append(OFF_TOPIC)
    elif gate.focus < FOCUS_WARN:
        content.append(STRAYS)
    # A phrase found in a keyword list is cut; a term earned in other words ("meaning") has
    # its own, lower credit and says nothing about lists.
    listed = any(t.matched and t.cut == "list" for t in terms)
    recited = any(t.matched and t.cut == "recited" for t in terms)
    if listed or (gate.well_formedness < 1 and not recited):
        content.append(KEYWORD_LIST)
    if recited:
        content.append(RECITED)
    for result, term in zip(terms, question.rubric, strict=True):
        if result.required and not result.matched:
            content.append(f'Cover "{result.label}" — it is required: {hint(term)}.')
    for result in avoid:
        if result.matched:
            lost = AVOID_POINTS * result.weight
            said = (result.evidence if result.source == "phrase" else None) or result.label
            content.append(f'Drop "{said}" ({result.label}) — it cost {lost:g} content points.')
    missing = sorted(
        (pair for pair in zip(terms, question.rubric, strict=True) if not pair[0].matched),
        key=lambda pair: -pair[1].weight,
    )
    for result, term in missing:
        if len(content) >= MAX_FEEDBACK:
            break  # no more content lines can be shown (see below)
        if not result.required:
            content.append(f'Missing "{result.label}" — {hint(term)}.')

    delivery_lines = _delivery_advice(delivery, counts, _flat(question, terms, gate))
    if any(SIGNAL_HINTS["enthusiasm"] in line for line in content[:MAX_FEEDBACK]):
        # A missing enthusiasm term already says it ("say what specifically excites you").
        delivery_lines = [line for line in delivery_lines if line != ENERGY_NUDGE]
    # Mostly content, but the worst delivery problem gets a line when there is one.
    lines = content[:2] + delivery_lines[:1]
    rest = content[2:] + delivery_lines[1:]
    lines += rest[: MAX_FEEDBACK - len(lines)]
    if not lines:
        lines = ["Every rubric point is covered — keep this structure and pace."]
    return tuple(lines[:MAX_FEEDBACK])
